// Quality signals of one training, from its results.csv rows and checkpoints: where full validation loss is
// lowest (the best checkpoint), how far it rose after that (overfitting), the gap between train and
// validation loss at the end (memorising), train-loss spikes and divergence. Pure: no I/O, no Pulumi.
import type { CheckpointLike } from "./best-checkpoint";
import { epochBoundaries, type ResultRow } from "./results-csv";

/** Thresholds above which a signal becomes a warning; every one can be set per model in stack config. */
export interface QualityThresholds {
  /** Relative rise of full validation loss from its minimum to the end (0.1 = 10% above the best epoch). */
  maxValidLossRise: number;
  /** Final full validation loss minus the mean train loss of the last epoch, in loss units. */
  maxTrainValidGap: number;
  /** A step whose train loss is more than this many times the moving average before it is a spike. */
  lossSpikeFactor: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = {
  maxValidLossRise: 0.1,
  maxTrainValidGap: 1.0,
  lossSpikeFactor: 3,
};

interface EpochPoint {
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
    const trainLosses = rows
      .filter((r) => r.step > epochStart && r.step <= step && r.trainLoss !== undefined)
      .map((r) => r.trainLoss!);
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
  const best = epochs.reduce<EpochPoint | undefined>(
    (b, e) => (b === undefined || e.fullValidLoss < b.fullValidLoss ? e : b),
    undefined,
  );
  const final = epochs.at(-1);
  const signals: QualitySignals = {
    epochs,
    spikes: lossSpikes(rows, options.lossSpikeFactor ?? DEFAULT_THRESHOLDS.lossSpikeFactor),
    diverged: false,
  };
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
    if (
      average !== undefined &&
      seen >= SPIKE_WARMUP_STEPS &&
      row.trainLoss > factor * average &&
      row.trainLoss - average >= SPIKE_MIN_JUMP
    ) {
      spikes.push({ step: row.step, trainLoss: row.trainLoss, movingAverage: average });
    }
    average =
      average === undefined ? row.trainLoss : SPIKE_EMA_WEIGHT * average + (1 - SPIKE_EMA_WEIGHT) * row.trainLoss;
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

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
