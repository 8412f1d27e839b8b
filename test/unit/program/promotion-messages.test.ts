// The exact words a blocked promotion prints (program/gates.ts, checkpoint-selection.ts, promotion.ts): the preview
// shows them to whoever reviews the change, so a figure, a comparison or a threshold in the wrong place misleads.
import { describe, expect, it } from "vitest";
import { selectCheckpoint } from "../../../program/checkpoint-selection";
import type { PromotedModelConfig } from "../../../program/config";
import { gateFailures } from "../../../program/gates";
import { promotionDecision, type SourceModel } from "../../../program/promotion-decision";

// promotionDecision is pure; its module also declares resources (see resources-promotion.test.ts).

describe("gate failures, word for word", () => {
  it("states figure, comparison and threshold; integers as integers, others with 4 decimals", () => {
    expect(gateFailures({ metrics: { fullValidLoss: 1.23456 } }, { maxValidLoss: 1 })).toEqual([
      "validation loss 1.2346 > max 1",
    ]);
    expect(gateFailures({ metrics: { fullValidTokenAccuracy: 0.5 } }, { minValidTokenAccuracy: 0.75 })).toEqual([
      "validation token accuracy 0.5000 < min 0.7500",
    ]);
    expect(gateFailures({ trainedTokens: 999 }, { minTrainedTokens: 1000 })).toEqual(["trained tokens 999 < min 1000"]);
    expect(gateFailures({ evaluation: { exactMatch: 0.1 } }, { minEvalExactMatch: 0.2 })).toEqual([
      "evaluation exact match 0.1000 < min 0.2000",
    ]);
    expect(gateFailures({ evaluation: { tokenOverlap: 0 } }, { minEvalTokenOverlap: 0.5 })).toEqual([
      "evaluation token overlap 0 < min 0.5000",
    ]);
  });

  it("says which figure is missing and why", () => {
    expect(
      gateFailures(
        {},
        {
          maxValidLoss: 2,
          minValidTokenAccuracy: 0.5,
          minTrainedTokens: 10,
          minEvalExactMatch: 0.2,
          minEvalTokenOverlap: 0.3,
        },
      ),
    ).toEqual([
      "validation loss: not reported (no validation file?), gate max 2",
      "validation token accuracy: not reported (no validation file?), gate min 0.5000",
      "trained tokens: not reported, gate min 10",
      "evaluation exact match: no evaluation in the source stack, gate min 0.2000",
      "evaluation token overlap: no evaluation in the source stack, gate min 0.3000",
    ]);
  });

  it("passes a figure exactly at its threshold, and fails one just past it on either side", () => {
    expect(
      gateFailures({ metrics: { finalValidLoss: 1 }, trainedTokens: 10 }, { maxValidLoss: 1, minTrainedTokens: 10 }),
    ).toEqual([]);
    expect(gateFailures({ metrics: { finalValidLoss: 1.0001 } }, { maxValidLoss: 1 })).toHaveLength(1);
    expect(gateFailures({ metrics: { finalValidLoss: 0.9 } }, { maxValidLoss: 1 })).toEqual([]);
    expect(gateFailures({ trainedTokens: 9 }, { minTrainedTokens: 10 })).toHaveLength(1);
    expect(gateFailures({ trainedTokens: 11 }, { minTrainedTokens: 10 })).toEqual([]);
    expect(gateFailures({ metrics: { fullValidTokenAccuracy: 0.9 } }, { minValidTokenAccuracy: 0.8 })).toEqual([]);
    expect(
      gateFailures(
        { evaluation: { exactMatch: 0.9, tokenOverlap: 0.9 } },
        { minEvalExactMatch: 0.8, minEvalTokenOverlap: 0.8 },
      ),
    ).toEqual([]);
  });

  it("takes the full-validation figure over the final one when both exist, for accuracy too", () => {
    expect(
      gateFailures(
        { metrics: { fullValidTokenAccuracy: 0.5, finalValidTokenAccuracy: 0.9 } },
        { minValidTokenAccuracy: 0.8 },
      ),
    ).toEqual(["validation token accuracy 0.5000 < min 0.8000"]);
  });
});

