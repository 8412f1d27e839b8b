// Quality signals (analysis/quality.ts, best-checkpoint.ts, quality-advice.ts) on synthetic results.csv files whose
// minima, gaps and spikes are known, the `best` checkpoint selection (program/checkpoint-selection.ts), and its config.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bestCheckpoint, describeChoice, withRowMetrics } from "../../../analysis/best-checkpoint";
import { DEFAULT_THRESHOLDS, qualitySignals } from "../../../analysis/quality";
import { assessQuality, summarizeQuality, withoutAppliedAdvice } from "../../../analysis/quality-advice";
import { parseResultsCsv, type ResultRow } from "../../../analysis/results-csv";
import { chooseCheckpoint, describeSelector, selectCheckpoint } from "../../../program/checkpoint-selection";
import { parseStackConfig } from "../../../program/config";
import type { JobCheckpoint } from "../../../resources/fine-tuning-job/contract";

const STEPS_PER_EPOCH = 10;

/**
 * A results.csv as the service writes it: per-step train and validation losses, and full_valid_* at each
 * epoch end. `fullValid[i]` is epoch i+1's full validation loss; `train(step)` the per-step train loss.
 */
function csv(fullValid: number[], train: (step: number) => number = (s) => 2 / s): string {
  const lines = [
    "step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy",
  ];
  for (let step = 1; step <= fullValid.length * STEPS_PER_EPOCH; step++) {
    const epochEnd = step % STEPS_PER_EPOCH === 0 ? fullValid[step / STEPS_PER_EPOCH - 1] : undefined;
    const full = epochEnd === undefined ? "," : `${epochEnd},${(1 - epochEnd / 10).toFixed(3)}`;
    lines.push(`${step},${train(step).toFixed(5)},0.5,${(epochEnd ?? 2).toFixed(5)},0.4,${full}`);
  }
  return lines.join("\n") + "\n";
}

const rowsOf = (fullValid: number[], train?: (step: number) => number) => parseResultsCsv(csv(fullValid, train));

describe("qualitySignals: the best epoch and the rise of validation loss after it", () => {
  it("finds the minimum at epoch 1 of 3 and the rise to the end", () => {
    const s = qualitySignals(rowsOf([2.0, 2.4, 3.0]));
    expect(s.epochs.map((e) => e.step)).toEqual([10, 20, 30]);
    expect(s.best).toMatchObject({ epoch: 1, step: 10, fullValidLoss: 2.0 });
    expect(s.final).toMatchObject({ epoch: 3, step: 30, fullValidLoss: 3.0 });
    expect(s.validLossRise).toBeCloseTo(1.0, 10);
    expect(s.validLossRiseRatio).toBeCloseTo(0.5, 10);
  });

  it("finds a minimum in the middle, and no rise when the last epoch is the best", () => {
    expect(qualitySignals(rowsOf([3.0, 1.5, 1.8, 2.1])).best).toMatchObject({ epoch: 2, step: 20 });
    const improving = qualitySignals(rowsOf([3.0, 2.0, 1.0]));
    expect(improving.best?.step).toBe(30);
    expect(improving.validLossRise).toBe(0);
    expect(assessQuality(improving).filter((w) => w.signal === "validLossRise")).toEqual([]);
  });

  it("takes the earliest epoch on a tie (fewer steps, less overfit)", () => {
    expect(qualitySignals(rowsOf([2.0, 1.0, 1.0])).best?.step).toBe(20);
  });

  it("names the kept checkpoint of the best epoch, and none when the service dropped it", () => {
    const kept = [20, 30].map((step) => ({ id: `ftchkpt-s${step}`, step, metrics: {} }));
    expect(qualitySignals(rowsOf([2.5, 2.0, 3.0]), kept).best?.checkpointId).toBe("ftchkpt-s20");
    expect(qualitySignals(rowsOf([1.0, 2.0, 3.0]), kept).best?.checkpointId).toBeUndefined();
  });

  it("has no best epoch and no validation signals without a validation file", () => {
    const rows: ResultRow[] = Array.from({ length: 30 }, (_, i) => ({
      step: i + 1,
      trainLoss: 2 / (i + 1),
      trainTokenAccuracy: 0.5,
    }));
    const s = qualitySignals(rows, [], { stepsPerEpoch: 10 });
    expect(s.best).toBeUndefined();
    expect(s.validLossRise).toBeUndefined();
    expect(s.trainValidGap).toBeUndefined();
    expect(assessQuality(s)).toEqual([]);
  });

  it("reads the local service's sample run: best at step 36 (epoch 1 of 3), 42% higher at the end", () => {
    const rows = parseResultsCsv(
      readFileSync(path.join(__dirname, "../../fixtures/reports/results-local-service.csv"), "utf8"),
    );
    const s = qualitySignals(rows);
    expect(s.best).toMatchObject({ epoch: 1, step: 36, fullValidLoss: 2.50256 });
    expect(s.final).toMatchObject({ step: 108, fullValidLoss: 3.54398 });
    expect(s.validLossRiseRatio).toBeCloseTo(0.4162, 3);
  });
});

