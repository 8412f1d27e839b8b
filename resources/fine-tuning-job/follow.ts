// FineTuningJob: following a submitted job to its end, and turning that end into outputs or an error.
import type { DataPlane } from "../../foundry/data-plane";
import { type FoundryJob, isTerminalJobStatus } from "../../foundry/data-plane-types";
import type { FoundryError } from "../../foundry/errors";
import { jobMismatches } from "../../foundry/job-check";
import { engineLog } from "../provider-runtime/engine-log";
import { ResourceInitError } from "../provider-runtime/errors";
import { formatMetricsEvent, formatStatus } from "../provider-runtime/job-progress";
import type { JobInputs, JobOutputs } from "./contract";
import { createBody } from "./create-body";
import { baseOutputs, failedJobMessage } from "./outputs";
import { collectResults } from "./results";

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

const pollMs = (inputs: JobInputs) =>
  Number(process.env.FOUNDRY_POLL_MS ?? (inputs.target.kind === "local" ? 500 : 20_000));
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
        await engineLog(
          "warning",
          `${inputs.modelName}: could not read job ${job.id} (${error.message}); still waiting`,
          inputs.resourceUrn,
        );
        return undefined;
      })) ?? job;
  }
}

/** Follows (if the policy says so) and turns the job's end into outputs, or into an error that keeps the id. */
export async function settle(
  data: DataPlane,
  inputs: JobInputs,
  job: FoundryJob,
  tag: string,
  reused = false,
): Promise<JobOutputs> {
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
    throw new ResourceInitError(
      `fine-tuning job ${job.id} is still ${job.status} after ${inputs.wait.timeoutMinutes} min; run \`pulumi up\` again to keep waiting`,
      job.id,
      outs,
    );
  }
  return outs;
}
