// FineTuningJob: submit (idempotently), follow, and record a fine-tuning job and its results.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { DataPlane } from "../../foundry/data-plane";
import { isTerminalJobStatus, type CreateJobBody, type FoundryJob } from "../../foundry/data-plane-types";
import type { FoundryError } from "../../foundry/errors";
import { withRowMetrics } from "../../analysis/best-checkpoint";
import { jobMismatches, reportedHyperparameters } from "../../foundry/job-check";
import { findOwnJob, fingerprintOf, seedFromTag, type JobIdentity } from "../../foundry/job-identity";
import { hyperparametersOf } from "../../validate/methods";
import { canonicalModelName } from "../../validate/models";
import { finalMetrics, parseResultsCsv, stepsPerEpochFrom } from "../../analysis/results-csv";
import { withDeclaredOutputs } from "../shared/declared-outputs";
import { diffJob, keepRecordedTier, retiredTrainingProblem, type CheckpointSummary, type JobInputs, type JobOutputs } from "./contract";
import { derivedSeed, IDENTITY_TAG_KEY, identityHash, identityOf, JOB_TAG_KEY, jobTag } from "./identity";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { exitWhenEngineGone } from "../provider-runtime/engine-watch";
import { ResourceInitError, withCleanErrors } from "../provider-runtime/errors";
import { formatMetricsEvent, formatStatus } from "../provider-runtime/job-progress";
import { jobQuality } from "./quality";
import { findReusableJob, reuseMessage, type ReusedJob, type ReuseQuery } from "./reuse";
import { isUnknown } from "../shared/unknown";

exitWhenEngineGone(); // a provider left behind by a killed CLI exits instead of working on

/** Pure: the service's reason, then what to do; never a doubled full stop. */
export function failedJobMessage(id: string, status: string, reason: string | undefined): string {
  const because = (reason ?? "no reason given by the service").trim().replace(/\.+$/, "");
  return `fine-tuning job ${id} ${status}: ${because}. Change the model's training inputs to train again.`;
}

/**
 * Pure: the job's create body. A short base-model name (gpt-4.1-mini) is sent as the dated name every surface
 * knows; without a configured seed the seed is derived from the training identity, so the job stays
 * recognisable on a surface that drops metadata (foundry/job-identity.ts, ./reuse.ts).
 */
export function createBody(inputs: JobInputs, tag: string): CreateJobBody {
  // The method's catalogue names only (validate/methods.ts); "auto" is left to the service.
  const given = inputs.method.hyperparameters;
  const names = Object.keys(hyperparametersOf(inputs.method.type)).filter((k) => given[k] !== undefined && given[k] !== "auto");
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
    accepts: (job) => jobMismatches(body, job).length === 0 && !(inputs.retrain === "always" && inputs.seed !== undefined && job.status === "succeeded"),
  };
}

/**
 * Stops a job the service did not take as asked (a surface ignoring a field it does not define trains with
 * automatic values): cancels it and fails with what differs, rather than paying for the wrong model.
 */
async function refuseMismatch(data: DataPlane, inputs: JobInputs, job: FoundryJob, tag: string): Promise<void> {
  if (inputs.adoptJobId) return; // a job the user names is theirs as it is: never cancelled for its settings
  const problems = jobMismatches(createBody(inputs, tag), job);
  if (problems.length === 0) return;
  const live = !isTerminalJobStatus(job.status);
  if (live) await data.cancelJob(job.id);
  throw new ResourceInitError(
    `fine-tuning job ${job.id} does not train what was asked (${problems.join("; ")})${live ? "; it was cancelled" : ""}. ` +
      `The ${data.form} data-plane surface may not honour this setting: try \`foundry-finetune:dataPlane: ${data.form === "dated" ? "v1" : "dated"}\`.`,
    job.id,
    { ...baseOutputs(inputs, job, tag), status: live ? "cancelled" : job.status },
  );
}

