// Pure: which checkpoint a `checkpoint:` config entry names, among the ones a finished job kept.
import { bestCheckpoint, DEFAULT_BEST_METRIC, describeChoice } from "../analysis/best-checkpoint";
import type { JobCheckpoint } from "../resources/fine-tuning-job/contract";

export type CheckpointSelector = { epoch: number } | { step: number } | { id: string } | "best" | { best: string };

/** The metric a `best` selector ranks by, or undefined for a selector that names one checkpoint. */
export function bestMetricOf(selector: CheckpointSelector): string | undefined {
  if (selector === "best") return DEFAULT_BEST_METRIC;
  return typeof selector === "object" && "best" in selector ? selector.best : undefined;
}

/** How the preview and the report name the rule before the checkpoint is known: "best by full_valid_loss". */
export function describeSelector(selector: CheckpointSelector): string {
  const metric = bestMetricOf(selector);
  if (metric) return `best by ${metric}`;
  const [key, value] = Object.entries(selector as Record<string, unknown>)[0]!;
  return `${key} ${String(value)}`;
}

/**
 * How many epochs a finished job ran, from the best evidence the caller has: the n_epochs the service resolved
 * (the training stack has it), else the epoch ends results.csv marks (a promoting stack has only the exported
 * metrics; 0 without a validation file means unknown), else the kept checkpoints, one per epoch end.
 */
export function epochsOfJob(job: {
  resolvedEpochs?: unknown;
  metricEpochs?: number;
  checkpoints?: readonly unknown[];
}): number {
  if (job.resolvedEpochs !== undefined && job.resolvedEpochs !== null) return Number(job.resolvedEpochs);
  return job.metricEpochs || job.checkpoints?.length || 0;
}

/** selectCheckpoint plus, for the report, why that one: "step 36 (epoch 1 of 3): full_valid_loss 2.5503, ...". */
export function chooseCheckpoint(
  checkpoints: readonly JobCheckpoint[],
  selector: CheckpointSelector,
  epochs: number,
): { id: string; reason: string } {
  const id = selectCheckpoint(checkpoints, selector, epochs);
  const chosen = checkpoints.find((c) => c.id === id)!;
  const metric = bestMetricOf(selector);
  const reason = metric
    ? describeChoice(chosen, checkpoints, metric, epochs)
    : describeChoice(chosen, checkpoints, DEFAULT_BEST_METRIC, epochs).replace(/, (lowest|the final).*$/, "");
  return { id, reason: `${describeSelector(selector)}: ${reason}` };
}

/**
 * A checkpoint is saved at each epoch end and the service keeps the last three, so with E epochs the kept
 * ones are epochs E-2..E. Returns the checkpoint id to deploy, or throws naming what exists.
 */
export function selectCheckpoint(
  checkpoints: readonly JobCheckpoint[],
  selector: CheckpointSelector,
  epochs: number,
): string {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const available = () =>
    sorted.map((c, i) => `epoch ${epochs - sorted.length + 1 + i} (step ${c.step}, ${c.id})`).join(", ") || "none";
  const metric = bestMetricOf(selector);
  if (metric) return bestCheckpoint(sorted, metric).id;
  const named = selector as Exclude<CheckpointSelector, "best" | { best: string }>;
  let found: JobCheckpoint | undefined;
  if ("id" in named) found = sorted.find((c) => c.id === named.id);
  else if ("step" in named) found = sorted.find((c) => c.step === named.step);
  else found = sorted[named.epoch - (epochs - sorted.length + 1)];
  if (!found)
    throw new Error(`checkpoint ${JSON.stringify(selector)} is not among the job's checkpoints: ${available()}`);
  return found.id;
}
