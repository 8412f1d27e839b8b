// Pay once (pure): a succeeded job on the account that trained this very training identity is reused instead
// of training again, whichever resource, component or stack submitted it. The dated surface drops metadata, so
// a job's identity is read from what every surface echoes (model, seed, suffix, method, hyperparameters,
// training type) and from its files' content hashes, which their upload names carry (training-file/contract.ts).
import type { CreateJobBody, FoundryFile, FoundryJob } from "../../foundry/data-plane-types";
import { jobMismatches } from "../../foundry/job-check";
import { contentHashOfUploadName } from "../../foundry/upload-name";
import { isUnknown } from "../shared/unknown";
import { IDENTITY_TAG_KEY, identityHash, normalizeMethod, type TrainingIdentity } from "./identity";

/** The job a resource reuses instead of training, as the preview, the PR report and the outputs name it. */
export interface ReusedJob {
  jobId: string;
  fineTunedModel: string;
  /** The day it finished training (UTC, YYYY-MM-DD). */
  trainedAt: string;
}

export interface ReuseQuery {
  identity: TrainingIdentity;
  /** What this resource would send: its model, seed (the derived one when none is set), method and tier. */
  body: Pick<CreateJobBody, "model" | "seed" | "suffix" | "method">;
  /** This resource's own file ids when known: a job on the same files needs no name to prove them. */
  trainingFileId?: string;
  validationFileId?: string;
}

/** Azure echoes `globalStandard`, `developerTier`, `standard` (recordings); the config says GlobalStandard, Developer. */
const tierOf = (value: string) => value.toLowerCase().replace(/tier$/, "");

/**
 * Whether a job carries proof of the whole identity, beyond what it echoes: the identity tag (surfaces that keep
 * metadata), or, when the config sets no seed, the seed derived from the identity (job-identity seedFromTag).
 */
function proves(job: FoundryJob, query: ReuseQuery): boolean {
  if (job.metadata?.[IDENTITY_TAG_KEY] === identityHash(query.identity)) return true;
  return query.identity.seed === undefined && job.seed === query.body.seed;
}

/** "auto" resolves to a number on the job, so only explicit hyperparameters can be compared with what it echoes. */
function allExplicit(identity: TrainingIdentity): boolean {
  return Object.values(normalizeMethod(identity.method).hyperparameters).every((v) => typeof v === "number");
}

function sameFile(
  jobFile: string | null | undefined,
  sha: string | undefined,
  ownId: string | undefined,
  hashes: Map<string, string>,
): boolean {
  if (!jobFile || !sha) return !jobFile && !sha;
  if (ownId && !isUnknown(ownId) && jobFile === ownId) return true;
  return hashes.get(jobFile) === sha.slice(0, 32);
}

/** Whether a job trained exactly this identity (and can be reused: it succeeded and has a model). */
function trainedSameIdentity(job: FoundryJob, query: ReuseQuery, hashes: Map<string, string>): boolean {
  const { identity, body } = query;
  if (job.status !== "succeeded" || !job.fine_tuned_model) return false;
  const proven = proves(job, query);
  const suffix = job.suffix ?? (job as { user_provided_suffix?: string | null }).user_provided_suffix ?? undefined;
  const method = (job as { method?: { type?: string } }).method?.type ?? "supervised"; // older jobs have no method
  const tier = (job as { trainingType?: string }).trainingType;
  const filesMatch =
    sameFile(job.training_file, identity.trainingFileSha256, query.trainingFileId, hashes) &&
    sameFile(job.validation_file, identity.validationFileSha256, query.validationFileId, hashes);
  return (
    job.model === body.model &&
    job.seed === body.seed &&
    (suffix ?? undefined) === (body.suffix || undefined) &&
    method === body.method?.type &&
    (tier ? tierOf(tier) === tierOf(identity.trainingType) : proven) &&
    (filesMatch || proven) &&
    jobMismatches(body as CreateJobBody, job).length === 0 &&
    (proven || allExplicit(identity))
  );
}

/** The content hashes (32 hex) of the account's files, by id, from their upload names. */
function fileHashes(files: FoundryFile[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const file of files) {
    const hash = contentHashOfUploadName(file.filename);
    if (hash) hashes.set(file.id, hash);
  }
  return hashes;
}

/** The newest succeeded job of the account that trained this identity, or undefined. */
export function findReusableJob(jobs: FoundryJob[], files: FoundryFile[], query: ReuseQuery): ReusedJob | undefined {
  if (isUnknown(query.identity.baseModel) || isUnknown(query.body.model)) return undefined;
  const hashes = fileHashes(files);
  const job = jobs
    .filter((j) => trainedSameIdentity(j, query, hashes))
    .sort((a, b) => (b.finished_at ?? b.created_at) - (a.finished_at ?? a.created_at))[0];
  if (!job) return undefined;
  return {
    jobId: job.id,
    fineTunedModel: job.fine_tuned_model!,
    trainedAt: new Date((job.finished_at ?? job.created_at) * 1000).toISOString().slice(0, 10),
  };
}

/** The preview's and the log's words for a reuse. */
export function reuseMessage(modelName: string, reused: ReusedJob): string {
  return `${modelName}: reuses ${reused.jobId} (trained ${reused.trainedAt}), no training cost: a succeeded job on the account trained the same base model, data, method, hyperparameters, seed, suffix and training type`;
}
