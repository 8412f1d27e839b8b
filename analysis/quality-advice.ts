// The quality signals past their thresholds, as warnings with a suggestion each (the numbers to change), and
// the compact summary the job exports. Advice only: nothing here changes the config. Pure.
import { DEFAULT_THRESHOLDS, type QualitySignals, type QualityThresholds } from "./quality";

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
export function assessQuality(
  signals: QualitySignals,
  thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
  context: TrainingContext = {},
): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const { best, final } = signals;
  const lr = context.learningRateMultiplier;
  const lowerLr =
    lr !== undefined
      ? `learning_rate_multiplier ${fmtShort(lr)} -> ${fmtShort(lr / 2)}`
      : "a lower learning_rate_multiplier";
  const moreData =
    context.examples !== undefined ? `more training examples than ${context.examples}` : "more training examples";
  if (
    best &&
    final &&
    signals.validLossRiseRatio !== undefined &&
    signals.validLossRiseRatio > thresholds.maxValidLossRise
  ) {
    // Loss and accuracy can disagree (a model can be more confidently wrong on some tokens while getting more
    // of them right): say so, and offer the checkpoint last, to be checked against an evaluation first.
    const accuracyRose =
      best.fullValidTokenAccuracy !== undefined &&
      final.fullValidTokenAccuracy !== undefined &&
      final.fullValidTokenAccuracy > best.fullValidTokenAccuracy;
    const deploy = context.deploysBestCheckpoint
      ? ""
      : `; or deploy the best checkpoint (deployment.checkpoint: best, step ${best.step})${accuracyRose ? " after comparing its evaluation" : ""}`;
    warnings.push({
      signal: "validLossRise",
      message:
        `overfitting: full validation loss is lowest at step ${best.step} (epoch ${best.epoch}${context.epochs ? ` of ${context.epochs}` : ""}: ${fmt(best.fullValidLoss)}) ` +
        `and ${pct(signals.validLossRiseRatio)} higher at the end (${fmt(final.fullValidLoss)} at step ${final.step}; threshold ${pct(thresholds.maxValidLossRise)})` +
        (accuracyRose
          ? `, while full validation token accuracy rose from ${pctOne(best.fullValidTokenAccuracy!)} to ${pctOne(final.fullValidTokenAccuracy!)}`
          : ""),
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
    const shown = signals.spikes
      .slice(0, 5)
      .map((s) => `step ${s.step} (${fmtShort(s.trainLoss)} vs ${fmtShort(s.movingAverage)})`);
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

/**
 * What a finished training measured, before any threshold: the signals with every spike candidate (a step whose
 * loss is above its moving average at all) and the settings a suggestion names. The job records this; the
 * program judges it against the model's thresholds, so changing a threshold never touches the job.
 */
export interface QualityEvidence {
  signals: QualitySignals;
  context: Omit<TrainingContext, "deploysBestCheckpoint">;
}

/** The factor the evidence's spikes are collected with: every threshold the config accepts is above it. */
export const EVIDENCE_SPIKE_FACTOR = 1;

/** The summary and warnings of a training under these thresholds. */
export function judgeQuality(
  evidence: QualityEvidence,
  thresholds: QualityThresholds,
  deploysBestCheckpoint = false,
): QualitySummary {
  const signals = {
    ...evidence.signals,
    spikes: evidence.signals.spikes.filter((s) => s.trainLoss > thresholds.lossSpikeFactor * s.movingAverage),
  };
  return summarizeQuality(signals, assessQuality(signals, thresholds, { ...evidence.context, deploysBestCheckpoint }));
}

/** The exported summary of a model that already deploys a checkpoint: its advice no longer names that change. */
export function withoutAppliedAdvice(summary: QualitySummary): QualitySummary {
  return { ...summary, suggestions: summary.suggestions.map((s) => s.replace(CHECKPOINT_ADVICE, "")) };
}
export const CHECKPOINT_ADVICE =
  /; or deploy the best checkpoint \(deployment\.checkpoint: best, step \d+\)( after comparing its evaluation)?$/;

const fmt = (x: number) => x.toFixed(4);
const fmtShort = (x: number) => String(Number(x.toPrecision(3)));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const pctOne = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