const pollMs = (inputs: JobInputs) => Number(process.env.FOUNDRY_POLL_MS ?? (inputs.target.kind === "local" ? 500 : 20_000));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows a job until it is terminal or the wait times out, logging status changes and metrics. */
async function follow(data: DataPlane, inputs: JobInputs, job: FoundryJob, tag: string): Promise<FoundryJob> {
  const deadline = Date.now() + inputs.wait.timeoutMinutes * 60_000;
  const seen = new Set<string>();
  let lastStatus = "";
  let lastMetricsLog = 0;
  let eventsFailing = false;
  for (;;) {
    if (job.status !== lastStatus) {
      lastStatus = job.status;
      await engineLog("info", formatStatus(job, Date.now() / 1000), inputs.resourceUrn);
    }
    await refuseMismatch(data, inputs, job, tag);
    // A paused job waits for a person to resume it [REC-JOB]: following it would only run out the wait.
    if (isTerminalJobStatus(job.status) || job.status === "paused") return job;
    // Only what is new since the last poll: newest first, up to the first event already seen.
    const newest = await data.listNewEvents(job.id, seen).then(
      (events) => ((eventsFailing = false), events),
      async (error: FoundryError) => {
        if (!eventsFailing)
          await engineLog(
            "warning",
            `${inputs.modelName}: could not read the events of job ${job.id} (${error.message}); progress resumes when they can be read`,
            inputs.resourceUrn,
          );
        eventsFailing = true;
        return [];
      },
    );
    const fresh = newest.reverse();
    for (const event of fresh) seen.add(event.id);
    const latestMetrics = fresh.map(formatMetricsEvent).filter(Boolean).pop();
    if (latestMetrics && Date.now() - lastMetricsLog > 2_000) {
      lastMetricsLog = Date.now();
      await engineLog("info", `${inputs.modelName}: ${latestMetrics}`, inputs.resourceUrn);
    }
    if (Date.now() > deadline) return job;
    await sleep(pollMs(inputs));
    // A poll that still fails after the client's retries (an outage, throttling) is a missed look, not the
    // job's end: keep following until the wait's deadline rather than failing the whole update.
    job =
      (await data.getJob(job.id).catch(async (error: FoundryError) => {
        if (!error.retryable || Date.now() > deadline) throw error;
        await engineLog("warning", `${inputs.modelName}: could not read job ${job.id} (${error.message}); still waiting`, inputs.resourceUrn);
        return undefined;
      })) ?? job;
  }
}

function baseOutputs(inputs: JobInputs, job: FoundryJob, tag: string): JobOutputs {
  const resolved = reportedHyperparameters(job);
  return withDeclaredOutputs("fine-tuning-job", {
    ...inputs,
    jobId: job.id,
    tag,
    status: job.status,
    ...(job.fine_tuned_model ? { fineTunedModel: job.fine_tuned_model } : {}),
    ...(typeof job.trained_tokens === "number" ? { trainedTokens: job.trained_tokens } : {}),
    ...(job.estimated_finish ? { estimatedFinish: job.estimated_finish } : {}),
    ...(resolved ? { resolvedHyperparameters: { ...resolved } } : {}),
    ...(job.error?.message ? { error: job.error.message } : {}),
  });
}

