// What a fine-tuning job *is*: the inputs that change the trained model. A change to any of these retrains
// (replace); everything else (wait policy, metadata, file ids with the same bytes, estimates) is in place.
// The identity is canonical: every spelling that sends Azure the same request is one identity (a short base
// model name and its dated form, "auto" and absent, a number and its string, key order, a tier's casing).

import { identityHyperparameters, type MethodType } from "../../azure/methods";
import { canonicalModelName } from "../../azure/models";
import { seedFromTag } from "../../foundry/job-identity";
import { sha256Hex, stableJson } from "../shared/stable-json";
import { isUnknown } from "../shared/unknown";

export interface MethodInput {
  type: MethodType;
  hyperparameters: Record<string, number | "auto">;
}

export interface TrainingIdentity {
  baseModel: string;
  trainingFileSha256: string;
  validationFileSha256?: string;
  method: MethodInput;
  seed?: number;
  suffix?: string;
  trainingType: string;
}

/**
 * The method's identity hyperparameters (azure/methods.ts), each present: missing means "auto"; numbers given
 * as strings are numbers; so echoes never diff. Keys the method does not take are left out.
 */
export function normalizeMethod(method: {
  type: MethodInput["type"];
  hyperparameters?: Record<string, unknown>;
}): MethodInput {
  const hyperparameters: Record<string, number | "auto"> = {};
  for (const key of identityHyperparameters(method.type)) {
    const value = method.hyperparameters?.[key];
    if (value === undefined || value === null || value === "auto") hyperparameters[key] = "auto";
    else if (typeof value === "number") hyperparameters[key] = value;
    else if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
      hyperparameters[key] = Number(value);
    else hyperparameters[key] = value as never; // an unknown sentinel during preview: kept, diffs as a change
  }
  return { type: method.type, hyperparameters };
}

export function identityOf(inputs: TrainingIdentity): TrainingIdentity {
  return {
    // The dated name Azure answers with (azure/models.ts); an unknown sentinel stays as it is.
    baseModel: isUnknown(inputs.baseModel) ? inputs.baseModel : canonicalModelName(inputs.baseModel),
    trainingFileSha256: inputs.trainingFileSha256,
    ...(inputs.validationFileSha256 ? { validationFileSha256: inputs.validationFileSha256 } : {}),
    method: normalizeMethod(inputs.method),
    ...(inputs.seed !== undefined ? { seed: inputs.seed } : {}),
    ...(inputs.suffix ? { suffix: inputs.suffix } : {}),
    trainingType: String(inputs.trainingType).toLowerCase(),
  };
}

export function identityHash(identity: TrainingIdentity): string {
  return sha256Hex(stableJson(identityOf(identity)));
}

/**
 * The seed sent when the config sets none: derived from the training identity alone (not the stack or the
 * resource), so the same training asked anywhere on the account sends the same request, and a job that
 * carries it proves the whole identity on a surface that drops metadata (resources/fine-tuning-job/reuse.ts).
 */
export function derivedSeed(identity: TrainingIdentity): number {
  return seedFromTag(identityHash(identity));
}

/** The metadata key carrying the identity hash, where a surface keeps metadata (v1). */
export const IDENTITY_TAG_KEY = "foundry-finetune-identity";

/**
 * The value of the metadata tag that makes job creation idempotent: the same stack, resource and training
 * identity always give the same tag, so a job submitted by an interrupted `up` is found and adopted.
 */
export function jobTag(stack: string, resourceName: string, identity: TrainingIdentity): string {
  return sha256Hex(`${stack}\u0000${resourceName}\u0000${identityHash(identity)}`).slice(0, 40);
}

export const JOB_TAG_KEY = "foundry-finetune";

const short = (sha: string | undefined) => (sha ? sha.slice(0, 8) : "none");

/** Why the training identity changed, in words a reviewer reads; empty when it did not. */
export function retrainReasons(olds: TrainingIdentity, news: TrainingIdentity): { keys: string[]; reasons: string[] } {
  const before = identityOf(olds);
  const after = identityOf(news);
  const keys: string[] = [];
  const reasons: string[] = [];
  const changed = (key: string, reason: string) => {
    keys.push(key);
    reasons.push(reason);
  };
  if (isUnknown(after.baseModel)) changed("baseModel", `base model will be known after its upstream model trains`);
  else if (before.baseModel !== after.baseModel)
    changed("baseModel", `base model ${before.baseModel} -> ${after.baseModel}`);
  if (before.trainingFileSha256 !== after.trainingFileSha256) {
    changed(
      "trainingFileSha256",
      `training data changed (sha256 ${short(before.trainingFileSha256)} -> ${short(after.trainingFileSha256)})`,
    );
  }
  if (before.validationFileSha256 !== after.validationFileSha256) {
    changed(
      "validationFileSha256",
      `validation data changed (sha256 ${short(before.validationFileSha256)} -> ${short(after.validationFileSha256)})`,
    );
  }
  if (before.method.type !== after.method.type)
    changed("method", `method ${before.method.type} -> ${after.method.type}`);
  else {
    for (const key of Object.keys(after.method.hyperparameters)) {
      const a = before.method.hyperparameters[key];
      const b = after.method.hyperparameters[key];
      if (isUnknown(b)) changed("method", `${key} ${a} -> a value known only after an upstream resource updates`);
      else if (a !== b) changed("method", `${key} ${a} -> ${b}`);
    }
  }
  if (before.seed !== after.seed) changed("seed", `seed ${before.seed ?? "random"} -> ${after.seed ?? "random"}`);
  if (before.suffix !== after.suffix)
    changed("suffix", `suffix ${before.suffix ?? "none"} -> ${after.suffix ?? "none"}`);
  if (before.trainingType !== after.trainingType)
    changed("trainingType", `training type ${before.trainingType} -> ${after.trainingType}`);
  return { keys: [...new Set(keys)], reasons };
}