describe("qualitySignals: gap, spikes and divergence", () => {
  it("measures the gap between the last epoch's mean train loss and its full validation loss", () => {
    // Epoch 3 trains at 0.1 on every step; full validation ends at 2.6.
    const s = qualitySignals(rowsOf([2.0, 2.3, 2.6], (step) => (step > 20 ? 0.1 : 1)));
    expect(s.final?.meanTrainLoss).toBeCloseTo(0.1, 10);
    expect(s.trainValidGap).toBeCloseTo(2.5, 10);
  });

  it("finds exactly the injected spike, not the noise around it", () => {
    // A steady 1.0 +/- 0.2, then 5.0 at step 17.
    const s = qualitySignals(rowsOf([2, 2, 2], (step) => (step === 17 ? 5 : 1 + (step % 2 ? 0.2 : -0.2))));
    expect(s.spikes.map((x) => x.step)).toEqual([17]);
    expect(s.spikes[0]!.movingAverage).toBeGreaterThan(0.8);
    expect(qualitySignals(rowsOf([2, 2, 2], (step) => 1 + (step % 2 ? 0.2 : -0.2))).spikes).toEqual([]);
  });

  it("does not call a jump under half a loss unit a spike, however large the ratio near zero loss", () => {
    const s = qualitySignals(rowsOf([2, 2, 2], (step) => (step === 25 ? 0.4 : 0.01)));
    expect(s.spikes).toEqual([]);
  });

  it("raises the spike factor from config: 5.0 over ~1 is a spike at 3x, not at 6x", () => {
    const rows = rowsOf([2, 2, 2], (step) => (step === 17 ? 5 : 1));
    expect(qualitySignals(rows, [], { lossSpikeFactor: 3 }).spikes).toHaveLength(1);
    expect(qualitySignals(rows, [], { lossSpikeFactor: 6 }).spikes).toHaveLength(0);
  });

  it("calls a train loss that ends higher than it started divergence, and a falling one not", () => {
    expect(qualitySignals(rowsOf([2, 2, 2], (step) => 1 + step / 10)).diverged).toBe(true);
    expect(qualitySignals(rowsOf([2, 2, 2])).diverged).toBe(false);
  });
});