/** After success: checkpoints, results.csv (downloaded), final metrics and charts. */
async function collectResults(data: DataPlane, inputs: JobInputs, job: FoundryJob, outs: JobOutputs): Promise<JobOutputs> {
  const checkpoints: CheckpointSummary[] = (await data.listCheckpoints(job.id))
    .map((c) => ({
      id: c.id,
      step: c.step_number,
      fineTunedModelCheckpoint: c.fine_tuned_model_checkpoint,
      metrics: Object.fromEntries(Object.entries(c.metrics ?? {}).filter(([, v]) => typeof v === "number")) as Record<string, number>,
    }))
    .sort((a, b) => a.step - b.step);
  const resultFileId = job.result_files?.[0];
  if (!resultFileId) return { ...outs, checkpoints };
  const dir = path.resolve(process.cwd(), inputs.reportsDir);
  mkdirSync(dir, { recursive: true });
  const csvPath = path.join(dir, "results.csv");
  await data.downloadFile(resultFileId, csvPath);
  const rows = parseResultsCsv(readFileSync(csvPath, "utf8"), csvPath);
  // Without a validation file results.csv marks no epoch ends; the resolved n_epochs places them.
  const stepsPerEpoch = stepsPerEpochFrom(rows, reportedHyperparameters(job)?.n_epochs);
  const metrics = finalMetrics(rows, stepsPerEpoch);
  // A checkpoint the service listed without a metric gets it from results.csv, so `best` can rank every one.
  const ranked = withRowMetrics(checkpoints, rows);
  const { qualitySignals, qualityEvidence } = jobQuality(inputs, { ...outs, checkpoints: ranked }, rows, stepsPerEpoch);
  // vega is heavy: load it only to draw.
  const { renderCharts } = require("../../analysis/charts") as typeof import("../../analysis/charts");
  const charts = await renderCharts(rows, dir, {
    title: `${inputs.modelName} (${job.fine_tuned_model})`,
    ...(stepsPerEpoch ? { stepsPerEpoch } : {}),
    ...(qualitySignals.bestStep !== undefined ? { bestStep: qualitySignals.bestStep } : {}),
  }).catch(async (error: Error) => {
    await engineLog("warning", `charts not rendered: ${error.message}`, inputs.resourceUrn);
    return undefined;
  });
  const relative = (p: string) => path.relative(process.cwd(), p);
  return {
    ...outs,
    checkpoints: ranked,
    qualitySignals,
    qualityEvidence,
    resultFileId,
    resultsCsvPath: relative(csvPath),
    metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === "number")) as Record<string, number>,
    ...(charts
      ? { charts: { lossPng: relative(charts.lossPng), lossSvg: relative(charts.lossSvg), accuracyPng: relative(charts.accuracyPng), accuracySvg: relative(charts.accuracySvg) } }
      : {}),
  };
}

/** Follows (if the policy says so) and turns the job's end into outputs, or into an error that keeps the id. */
async function settle(data: DataPlane, inputs: JobInputs, job: FoundryJob, tag: string, reused = false): Promise<JobOutputs> {
  if (reused) {
    // Found because it trained exactly this identity: nothing to follow or refuse, only results to collect.
  } else if (inputs.wait.enabled) job = await follow(data, inputs, job, tag);
  else await refuseMismatch(data, inputs, job, tag);
  let outs = baseOutputs(inputs, job, tag);
  if (job.status === "succeeded") {
    outs = await collectResults(data, inputs, job, outs);
    const loss = outs.metrics?.fullValidLoss ?? outs.metrics?.finalTrainLoss;
    await engineLog(
      "info",
      `${inputs.modelName}: succeeded as ${job.fine_tuned_model}, ${job.trained_tokens} trained tokens${loss !== undefined ? `, loss ${loss.toFixed(3)}` : ""}`,
      inputs.resourceUrn,
    );
  } else if (job.status === "failed" || job.status === "cancelled") {
    throw new ResourceInitError(failedJobMessage(job.id, job.status, job.error?.message), job.id, outs);
  } else if (inputs.wait.enabled && job.status === "paused") {
    throw new ResourceInitError(
      `fine-tuning job ${job.id} is paused: it trains again once resumed (in the Foundry portal, or POST fine_tuning/jobs/${job.id}/resume); then run \`pulumi up\` to follow it`,
      job.id,
      outs,
    );
  } else if (inputs.wait.enabled) {
    throw new ResourceInitError(`fine-tuning job ${job.id} is still ${job.status} after ${inputs.wait.timeoutMinutes} min; run \`pulumi up\` again to keep waiting`, job.id, outs);
  }
  return outs;
}

/**
 * A finished job recorded before its quality evidence existed: measure it from the results.csv it downloaded.
 * No retraining; the program judges the evidence against the model's thresholds.
 */
