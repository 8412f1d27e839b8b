// Quality signals of one training, from its results.csv rows and checkpoints: where full validation loss is
// lowest (the best checkpoint), how far it rose after that (overfitting), the gap between train and
// validation loss at the end (memorising), train-loss spikes and divergence. Pure: no I/O, no Pulumi.
import { epochBoundaries, type ResultRow } from "./results-csv";

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

export const higherIsBetter = (metric: string) => metric.includes("accuracy");

/** results.csv columns (parsed) for each checkpoint metric, to fill a checkpoint the service sent without it. */
const ROW_KEYS: Record<CheckpointMetric, keyof ResultRow> = {
  full_valid_loss: "fullValidLoss",
  full_valid_mean_token_accuracy: "fullValidTokenAccuracy",
  valid_loss: "validLoss",
  valid_mean_token_accuracy: "validTokenAccuracy",
  train_loss: "trainLoss",
  train_mean_token_accuracy: "trainTokenAccuracy",
};

/** Thresholds above which a signal becomes a warning; every one can be set per model in stack config. */
export interface QualityThresholds {
  /** Relative rise of full validation loss from its minimum to the end (0.1 = 10% above the best epoch). */
  maxValidLossRise: number;
  /** Final full validation loss minus the mean train loss of the last epoch, in loss units. */
  maxTrainValidGap: number;
  /** A step whose train loss is more than this many times the moving average before it is a spike. */
  lossSpikeFactor: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = { maxValidLossRise: 0.1, maxTrainValidGap: 1.0, lossSpikeFactor: 3 };

export interface EpochPoint {
  epoch: number;
  step: number;
  fullValidLoss: number;
  fullValidTokenAccuracy?: number;
  /** Mean train loss over the steps of this epoch: per-step train loss is too noisy to compare. */
  meanTrainLoss?: number;
  /** The kept checkpoint saved at this step, if the service still has it. */
  checkpointId?: string;
}

export interface QualitySignals {
  /** Full-validation measurements at epoch ends, in order; empty without a validation file. */
  epochs: EpochPoint[];
  /** The epoch end with the lowest full validation loss (the earliest on a tie). */
  best?: EpochPoint;
  /** The last epoch end: what the final model scores. */
  final?: EpochPoint;
  /** final - best full validation loss, and that as a fraction of best. 0 when the final model is the best. */
  validLossRise?: number;
  validLossRiseRatio?: number;
  /** Final full validation loss - the last epoch's mean train loss. */
  trainValidGap?: number;
  /** Steps whose train loss spiked (see QualityThresholds.lossSpikeFactor). */
  spikes: { step: number; trainLoss: number; movingAverage: number }[];
  /** The last epoch's mean train loss is above the first epoch's: training made the loss worse. */
  diverged: boolean;
}

/** Per-step train loss is compared with an exponential moving average of the steps before it. */
const SPIKE_EMA_WEIGHT = 0.9;
/** Steps before spikes are looked for: the average needs a few values, and the first steps fall fast anyway. */
const SPIKE_WARMUP_STEPS = 5;
/** A jump smaller than this (loss units) is noise near zero loss, however large the ratio. */
const SPIKE_MIN_JUMP = 0.5;

export function qualitySignals(
  rows: readonly ResultRow[],
  checkpoints: readonly CheckpointLike[] = [],
  options: { stepsPerEpoch?: number; lossSpikeFactor?: number } = {},
): QualitySignals {
  const boundaries = epochBoundaries(rows, options.stepsPerEpoch);
  const byStep = new Map(rows.map((r) => [r.step, r]));
  const checkpointAt = new Map(checkpoints.map((c) => [c.step, c.id]));
  const epochs: EpochPoint[] = [];
  let epochStart = 0;
  boundaries.forEach((step, i) => {
    const row = byStep.get(step);
    const trainLosses = rows.filter((r) => r.step > epochStart && r.step <= step && r.trainLoss !== undefined).map((r) => r.trainLoss!);
    epochStart = step;
    if (row?.fullValidLoss === undefined) return;
    epochs.push({
      epoch: i + 1,
      step,
      fullValidLoss: row.fullValidLoss,
      ...(row.fullValidTokenAccuracy !== undefined ? { fullValidTokenAccuracy: row.fullValidTokenAccuracy } : {}),
      ...(trainLosses.length > 0 ? { meanTrainLoss: mean(trainLosses) } : {}),
      ...(checkpointAt.has(step) ? { checkpointId: checkpointAt.get(step)! } : {}),
    });
  });
  const best = epochs.reduce<EpochPoint | undefined>((b, e) => (b === undefined || e.fullValidLoss < b.fullValidLoss ? e : b), undefined);
  const final = epochs.at(-1);
  const signals: QualitySignals = { epochs, spikes: lossSpikes(rows, options.lossSpikeFactor ?? DEFAULT_THRESHOLDS.lossSpikeFactor), diverged: false };
  if (best && final) {
    signals.best = best;
    signals.final = final;
    signals.validLossRise = final.fullValidLoss - best.fullValidLoss;
    signals.validLossRiseRatio = best.fullValidLoss > 0 ? signals.validLossRise / best.fullValidLoss : 0;
    if (final.meanTrainLoss !== undefined) signals.trainValidGap = final.fullValidLoss - final.meanTrainLoss;
  }
  signals.diverged = divergence(rows, boundaries);
  return signals;
}

function lossSpikes(rows: readonly ResultRow[], factor: number): QualitySignals["spikes"] {
  const spikes: QualitySignals["spikes"] = [];
  let average: number | undefined;
  let seen = 0;
  for (const row of rows) {
    if (row.trainLoss === undefined) continue;
    if (average !== undefined && seen >= SPIKE_WARMUP_STEPS && row.trainLoss > factor * average && row.trainLoss - average >= SPIKE_MIN_JUMP) {
      spikes.push({ step: row.step, trainLoss: row.trainLoss, movingAverage: average });
    }
    average = average === undefined ? row.trainLoss : SPIKE_EMA_WEIGHT * average + (1 - SPIKE_EMA_WEIGHT) * row.trainLoss;
    seen++;
  }
  return spikes;
}

// With one epoch (or none marked) compare the first and last quarter of the steps instead.
function divergence(rows: readonly ResultRow[], boundaries: readonly number[]): boolean {
  const losses = rows.filter((r) => r.trainLoss !== undefined);
  if (losses.length < 8) return false;
  const firstEnd = boundaries.length >= 2 ? boundaries[0]! : losses[Math.floor(losses.length / 4)]!.step;
  const lastStart = boundaries.length >= 2 ? boundaries.at(-2)! : losses[Math.floor((losses.length * 3) / 4)]!.step;
  const first = losses.filter((r) => r.step <= firstEnd).map((r) => r.trainLoss!);
  const last = losses.filter((r) => r.step > lastStart).map((r) => r.trainLoss!);
  return first.length > 0 && last.length > 0 && mean(last) > mean(first);
}

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
export function bestCheckpoint<C extends CheckpointLike>(checkpoints: readonly C[], metric: string = DEFAULT_BEST_METRIC): C {
  const ranked = [...checkpoints].filter((c) => typeof c.metrics[metric] === "number").sort((a, b) => a.step - b.step);
  if (ranked.length === 0) {
    const why = checkpoints.length === 0 ? "the job kept no checkpoints" : `no checkpoint reports ${metric}${metric.includes("valid") ? " (no validation file?)" : ""}`;
    throw new Error(`no best checkpoint by ${metric}: ${why}`);
  }
  const better = (a: number, b: number) => (higherIsBetter(metric) ? a > b : a < b);
  return ranked.reduce((best, c) => (better(c.metrics[metric]!, best.metrics[metric]!) ? c : best));
}

/** Why a checkpoint was chosen, in one line: "step 36 (epoch 1 of 3): full_valid_loss 2.5503, final model 3.4612". */
export function describeChoice(chosen: CheckpointLike, checkpoints: readonly CheckpointLike[], metric: string, epochs?: number): string {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const last = sorted.at(-1);
  const index = sorted.findIndex((c) => c.id === chosen.id);
  const epoch = epochs && epochs > 0 && index >= 0 ? epochs - sorted.length + 1 + index : undefined;
  const value = chosen.metrics[metric];
  const where = `step ${chosen.step}${epoch ? ` (epoch ${epoch} of ${epochs})` : ""}`;
  const score = value === undefined ? "" : `: ${metric} ${fmt(value)}`;
  if (!last || last.id === chosen.id) return `${where}${score}, the final model is the best of ${plural(sorted.length, "checkpoint")}`;
  const finalValue = last.metrics[metric];
  return `${where}${score}, ${higherIsBetter(metric) ? "highest" : "lowest"} of ${plural(sorted.length, "checkpoint")}${finalValue === undefined ? "" : ` (final model ${fmt(finalValue)})`}`;
}

/** What the training was run with, so a suggestion can name the numbers to change. */
export interface TrainingContext {
  epochs?: number;
  learningRateMultiplier?: number;
  batchSize?: number;
  examples?: number;
  /** The deployment already serves the best checkpoint: do not suggest it. */
  deploysBestCheckpoint?: boolean;
}

export interface QualityWarning {
  signal: "validLossRise" | "trainValidGap" | "lossSpikes" | "diverged";
  message: string;
  /** What to change, with the numbers behind it. Advice only: nothing changes the config by itself. */
  suggestion: string;
}

/** The signals that cross their thresholds, each with a suggestion. */
export function assessQuality(signals: QualitySignals, thresholds: QualityThresholds = DEFAULT_THRESHOLDS, context: TrainingContext = {}): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const { best, final } = signals;
  const lr = context.learningRateMultiplier;
  const lowerLr = lr !== undefined ? `learning_rate_multiplier ${fmtShort(lr)} -> ${fmtShort(lr / 2)}` : "a lower learning_rate_multiplier";
  const moreData = context.examples !== undefined ? `more training examples than ${context.examples}` : "more training examples";
  if (best && final && signals.validLossRiseRatio !== undefined && signals.validLossRiseRatio > thresholds.maxValidLossRise) {
    // Loss and accuracy can disagree (a model can be more confidently wrong on some tokens while getting more
    // of them right): say so, and offer the checkpoint last, to be checked against an evaluation first.
    const accuracyRose = best.fullValidTokenAccuracy !== undefined && final.fullValidTokenAccuracy !== undefined && final.fullValidTokenAccuracy > best.fullValidTokenAccuracy;
    const deploy = context.deploysBestCheckpoint ? "" : `; or deploy the best checkpoint (deployment.checkpoint: best, step ${best.step})${accuracyRose ? " after comparing its evaluation" : ""}`;
    warnings.push({
      signal: "validLossRise",
      message:
        `overfitting: full validation loss is lowest at step ${best.step} (epoch ${best.epoch}${context.epochs ? ` of ${context.epochs}` : ""}: ${fmt(best.fullValidLoss)}) ` +
        `and ${pct(signals.validLossRiseRatio)} higher at the end (${fmt(final.fullValidLoss)} at step ${final.step}; threshold ${pct(thresholds.maxValidLossRise)})` +
        (accuracyRose ? `, while full validation token accuracy rose from ${pctOne(best.fullValidTokenAccuracy!)} to ${pctOne(final.fullValidTokenAccuracy!)}` : ""),
      suggestion: `n_epochs ${context.epochs ?? "?"} -> ${best.epoch}, ${lowerLr}, or ${moreData}${deploy}`,
    });
  }
  if (final && signals.trainValidGap !== undefined && signals.trainValidGap > thresholds.maxTrainValidGap) {
    warnings.push({
      signal: "trainValidGap",
      message:
        `train/validation gap: the last epoch's mean train loss is ${fmt(final.meanTrainLoss!)}, full validation loss ${fmt(final.fullValidLoss)} ` +
        `(gap ${fmt(signals.trainValidGap)} > ${fmtShort(thresholds.maxTrainValidGap)}): the model fits its training examples much better than held-out ones`,
      suggestion: `${moreData} (or more varied ones), fewer epochs${best && context.epochs ? ` (n_epochs ${context.epochs} -> ${best.epoch})` : ""}, or ${lowerLr}`,
    });
  }
  if (signals.spikes.length > 0) {
    const shown = signals.spikes.slice(0, 5).map((s) => `step ${s.step} (${fmtShort(s.trainLoss)} vs ${fmtShort(s.movingAverage)})`);
    warnings.push({
      signal: "lossSpikes",
      message: `train loss spiked above ${fmtShort(thresholds.lossSpikeFactor)}x its moving average at ${plural(signals.spikes.length, "step")}: ${shown.join(", ")}${signals.spikes.length > 5 ? ", ..." : ""}`,
      suggestion: `${lowerLr}${context.batchSize !== undefined ? `, or batch_size ${context.batchSize} -> ${context.batchSize * 2}` : ", or a larger batch_size"}; check the examples at those steps`,
    });
  }
  if (signals.diverged) {
    warnings.push({
      signal: "diverged",
      message: "divergence: train loss is higher in the last epoch than in the first",
      suggestion: `${lowerLr}; check the training data for contradictory examples`,
    });
  }
  return warnings;
}

