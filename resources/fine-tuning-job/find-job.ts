// FineTuningJob: the job a resource stands for: one named by adoptJobId, its own found again, a reusable one of
// the account, or a new submission; and, in check, the reuse the preview announces.

import { canonicalModelName } from "../../azure/models";
import type { DataPlane } from "../../foundry/data-plane";
import type { FoundryJob } from "../../foundry/data-plane-types";
import { findOwnJob } from "../../foundry/job-identity";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { isUnknown } from "../shared/unknown";
import { diffJob, type JobInputs, type JobOutputs } from "./contract";
import { createBody, jobIdentity, reuseQuery } from "./create-body";
import { identityOf, JOB_TAG_KEY } from "./identity";
import { findReusableJob, type ReusedJob, reuseMessage } from "./reuse";

/** The job this resource stands for, and whether it reuses one it did not submit (no training cost). */
interface FoundJob {
  job: FoundryJob;
  reused: boolean;
}

/**
 * A succeeded job of the account with the same training identity, unless the config says `retrain: always`. The
 * files are listed only when a succeeded job sends the same model and seed (their names prove its data).
 */
async function reusableJob(data: DataPlane, inputs: JobInputs, jobs?: FoundryJob[]): Promise<ReusedJob | undefined> {
  if (inputs.retrain === "always" || inputs.adoptJobId) return undefined;
  const query = reuseQuery(inputs);
  const candidates = (jobs ?? (await data.listAllJobs())).filter(
    (j) => j.status === "succeeded" && j.model === query.body.model && j.seed === query.body.seed,
  );
  if (candidates.length === 0) return undefined;
  return findReusableJob(candidates, await data.listFiles("fine-tune"), query);
}

export async function findOrCreate(data: DataPlane, inputs: JobInputs, tag: string): Promise<FoundJob> {
  if (inputs.adoptJobId) {
    const job = await data.getJob(inputs.adoptJobId);
    if (!job) throw new Error(`adoptJobId: no job ${inputs.adoptJobId} on the account`);
    if (job.model !== canonicalModelName(inputs.baseModel))
      throw new Error(`adoptJobId: job ${job.id} trains ${job.model}, the config says ${inputs.baseModel}`);
    await engineLog("info", `adopting job ${job.id} (adoptJobId)`, inputs.resourceUrn);
    return { job, reused: false };
  }
  const jobs = await data.listAllJobs();
  const existing = findOwnJob(jobs, jobIdentity(inputs, tag));
  if (existing && existing.status !== "failed" && existing.status !== "cancelled") {
    // Found by its fingerprint alone (no tag of ours) and finished: it may as well be another stack's training.
    const ours = existing.metadata?.[JOB_TAG_KEY] === tag || existing.status !== "succeeded";
    await engineLog(
      "info",
      `adopting job ${existing.id} (${existing.status}), submitted earlier for the same training inputs`,
      inputs.resourceUrn,
    );
    return { job: existing, reused: !ours };
  }
  const reuse = await reusableJob(data, inputs, jobs);
  const reusedJob = reuse ? jobs.find((j) => j.id === reuse.jobId) : undefined;
  if (reuse && reusedJob) {
    await engineLog("info", reuseMessage(inputs.modelName, reuse), inputs.resourceUrn);
    return { job: reusedJob, reused: true };
  }
  // A create whose answer is lost is looked up again; only jobs made from now on (less clock skew) can be it.
  const submittedAfter = Math.floor(Date.now() / 1000) - 600;
  const job = await data.createJob(createBody(inputs, tag), { identity: jobIdentity(inputs, tag, submittedAfter) });
  await engineLog("info", `submitted job ${job.id} on ${inputs.baseModel}`, inputs.resourceUrn);
  return { job, reused: false };
}

/** Pure: whether check must look for a reusable job: a new resource, or one whose training or account changes. */
export function needsReuseLookup(olds: Partial<JobInputs>, news: JobInputs): boolean {
  if (news.retrain === "always" || news.adoptJobId) return false;
  if (!olds.trainingFileSha256 || !olds.target) return true;
  return diffJob(olds as JobOutputs, news).replaces!.length > 0;
}

/**
 * In check, so the preview says it: the succeeded job this create or replacement will reuse. A lookup that
 * cannot run (an identity known only after an upstream resource changes, an unreachable service) says so,
 * and `up` looks again: it never trains when an identical training exists by then.
 */
export async function lookupReuse(olds: Partial<JobOutputs>, news: JobInputs): Promise<ReusedJob | undefined> {
  if (!needsReuseLookup(olds, news)) return news.retrain === "always" ? undefined : olds.reuse;
  const { body } = reuseQuery(news);
  // File ids are unknown in the preview of new files; their bytes (the identity) are known.
  if (
    isUnknown(news.target) ||
    isUnknown(identityOf(news)) ||
    isUnknown({ model: body.model, seed: body.seed, method: body.method })
  ) {
    await engineLog(
      "info",
      `${news.modelName}: whether an identical training exists on the account is known once its inputs are; \`up\` reuses one if it does`,
      news.resourceUrn,
    );
    return undefined;
  }
  try {
    const { data } = await connectTo(news.target);
    const found = await reusableJob(data, news);
    if (found && !olds.trainingFileSha256)
      await engineLog("info", reuseMessage(news.modelName, found), news.resourceUrn);
    return found;
  } catch (error) {
    await engineLog(
      "warning",
      `${news.modelName}: could not look for an identical training on the account (${(error as Error).message}); \`up\` looks again`,
      news.resourceUrn,
    );
    return undefined;
  }
}
