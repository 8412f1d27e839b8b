// From what a program declares for a `foundry:index:*` resource (the schema's inputs) to the contract inputs the
// CRUD code in resources/<kind>/ takes. Pure. The plugin fills what the dynamic path's resource classes fill
// (the URN, stack and resource name), and the defaults the stack config's schema would give.

import { METHOD_TYPES, type MethodType } from "../azure/methods";
import { defaultTrainingTier } from "../azure/model-tiers";
import type { EvaluationInputs } from "../resources/evaluation/contract";
import type { JobInputs } from "../resources/fine-tuning-job/contract";
import { normalizeMethod } from "../resources/fine-tuning-job/identity";
import type { DeploymentInputs } from "../resources/model-deployment/contract";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { isUnknown, UNKNOWN } from "../resources/shared/unknown";
import type { TrainingFileInputs } from "../resources/training-file/contract";
import type { UrnParts } from "./urn";

export type Declared = Record<string, unknown>;
export interface Failure {
  property: string;
  reason: string;
}

const DEFAULT_WAIT = { enabled: true, timeoutMinutes: 24 * 60 };

/** The data's identity when a program gives only a file id: the id itself (another upload retrains). */
function identityOfFileId(fileId: unknown): string {
  return isUnknown(fileId) ? UNKNOWN : `file-id:${fileId}`;
}

function required(declared: Declared, keys: string[]): Failure[] {
  return keys
    .filter((k) => declared[k] === undefined || declared[k] === null || declared[k] === "")
    .map((property) => ({ property, reason: `${property} is required` }));
}

export function trainingFileInputs(
  urn: UrnParts,
  declared: Declared,
  target: TargetInputs,
  sha256: string,
): TrainingFileInputs {
  return {
    target,
    path: String(declared.path),
    purpose: "fine-tune",
    sha256,
    ...(typeof declared.bytes === "number" ? { bytes: declared.bytes } : {}),
    ...(typeof declared.examples === "number" ? { examples: declared.examples } : {}),
    ...(declared.contentUrl ? { contentUrl: String(declared.contentUrl) } : {}),
    retainOnDelete: declared.retainOnDelete === true,
    resourceUrn: urn.urn,
  };
}

export function jobInputs(
  urn: UrnParts,
  declared: Declared,
  target: TargetInputs,
): { inputs?: JobInputs; failures: Failure[] } {
  const failures = required(declared, ["baseModel", "trainingFileId"]);
  const method = (declared.method ?? { type: "supervised" }) as {
    type?: string;
    hyperparameters?: Record<string, unknown>;
  };
  if (!METHOD_TYPES.includes(method.type as MethodType))
    failures.push({ property: "method.type", reason: `must be one of ${METHOD_TYPES.join(", ")}` });
  if (failures.length > 0) return { failures };
  const baseModel = String(declared.baseModel);
  const inputs: JobInputs = {
    target,
    resourceUrn: urn.urn,
    stack: (declared.stack as string | undefined) ?? `${urn.project}/${urn.stack}`,
    resourceName: (declared.resourceName as string | undefined) ?? urn.name,
    modelName: (declared.modelName as string | undefined) ?? urn.name,
    baseModel,
    trainingFileId: String(declared.trainingFileId),
    trainingFileSha256:
      (declared.trainingFileSha256 as string | undefined) ?? identityOfFileId(declared.trainingFileId),
    ...(declared.validationFileId
      ? {
          validationFileId: String(declared.validationFileId),
          validationFileSha256:
            (declared.validationFileSha256 as string | undefined) ?? identityOfFileId(declared.validationFileId),
        }
      : {}),
    method: normalizeMethod({
      type: method.type as MethodType,
      ...(method.hyperparameters ? { hyperparameters: method.hyperparameters } : {}),
    }),
    ...(declared.seed !== undefined && declared.seed !== null ? { seed: Number(declared.seed) } : {}),
    ...(declared.suffix ? { suffix: String(declared.suffix) } : {}),
    trainingType:
      (declared.trainingType as string | undefined) ??
      (isUnknown(baseModel) ? UNKNOWN : defaultTrainingTier(baseModel)),
    ...(declared.metadata ? { metadata: declared.metadata as Record<string, string> } : {}),
    wait: (declared.wait as JobInputs["wait"] | undefined) ?? DEFAULT_WAIT,
    ...(declared.adoptJobId ? { adoptJobId: String(declared.adoptJobId) } : {}),
    reportsDir: (declared.reportsDir as string | undefined) ?? `reports/out/${urn.stack}/${urn.name}`,
    ...(declared.estimate ? { estimate: declared.estimate as JobInputs["estimate"] } : {}),
    ...(declared.findings ? { findings: declared.findings as JobInputs["findings"] } : {}),
  };
  return { inputs, failures };
}

export function deploymentInputs(
  urn: UrnParts,
  declared: Declared,
  target: TargetInputs,
): { inputs?: DeploymentInputs; failures: Failure[] } {
  const failures = required(declared, ["name"]);
  if (failures.length > 0) return { failures };
  const sku = (declared.sku ?? {}) as { name?: string; capacity?: number };
  const optional = [
    "source",
    "raiPolicyName",
    "jobStatus",
    "jobEstimatedFinish",
    "checkpointRule",
    "checkpointReason",
  ] as const;
  const inputs: DeploymentInputs = {
    target,
    resourceUrn: urn.urn,
    modelName: (declared.modelName as string | undefined) ?? urn.name,
    name: String(declared.name),
    ...(declared.model !== undefined && declared.model !== null ? { model: declared.model as string } : {}),
    sku: { name: sku.name ?? "Standard", capacity: sku.capacity ?? 1 },
    versionUpgradeOption: (declared.versionUpgradeOption as string | undefined) ?? "NoAutoUpgrade",
    ...Object.fromEntries(
      optional.filter((k) => declared[k] !== undefined && declared[k] !== null).map((k) => [k, declared[k]]),
    ),
  };
  return { inputs, failures };
}

export function evaluationInputs(
  urn: UrnParts,
  declared: Declared,
  target: TargetInputs,
  fileSha256: string,
): { inputs?: EvaluationInputs; failures: Failure[] } {
  const failures = required(declared, ["deploymentName", "model", "file"]);
  if (failures.length > 0) return { failures };
  return {
    inputs: {
      target,
      resourceUrn: urn.urn,
      modelName: (declared.modelName as string | undefined) ?? urn.name,
      deploymentName: String(declared.deploymentName),
      model: String(declared.model),
      file: String(declared.file),
      fileSha256,
      maxTokens: typeof declared.maxTokens === "number" ? declared.maxTokens : 200 /* as program/config.ts */,
      ...(declared.swapScores ? { swapScores: declared.swapScores as EvaluationInputs["swapScores"] } : {}),
    },
    failures,
  };
}
