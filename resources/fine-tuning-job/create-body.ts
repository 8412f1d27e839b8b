// FineTuningJob: what a job is asked to train (the create body) and how it is recognised again (its identity).

import { hyperparametersOf } from "../../azure/methods";
import { canonicalModelName } from "../../azure/models";
import type { CreateJobBody } from "../../foundry/data-plane-types";
import { jobMismatches } from "../../foundry/job-check";
import { fingerprintOf, type JobIdentity, seedFromTag } from "../../foundry/job-identity";
import type { JobInputs } from "./contract";
import { derivedSeed, IDENTITY_TAG_KEY, identityHash, JOB_TAG_KEY } from "./identity";
import type { ReuseQuery } from "./reuse";

/**
 * Pure: the job's create body. A short base-model name (gpt-4.1-mini) is sent as the dated name every surface
 * knows; without a configured seed the seed is derived from the training identity, so the job stays
 * recognisable on a surface that drops metadata (foundry/job-identity.ts, ./reuse.ts).
 */
export function createBody(inputs: JobInputs, tag: string): CreateJobBody {
  // The method's catalogue names only (azure/methods.ts); "auto" is left to the service.
  const given = inputs.method.hyperparameters;
  const names = Object.keys(hyperparametersOf(inputs.method.type)).filter(
    (k) => given[k] !== undefined && given[k] !== "auto",
  );
  const hyperparameters = Object.fromEntries(names.map((k) => [k, given[k]]));
  return {
    model: canonicalModelName(inputs.baseModel),
    training_file: inputs.trainingFileId,
    ...(inputs.validationFileId ? { validation_file: inputs.validationFileId } : {}),
    ...(inputs.suffix ? { suffix: inputs.suffix } : {}),
    // `retrain: always` asks for a training of this resource's own: its seed is its tag's, as before reuse.
    seed: inputs.seed ?? (inputs.retrain === "always" ? seedFromTag(tag) : derivedSeed(inputs)),
    method: { type: inputs.method.type, [inputs.method.type]: { hyperparameters } } as CreateJobBody["method"],
    metadata: { ...inputs.metadata, [JOB_TAG_KEY]: tag, [IDENTITY_TAG_KEY]: identityHash(inputs) },
    trainingType: inputs.trainingType as CreateJobBody["trainingType"],
  };
}

/** Pure: what identifies the job this resource submits, on any surface. */
export function jobIdentity(inputs: JobInputs, tag: string, createdAfter?: number): JobIdentity {
  const body = createBody(inputs, tag);
  return {
    key: JOB_TAG_KEY,
    value: tag,
    fingerprint: fingerprintOf(body),
    ...(createdAfter !== undefined ? { createdAfter } : {}),
    // An earlier training of the same file and seed with other settings is not this job; with `retrain: always`
    // and a configured seed, a finished job found by fingerprint alone may be another resource's: not adopted.
    accepts: (job) =>
      jobMismatches(body, job).length === 0 &&
      !(inputs.retrain === "always" && inputs.seed !== undefined && job.status === "succeeded"),
  };
}

/** Pure: what the reuse lookup compares (./reuse.ts): the identity and what this resource would send. */
export function reuseQuery(inputs: JobInputs): ReuseQuery {
  return {
    identity: inputs,
    body: createBody(inputs, ""),
    ...(inputs.trainingFileId ? { trainingFileId: inputs.trainingFileId } : {}),
    ...(inputs.validationFileId ? { validationFileId: inputs.validationFileId } : {}),
  };
}