describe("checkpoint selection, word for word", () => {
  const kept = [20, 10, 30].map((step) => ({
    id: `ftchkpt-s${step}`,
    step,
    fineTunedModelCheckpoint: `m:ckpt-step-${step}`,
    metrics: {},
  }));

  it("lists the kept checkpoints by epoch, step and id", () => {
    expect(() => selectCheckpoint(kept, { epoch: 2 }, 5)).toThrow(
      'checkpoint {"epoch":2} is not among the job\'s checkpoints: epoch 3 (step 10, ftchkpt-s10), epoch 4 (step 20, ftchkpt-s20), epoch 5 (step 30, ftchkpt-s30)',
    );
    expect(() => selectCheckpoint([], { step: 1 }, 2)).toThrow(
      'checkpoint {"step":1} is not among the job\'s checkpoints: none',
    );
  });

  it("does not change the caller's list", () => {
    const before = kept.map((c) => c.step);
    selectCheckpoint(kept, { epoch: 3 }, 3);
    expect(kept.map((c) => c.step)).toEqual(before);
  });
});

describe("promotionDecision, word for word", () => {
  const config = (overrides: Partial<PromotedModelConfig> = {}): PromotedModelConfig => ({
    promoteFrom: { stack: "org/proj/dev", model: "clippy" },
    gates: {},
    deployment: { name: "clippy", sku: "Standard", capacity: 1, versionUpgradeOption: "NoAutoUpgrade" },
    ...overrides,
  });
  const source = (overrides: Partial<SourceModel> = {}): SourceModel => ({
    jobId: "ftjob-1",
    status: "succeeded",
    fineTunedModel: "m.ft-1",
    trainedTokens: 10,
    ...overrides,
  });
  const checkpoints = [10, 20].map((step) => ({
    id: `ftchkpt-s${step}`,
    step,
    fineTunedModelCheckpoint: `m:ckpt-step-${step}`,
    metrics: {},
  }));
  const atEpoch = (epoch: number) => config({ deployment: { ...config().deployment, checkpoint: { epoch } } });

  it("says why it refuses", () => {
    expect(promotionDecision("prod", "bot", config(), undefined)).toEqual({
      refused: 'stack org/proj/dev exports no model "clippy"',
    });
    expect(promotionDecision("prod", "bot", config(), source({ status: "running" }))).toEqual({
      refused: "org/proj/dev/clippy has not finished training (status running)",
    });
    expect(promotionDecision("prod", "bot", config(), source({ fineTunedModel: undefined }))).toEqual({
      refused: "org/proj/dev/clippy has not finished training (status succeeded)",
    });
    expect(
      promotionDecision("prod", "bot", config({ gates: { minTrainedTokens: 20, maxValidLoss: 1 } }), source()),
    ).toEqual({
      refused:
        "prod: bot is not promoted from org/proj/dev/clippy (m.ft-1): validation loss: not reported (no validation file?), gate max 1; trained tokens 10 < min 20",
    });
  });

  it("counts epochs from the metrics, or from the kept checkpoints when results.csv marked none", () => {
    expect(promotionDecision("prod", "bot", atEpoch(3), source({ metrics: { epochs: 3 }, checkpoints }))).toEqual({
      model: "ftchkpt-s20",
      checkpoint: { rule: "epoch 3", reason: "epoch 3: step 20 (epoch 3 of 3)" },
    });
    expect(promotionDecision("prod", "bot", atEpoch(2), source({ metrics: { epochs: 0 }, checkpoints }))).toMatchObject(
      { model: "ftchkpt-s20" },
    );
    expect(promotionDecision("prod", "bot", atEpoch(1), source({ checkpoints }))).toMatchObject({
      model: "ftchkpt-s10",
    });
    // No checkpoints exported: a refusal that says so (a gate-like stop of the preview), not a crash.
    expect(promotionDecision("prod", "bot", atEpoch(1), source())).toEqual({
      refused: expect.stringMatching(/^prod: bot is not promoted from org\/proj\/dev\/clippy \(m\.ft-1\): .*none$/),
    });
  });
});
