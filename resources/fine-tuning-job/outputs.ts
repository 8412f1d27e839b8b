// FineTuningJob: the outputs a job's state on the service becomes, and the message of a job that did not train.
import type { FoundryJob } from "../../foundry/data-plane-types";
import { reportedHyperparameters } from "../../foundry/job-check";
import { DECLARED_OUTPUTS, withDeclaredOutputs } from "../shared/declared-outputs";
import type { JobInputs, JobOutputs } from "./contract";

/** Pure: the service's reason, then what to do; never a doubled full stop. */
export function failedJobMessage(id: string, status: string, reason: string | undefined): string {
  const because = (reason ?? "no reason given by the service").trim().replace(/\.+$/, "");
  return `fine-tuning job ${id} ${status}: ${because}. Change the model's training inputs to train again.`;
}

/** Pure: the outputs of what the service reports of `job`. */
export function baseOutputs(inputs: JobInputs, job: FoundryJob, tag: string): JobOutputs {
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

/**
 * Pure: a finished job's outputs under inputs that do not retrain it: every declared output as recorded, and
 * the reuse fields of state written before jobs could be reused.
 */
export function recordedOutputs(olds: JobOutputs, news: JobInputs): JobOutputs {
  const recorded = Object.fromEntries(DECLARED_OUTPUTS["fine-tuning-job"].map((key) => [key, olds[key]]));
  return { ...news, ...recorded, reused: olds.reused ?? false, reusedFrom: olds.reusedFrom ?? null } as JobOutputs;
}