describe("assessQuality: warnings past the thresholds, with suggestions", () => {
  const overfit = qualitySignals(rowsOf([2.0, 2.4, 3.0], (step) => (step > 10 ? 0.05 : 1.5)));
  const context = { epochs: 3, learningRateMultiplier: 1, batchSize: 1, examples: 36 };

  it("warns about the rise with the best step, the figures and the threshold, and suggests the numbers to change", () => {
    const rise = assessQuality(overfit, DEFAULT_THRESHOLDS, context).find((w) => w.signal === "validLossRise")!;
    expect(rise.message).toBe(
      "overfitting: full validation loss is lowest at step 10 (epoch 1 of 3: 2.0000) and 50% higher at the end (3.0000 at step 30; threshold 10%)",
    );
    expect(rise.suggestion).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36; or deploy the best checkpoint (deployment.checkpoint: best, step 10)",
    );
  });

  it("does not suggest checkpoint: best to a model that already deploys it", () => {
    const rise = assessQuality(overfit, DEFAULT_THRESHOLDS, { ...context, deploysBestCheckpoint: true }).find(
      (w) => w.signal === "validLossRise",
    )!;
    expect(rise.suggestion).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36",
    );
    // Advice stored before the deployment switched to best is cleaned the same way in the outputs.
    const summary = withoutAppliedAdvice(
      summarizeQuality(overfit, assessQuality(overfit, DEFAULT_THRESHOLDS, context)),
    );
    expect(summary.suggestions[0]).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36",
    );
  });

  it("stays quiet under the thresholds, and warns once they are lowered", () => {
    const slight = qualitySignals(rowsOf([2.0, 2.05, 2.1], () => 1.5)); // 5% rise, gap 0.6
    expect(assessQuality(slight)).toEqual([]);
    const strict = assessQuality(slight, { ...DEFAULT_THRESHOLDS, maxValidLossRise: 0.04, maxTrainValidGap: 0.5 });
    expect(strict.map((w) => w.signal)).toEqual(["validLossRise", "trainValidGap"]);
  });

  it("warns only past a threshold, not at it", () => {
    const rise = qualitySignals(rowsOf([2.0, 2.25], () => 2)); // exactly 12.5% (binary-exact figures)
    const warnsAt = (maxValidLossRise: number) =>
      assessQuality(rise, { ...DEFAULT_THRESHOLDS, maxValidLossRise }).some((w) => w.signal === "validLossRise");
    expect(warnsAt(0.125)).toBe(false);
    expect(warnsAt(0.12)).toBe(true);
  });

  it("warns about the gap with both losses", () => {
    const gap = assessQuality(overfit, DEFAULT_THRESHOLDS, context).find((w) => w.signal === "trainValidGap")!;
    expect(gap.message).toContain("mean train loss is 0.0500, full validation loss 3.0000 (gap 2.9500 > 1)");
  });

  it("exports a JSON-safe summary with the warnings and suggestions in order", () => {
    const summary = summarizeQuality(overfit, assessQuality(overfit, DEFAULT_THRESHOLDS, context));
    expect(summary).toMatchObject({
      bestStep: 10,
      bestEpoch: 1,
      bestFullValidLoss: 2,
      finalStep: 30,
      finalFullValidLoss: 3,
      validLossRise: 1,
      validLossRiseRatio: 0.5,
      diverged: false,
    });
    expect(summary.warnings).toHaveLength(2);
    expect(summary.suggestions).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

const ckpt = (step: number, metrics: Record<string, number>): JobCheckpoint => ({
  id: `ftchkpt-s${step}`,
  step,
  fineTunedModelCheckpoint: `m:ckpt-step-${step}`,
  metrics,
});

describe("checkpoint: best", () => {
  const kept = [
    ckpt(36, { full_valid_loss: 2.55, full_valid_mean_token_accuracy: 0.35 }),
    ckpt(108, { full_valid_loss: 3.46, full_valid_mean_token_accuracy: 0.41 }),
    ckpt(72, { full_valid_loss: 3.1, full_valid_mean_token_accuracy: 0.38 }),
  ];

  it("selects the lowest full validation loss by default, and the highest accuracy when asked", () => {
    expect(selectCheckpoint(kept, "best", 3)).toBe("ftchkpt-s36");
    expect(selectCheckpoint(kept, { best: "full_valid_mean_token_accuracy" }, 3)).toBe("ftchkpt-s108");
    expect(selectCheckpoint(kept, { best: "full_valid_loss" }, 3)).toBe("ftchkpt-s36");
  });

  it("takes the earliest on a tie and skips checkpoints without the metric", () => {
    expect(bestCheckpoint([ckpt(20, { full_valid_loss: 1 }), ckpt(10, { full_valid_loss: 1 }), ckpt(30, {})]).id).toBe(
      "ftchkpt-s10",
    );
  });

  it("refuses when no checkpoint reports the metric, saying why", () => {
    expect(() => selectCheckpoint([ckpt(10, { train_loss: 1 })], "best", 1)).toThrow(
      "no best checkpoint by full_valid_loss: no checkpoint reports full_valid_loss (no validation file?)",
    );
    expect(() => selectCheckpoint([], "best", 1)).toThrow(/kept no checkpoints/);
  });

  it("fills a checkpoint's missing metric from the results.csv row of its step, so it can be ranked", () => {
    const rows = rowsOf([2.0, 2.4, 3.0]);
    const filled = withRowMetrics([ckpt(10, {}), ckpt(20, { full_valid_loss: 9 }), ckpt(30, {})], rows);
    expect(filled.map((c) => c.metrics.full_valid_loss)).toEqual([2.0, 9, 3.0]);
    expect(bestCheckpoint(filled).step).toBe(10);
  });

  it("says which checkpoint and why, for the preview and the report", () => {
    expect(describeSelector("best")).toBe("best by full_valid_loss");
    expect(describeSelector({ epoch: 2 })).toBe("epoch 2");
    expect(chooseCheckpoint(kept, "best", 3)).toEqual({
      id: "ftchkpt-s36",
      reason:
        "best by full_valid_loss: step 36 (epoch 1 of 3): full_valid_loss 2.5500, lowest of 3 checkpoints (final model 3.4600)",
    });
    expect(describeChoice(kept[1]!, kept, "full_valid_loss", 3)).toContain("the final model is the best");
  });
});

describe("config: checkpoint best and quality thresholds", () => {
  const model = (extra: Record<string, unknown>) => ({
    account: { name: "dev" },
    models: { m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl", ...extra } },
  });

  it("accepts checkpoint: best and { best: <metric> }", () => {
    const valid = { validationFile: "datasets/clippy/valid.jsonl" };
    expect(
      parseStackConfig(model({ ...valid, deployment: { name: "m1", checkpoint: "best" } })).models.m!.deployment!
        .checkpoint,
    ).toBe("best");
    const byAccuracy = parseStackConfig(
      model({ ...valid, deployment: { name: "m1", checkpoint: { best: "full_valid_mean_token_accuracy" } } }),
    );
    expect(byAccuracy.models.m!.deployment!.checkpoint).toEqual({ best: "full_valid_mean_token_accuracy" });
  });

  it("refuses best by a validation metric without a validation file, and accepts it by a train metric", () => {
    expect(() => parseStackConfig(model({ deployment: { name: "m1", checkpoint: "best" } }))).toThrow(
      "foundry-finetune:models.m.deployment.checkpoint: best by full_valid_loss needs a validationFile: without one no checkpoint reports full_valid_loss",
    );
    expect(
      parseStackConfig(model({ deployment: { name: "m1", checkpoint: { best: "train_loss" } } })).models.m!.deployment!
        .checkpoint,
    ).toEqual({ best: "train_loss" });
  });

  it("refuses a metric no checkpoint reports, naming the key", () => {
    expect(() => parseStackConfig(model({ deployment: { name: "m1", checkpoint: { best: "bleu" } } }))).toThrow(
      /foundry-finetune:models\.m\.deployment\.checkpoint/,
    );
  });

  it("fills the default thresholds, takes overrides, and refuses unknown keys", () => {
    expect(parseStackConfig(model({})).models.m!.quality).toEqual(DEFAULT_THRESHOLDS);
    expect(parseStackConfig(model({ quality: { maxValidLossRise: 0.25 } })).models.m!.quality).toEqual({
      ...DEFAULT_THRESHOLDS,
      maxValidLossRise: 0.25,
    });
    expect(() => parseStackConfig(model({ quality: { maxRise: 1 } }))).toThrow(/models\.m\.quality/);
    expect(() => parseStackConfig(model({ quality: { lossSpikeFactor: 1 } }))).toThrow(
      /models\.m\.quality\.lossSpikeFactor/,
    );
  });
});
