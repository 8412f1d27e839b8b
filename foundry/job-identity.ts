// Finding the job an earlier, interrupted create submitted (pure). The job's tag rides in `metadata`, which
// the v1 spec defines but the dated spec (FineTuningJobCreation, FineTuningJob) does not: if a surface drops
// it, the job is recognised by what every surface echoes (FineTuningJob model, training_file, validation_file,
// suffix, seed), with a seed derived from the tag when the config sets none, so that two trainings of one
// file differ in it.
import { createHash } from "node:crypto";
import type { CreateJobBody, FoundryJob } from "./data-plane-types";

export interface JobIdentity {
  /** The metadata pair that tags the job. */
  key: string;
  value: string;
  /** Fields every surface echoes; checked when no job carries the tag. */
  fingerprint: JobFingerprint;
  /** Only jobs created at or after this time (unix seconds) can be the one; undefined = any. */
  createdAfter?: number;
  /** A further test for a job found by fingerprint only (e.g. that it trains what is asked). */
  accepts?: (job: FoundryJob) => boolean;
}

export interface JobFingerprint {
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  seed: number | null;
}

/** Seeds are 0..2147483647 on both surfaces. */
export function seedFromTag(tag: string): number {
  return parseInt(createHash("sha256").update(tag).digest("hex").slice(0, 8), 16) % 2_147_483_648;
}

export function fingerprintOf(body: CreateJobBody): JobFingerprint {
  return {
    model: body.model,
    training_file: body.training_file,
    validation_file: body.validation_file ?? null,
    suffix: body.suffix ?? null,
    seed: body.seed ?? null,
  };
}

function matches(job: FoundryJob, fp: JobFingerprint): boolean {
  const suffix = job.suffix ?? (job as { user_provided_suffix?: string | null }).user_provided_suffix ?? null;
  return (
    job.model === fp.model &&
    job.training_file === fp.training_file &&
    (job.validation_file ?? null) === fp.validation_file &&
    suffix === fp.suffix &&
    (fp.seed === null || job.seed === fp.seed)
  );
}

/**
 * The newest job tagged with the identity; when none is, the newest untagged job with the same fingerprint
 * (a job tagged for another identity is never taken).
 */
export function findOwnJob(jobs: FoundryJob[], identity: JobIdentity): FoundryJob | undefined {
  const newestFirst = [...jobs].sort((a, b) => b.created_at - a.created_at);
  const tagged = newestFirst.find((job) => job.metadata?.[identity.key] === identity.value);
  if (tagged) return tagged;
  return newestFirst.find(
    (job) =>
      job.metadata?.[identity.key] === undefined &&
      (identity.createdAfter === undefined || job.created_at >= identity.createdAfter) &&
      matches(job, identity.fingerprint) &&
      (identity.accepts?.(job) ?? true),
  );
}