/** The compact form exported in stack outputs and job state (JSON-safe, rounded). */
export interface QualitySummary {
  bestStep?: number;
  bestEpoch?: number;
  bestFullValidLoss?: number;
  bestFullValidTokenAccuracy?: number;
  bestCheckpointId?: string;
  finalStep?: number;
  finalFullValidLoss?: number;
  validLossRise?: number;
  validLossRiseRatio?: number;
  trainValidGap?: number;
  spikeSteps: number[];
  diverged: boolean;
  warnings: string[];
  suggestions: string[];
}

export function summarizeQuality(signals: QualitySignals, warnings: readonly QualityWarning[]): QualitySummary {
  const r = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1e4) / 1e4);
  const entries: [keyof QualitySummary, unknown][] = [
    ["bestStep", signals.best?.step],
    ["bestEpoch", signals.best?.epoch],
    ["bestFullValidLoss", r(signals.best?.fullValidLoss)],
    ["bestFullValidTokenAccuracy", r(signals.best?.fullValidTokenAccuracy)],
    ["bestCheckpointId", signals.best?.checkpointId],
    ["finalStep", signals.final?.step],
    ["finalFullValidLoss", r(signals.final?.fullValidLoss)],
    ["validLossRise", r(signals.validLossRise)],
    ["validLossRiseRatio", r(signals.validLossRiseRatio)],
    ["trainValidGap", r(signals.trainValidGap)],
  ];
  return {
    ...(Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Partial<QualitySummary>),
    spikeSteps: signals.spikes.map((s) => s.step),
    diverged: signals.diverged,
    warnings: warnings.map((w) => w.message),
    suggestions: warnings.map((w) => w.suggestion),
  };
}

/** The exported summary of a model that already deploys a checkpoint: its advice no longer names that change. */
export function withoutAppliedAdvice(summary: QualitySummary): QualitySummary {
  return { ...summary, suggestions: summary.suggestions.map((s) => s.replace(CHECKPOINT_ADVICE, "")) };
}
export const CHECKPOINT_ADVICE = /; or deploy the best checkpoint \(deployment\.checkpoint: best, step \d+\)( after comparing its evaluation)?$/;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (x: number) => x.toFixed(4);
const fmtShort = (x: number) => String(Number(x.toPrecision(3)));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const pctOne = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