function reassessQuality(olds: JobOutputs, outs: JobOutputs): Pick<JobOutputs, "qualitySignals" | "qualityEvidence" | "checkpoints"> {
  const kept = { ...(olds.qualitySignals ? { qualitySignals: olds.qualitySignals } : {}), ...(olds.qualityEvidence ? { qualityEvidence: olds.qualityEvidence } : {}) };
  if (olds.qualityEvidence || !outs.resultsCsvPath) return kept;
  let rows: ReturnType<typeof parseResultsCsv>;
  try {
    rows = parseResultsCsv(readFileSync(path.resolve(process.cwd(), outs.resultsCsvPath), "utf8"), outs.resultsCsvPath);
  } catch {
    return kept; // results.csv not on this machine
  }
  const stepsPerEpoch = stepsPerEpochFrom(rows, outs.resolvedHyperparameters?.n_epochs);
  const checkpoints = withRowMetrics(outs.checkpoints ?? [], rows);
  return { ...jobQuality(outs, { ...outs, checkpoints }, rows, stepsPerEpoch), checkpoints };
}

/** The job this resource stands for, and whether it reuses one it did not submit (no training cost). */
interface FoundJob {
  job: FoundryJob;
  reused: boolean;
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

/**
 * A succeeded job of the account with the same training identity, unless the config says `retrain: always`. The
 * files are listed only when a succeeded job sends the same model and seed (their names prove its data).
 */
async function reusableJob(data: DataPlane, inputs: JobInputs, jobs?: FoundryJob[]): Promise<ReusedJob | undefined> {
  if (inputs.retrain === "always" || inputs.adoptJobId) return undefined;
  const query = reuseQuery(inputs);
  const candidates = (jobs ?? (await data.listAllJobs())).filter((j) => j.status === "succeeded" && j.model === query.body.model && j.seed === query.body.seed);
  if (candidates.length === 0) return undefined;
  return findReusableJob(candidates, await data.listFiles("fine-tune"), query);
}

async function findOrCreate(data: DataPlane, inputs: JobInputs, tag: string): Promise<FoundJob> {
  if (inputs.adoptJobId) {
    const job = await data.getJob(inputs.adoptJobId);
    if (!job) throw new Error(`adoptJobId: no job ${inputs.adoptJobId} on the account`);
    if (job.model !== canonicalModelName(inputs.baseModel)) throw new Error(`adoptJobId: job ${job.id} trains ${job.model}, the config says ${inputs.baseModel}`);
    await engineLog("info", `adopting job ${job.id} (adoptJobId)`, inputs.resourceUrn);
    return { job, reused: false };
  }
  const jobs = await data.listAllJobs();
  const existing = findOwnJob(jobs, jobIdentity(inputs, tag));
  if (existing && existing.status !== "failed" && existing.status !== "cancelled") {
    // Found by its fingerprint alone (no tag of ours) and finished: it may as well be another stack's training.
    const ours = existing.metadata?.[JOB_TAG_KEY] === tag || existing.status !== "succeeded";
    await engineLog("info", `adopting job ${existing.id} (${existing.status}), submitted earlier for the same training inputs`, inputs.resourceUrn);
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
async function lookupReuse(olds: Partial<JobOutputs>, news: JobInputs): Promise<ReusedJob | undefined> {
  if (!needsReuseLookup(olds, news)) return news.retrain === "always" ? undefined : olds.reuse;
  const { body } = reuseQuery(news);
  // File ids are unknown in the preview of new files; their bytes (the identity) are known.
  if (isUnknown(news.target) || isUnknown(identityOf(news)) || isUnknown({ model: body.model, seed: body.seed, method: body.method })) {
    await engineLog("info", `${news.modelName}: whether an identical training exists on the account is known once its inputs are; \`up\` reuses one if it does`, news.resourceUrn);
    return undefined;
  }
  try {
    const { data } = await connectTo(news.target);
    const found = await reusableJob(data, news);
    if (found && !olds.trainingFileSha256) await engineLog("info", reuseMessage(news.modelName, found), news.resourceUrn);
    return found;
  } catch (error) {
    await engineLog("warning", `${news.modelName}: could not look for an identical training on the account (${(error as Error).message}); \`up\` looks again`, news.resourceUrn);
    return undefined;
  }
}

export const provider: pulumi.dynamic.ResourceProvider = withCleanErrors({
  async check(olds: Partial<JobOutputs>, news: JobInputs) {
    const { reuse: _stale, ...rest } = news;
    const inputs = keepRecordedTier(olds as Partial<JobInputs> | undefined, rest as JobInputs);
    const retired = retiredTrainingProblem(olds as Partial<JobInputs> | undefined, inputs);
    if (retired) return { inputs, failures: [{ property: "baseModel", reason: retired }] };
    const reuse = await lookupReuse(olds, inputs);
    return { inputs: { ...inputs, ...(reuse ? { reuse } : {}) } };
  },

  async diff(_id, olds: JobOutputs, news: JobInputs) {
    const { reasons, ...result } = diffJob(olds, news);
    if (result.replaces!.length > 0) {
      const reuse = news.reuse ? `; ${reuseMessage(news.modelName, news.reuse).replace(`${news.modelName}: `, "")}` : "";
      await engineLog("info", `${news.modelName} retrains: ${reasons.join("; ")}${reuse}`, news.resourceUrn);
    }
    return result;
  },

  async create(inputs: JobInputs) {
    const { data } = await connectTo(inputs.target);
    const tag = jobTag(inputs.stack, inputs.resourceName, inputs);
    const { job, reused } = await findOrCreate(data, inputs, tag);
    const reuse = { reused, reusedFrom: reused ? job.id : null };
    const outs = await settle(data, inputs, job, tag, reused).catch((error) => {
      if (error instanceof ResourceInitError) throw error;
      throw new ResourceInitError(`job ${job.id}: ${(error as Error).message}`, job.id, { ...baseOutputs(inputs, job, tag), ...reuse });
    });
    return { id: job.id, outs: { ...outs, ...reuse } };
  },

  async read(id: string, props: JobOutputs) {
    const { data } = await connectTo(props.target);
    const job = await data.getJob(id);
    if (!job) return { id: "", props: {} };
    const wasDone = props.status === "succeeded";
    let outs = { ...props, ...baseOutputs(props, job, props.tag) };
    if (job.status === "succeeded" && !wasDone) outs = await collectResults(data, props, job, outs);
    return { id, props: outs };
  },

  async update(id: string, olds: JobOutputs, news: JobInputs) {
    const { data } = await connectTo(news.target);
    if (isTerminalJobStatus(olds.status)) {
      if (olds.status !== "succeeded") {
        throw new ResourceInitError(failedJobMessage(id, olds.status, olds.error), id, { ...olds, ...news, status: olds.status });
      }
      const { jobId, tag, status, fineTunedModel, trainedTokens, estimatedFinish, resolvedHyperparameters, checkpoints, resultFileId, metrics, resultsCsvPath, charts } = olds;
      const outs: JobOutputs = {
        ...news,
        reused: olds.reused ?? false,
        reusedFrom: olds.reusedFrom ?? null,
        jobId,
        tag,
        status,
        fineTunedModel,
        trainedTokens,
        estimatedFinish,
        resolvedHyperparameters,
        checkpoints,
        resultFileId,
        metrics,
        resultsCsvPath,
        charts,
      };
      return { outs: withDeclaredOutputs("fine-tuning-job", { ...outs, ...reassessQuality(olds, outs) }) };
    }
    const job = await data.getJob(id);
    if (!job) throw new Error(`fine-tuning job ${id} no longer exists on the service; run \`pulumi refresh\``);
    return { outs: { ...(await settle(data, news, job, olds.tag)), reused: olds.reused ?? false, reusedFrom: olds.reusedFrom ?? null } };
  },

  async delete(id: string, props: JobOutputs) {
    const { data } = await connectTo(props.target);
    const job = await data.getJob(id);
    // Only a job this resource submitted is cancelled: a reused one is another resource's (and succeeded anyway).
    if (job && !isTerminalJobStatus(job.status) && !props.reused) {
      await data.cancelJob(id);
      await engineLog("info", `cancelled job ${id} (${job.status})`, props.resourceUrn);
    }
    if (props.fineTunedModel) {
      // Azure has no call that deletes a fine-tuned model (portal only): a destroy always keeps it.
      await engineLog("info", `kept the model ${props.fineTunedModel}: the service has no API to delete a fine-tuned model (the Foundry portal can)`, props.resourceUrn);
    }
  },
});
