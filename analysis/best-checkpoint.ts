// The best of a job's checkpoints by one of their metrics (lowest loss, highest accuracy), and why it is the
// best, in words. Pure: no I/O, no Pulumi.
import type { ResultRow } from "./results-csv";

/** What a checkpoint looks like here: the service's snake_case metric names (`full_valid_loss`, ...). */
export interface CheckpointLike {
  id: string;
  step: number;
  metrics: Record<string, number>;
}

/** Checkpoint metrics a `best` selection may rank by; accuracies are maximised, losses minimised. */
export const CHECKPOINT_METRICS = [
  "full_valid_loss",
  "full_valid_mean_token_accuracy",
  "valid_loss",
  "valid_mean_token_accuracy",
  "train_loss",
  "train_mean_token_accuracy",
] as const;
export type CheckpointMetric = (typeof CHECKPOINT_METRICS)[number];
export const DEFAULT_BEST_METRIC: CheckpointMetric = "full_valid_loss";

const higherIsBetter = (metric: string) => metric.includes("accuracy");

/** results.csv columns (parsed) for each checkpoint metric, to fill a checkpoint the service sent without it. */
const ROW_KEYS: Record<CheckpointMetric, keyof ResultRow> = {
  full_valid_loss: "fullValidLoss",
  full_valid_mean_token_accuracy: "fullValidTokenAccuracy",
  valid_loss: "validLoss",
  valid_mean_token_accuracy: "validTokenAccuracy",
  train_loss: "trainLoss",
  train_mean_token_accuracy: "trainTokenAccuracy",
};

/** Fills checkpoint metrics the service left out from the results.csv row of the same step. */
export function withRowMetrics<C extends CheckpointLike>(checkpoints: readonly C[], rows: readonly ResultRow[]): C[] {
  const byStep = new Map(rows.map((r) => [r.step, r]));
  return checkpoints.map((c) => {
    const row = byStep.get(c.step);
    if (!row) return c;
    const filled = { ...c.metrics };
    for (const metric of CHECKPOINT_METRICS) {
      const value = row[ROW_KEYS[metric]];
      if (filled[metric] === undefined && typeof value === "number") filled[metric] = value;
    }
    return { ...c, metrics: filled };
  });
}

/**
 * The checkpoint that scores best on `metric` (lowest loss, highest accuracy; the earliest on a tie: fewer
 * steps, less overfit), or an error saying why there is none.
 */
export function bestCheckpoint<C extends CheckpointLike>(
  checkpoints: readonly C[],
  metric: string = DEFAULT_BEST_METRIC,
): C {
  const ranked = [...checkpoints].filter((c) => typeof c.metrics[metric] === "number").sort((a, b) => a.step - b.step);
  if (ranked.length === 0) {
    const why =
      checkpoints.length === 0
        ? "the job kept no checkpoints"
        : `no checkpoint reports ${metric}${metric.includes("valid") ? " (no validation file?)" : ""}`;
    throw new Error(`no best checkpoint by ${metric}: ${why}`);
  }
  const better = (a: number, b: number) => (higherIsBetter(metric) ? a > b : a < b);
  return ranked.reduce((best, c) => (better(c.metrics[metric]!, best.metrics[metric]!) ? c : best));
}

/** Why a checkpoint was chosen, in one line: "step 36 (epoch 1 of 3): full_valid_loss 2.5503, final model 3.4612". */
export function describeChoice(
  chosen: CheckpointLike,
  checkpoints: readonly CheckpointLike[],
  metric: string,
  epochs?: number,
): string {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const last = sorted.at(-1);
  const index = sorted.findIndex((c) => c.id === chosen.id);
  const epoch = epochs && epochs > 0 && index >= 0 ? epochs - sorted.length + 1 + index : undefined;
  const value = chosen.metrics[metric];
  const where = `step ${chosen.step}${epoch ? ` (epoch ${epoch} of ${epochs})` : ""}`;
  const score = value === undefined ? "" : `: ${metric} ${fmt(value)}`;
  if (!last || last.id === chosen.id)
    return `${where}${score}, the final model is the best of ${plural(sorted.length, "checkpoint")}`;
  const finalValue = last.metrics[metric];
  return `${where}${score}, ${higherIsBetter(metric) ? "highest" : "lowest"} of ${plural(sorted.length, "checkpoint")}${finalValue === undefined ? "" : ` (final model ${fmt(finalValue)})`}`;
}

const fmt = (x: number) => x.toFixed(4);
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
