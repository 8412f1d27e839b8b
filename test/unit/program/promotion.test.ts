// promotionDecision (program/promotion.ts): what a promoting stack deploys, or why it refuses.
import { describe, expect, it } from "vitest";
import { finalMetrics } from "../../../analysis/results-csv";
import type { PromotedModelConfig } from "../../../program/config";
import { promotionDecision, type SourceModel } from "../../../program/promotion-decision";

// promotionDecision is pure, but its module also declares resources: keep the Pulumi SDK and the stack
// composition (seconds to load, unused here) out of this test. A use of them by the decision would fail loudly.

const config = (overrides: Partial<PromotedModelConfig> = {}): PromotedModelConfig => ({
  promoteFrom: { stack: "dev", model: "clippy" },
  gates: { maxValidLoss: 6, minTrainedTokens: 1000 },
  deployment: { name: "clippy", sku: "Standard", capacity: 1, versionUpgradeOption: "NoAutoUpgrade" },
  ...overrides,
});

const source = (overrides: Partial<SourceModel> = {}): SourceModel => ({
  jobId: "ftjob-abc",
  status: "succeeded",
  fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-abc-clippy",
  trainedTokens: 5000,
  metrics: { fullValidLoss: 1.2, epochs: 3 },
  checkpoints: [10, 20, 30].map((step) => ({
    id: `ftchkpt-s${step}`,
    step,
    fineTunedModelCheckpoint: `m:ckpt-step-${step}`,
    metrics: {},
  })),
  ...overrides,
});

describe("promotionDecision", () => {
  it("promotes the source's fine-tuned model when its gates pass", () => {
    expect(promotionDecision("prod", "clippy", config(), source())).toEqual({ model: source().fineTunedModel });
  });

  it("promotes the configured checkpoint instead of the final model", () => {
    const decision = promotionDecision(
      "prod",
      "clippy",
      config({ deployment: { ...config().deployment, checkpoint: { epoch: 2 } } }),
      source(),
    );
    expect(decision).toMatchObject({ model: "ftchkpt-s20" });
  });

  it("promotes a checkpoint by epoch from a model trained without a validation file (results.csv then marks no epoch ends)", () => {
    // The metrics the job exports come from finalMetrics over results.csv: 3 epochs of 10 steps, no full_valid_* rows.
    const rows = Array.from({ length: 30 }, (_, i) => ({
      step: i + 1,
      trainLoss: 1 - i / 100,
      trainTokenAccuracy: 0.5,
    }));
    const metrics = Object.fromEntries(
      Object.entries(finalMetrics(rows)).filter(([, v]) => typeof v === "number"),
    ) as Record<string, number>;
    const noValidation = source({ metrics });
    const decision = promotionDecision(
      "prod",
      "clippy",
      config({ gates: {}, deployment: { ...config().deployment, checkpoint: { epoch: 2 } } }),
      noValidation,
    );
    expect(decision).toMatchObject({ model: "ftchkpt-s20" });
  });

  it("refuses a model the source stack does not export, naming the stack and the model", () => {
    const decision = promotionDecision("prod", "clippy", config(), undefined);
    expect("refused" in decision && decision.refused).toMatch(/dev.*clippy/);
  });

  it("refuses a model that has not finished training, naming its status", () => {
    for (const unfinished of [source({ status: "running", fineTunedModel: undefined }), source({ status: "failed" })]) {
      const decision = promotionDecision("prod", "clippy", config(), unfinished);
      expect("refused" in decision && decision.refused).toContain(unfinished.status);
    }
  });

  it("refuses a model that fails its gates, with every failure and the model's name", () => {
    const decision = promotionDecision(
      "prod",
      "clippy",
      config(),
      source({ trainedTokens: 10, metrics: { fullValidLoss: 9 } }),
    );
    expect("refused" in decision).toBe(true);
    const refused = (decision as { refused: string }).refused;
    expect(refused).toContain(source().fineTunedModel);
    expect(refused).toContain("validation loss");
    expect(refused).toContain("trained tokens");
  });

  describe("checkpoint: best", () => {
    // dev's model overfits: the best checkpoint (step 10) scores 2.0, the final model 3.0.
    const scored = source({
      metrics: { fullValidLoss: 3.0, epochs: 3 },
      checkpoints: [
        {
          id: "ftchkpt-s10",
          step: 10,
          fineTunedModelCheckpoint: "m:ckpt-step-10",
          metrics: { full_valid_loss: 2.0, full_valid_mean_token_accuracy: 0.5 },
        },
        {
          id: "ftchkpt-s20",
          step: 20,
          fineTunedModelCheckpoint: "m:ckpt-step-20",
          metrics: { full_valid_loss: 2.5, full_valid_mean_token_accuracy: 0.6 },
        },
        {
          id: "ftchkpt-s30",
          step: 30,
          fineTunedModelCheckpoint: "m",
          metrics: { full_valid_loss: 3.0, full_valid_mean_token_accuracy: 0.7 },
        },
      ],
    });
    const best = (
      gates: PromotedModelConfig["gates"],
      checkpoint: PromotedModelConfig["deployment"]["checkpoint"] = "best",
    ) =>
      promotionDecision(
        "prod",
        "clippy",
        config({ gates, deployment: { ...config().deployment, checkpoint } }),
        scored,
      );

    it("promotes dev's best checkpoint and says which and why", () => {
      expect(best({})).toEqual({
        model: "ftchkpt-s10",
        checkpoint: {
          rule: "best by full_valid_loss",
          reason:
            "best by full_valid_loss: step 10 (epoch 1 of 3): full_valid_loss 2.0000, lowest of 3 checkpoints (final model 3.0000)",
        },
      });
      expect(best({}, { best: "full_valid_mean_token_accuracy" })).toMatchObject({ model: "ftchkpt-s30" });
    });

    it("gates on the checkpoint it deploys, not on the final model", () => {
      // The final model (3.0) would fail a 2.5 gate; the best checkpoint (2.0) passes it.
      expect(promotionDecision("prod", "clippy", config({ gates: { maxValidLoss: 2.5 } }), scored)).toHaveProperty(
        "refused",
      );
      expect(best({ maxValidLoss: 2.5 })).toMatchObject({ model: "ftchkpt-s10" });
      const refused = best({ maxValidLoss: 1.5 });
      expect("refused" in refused && refused.refused).toMatch(
        /checkpoint ftchkpt-s10, step 10.*validation loss 2 > max 1\.5/,
      );
    });

    it("refuses when no checkpoint can be ranked, saying why", () => {
      const unranked = source({
        checkpoints: [{ id: "ftchkpt-s10", step: 10, fineTunedModelCheckpoint: "m", metrics: {} }],
      });
      const decision = promotionDecision(
        "prod",
        "clippy",
        config({ gates: {}, deployment: { ...config().deployment, checkpoint: "best" } }),
        unranked,
      );
      expect("refused" in decision && decision.refused).toMatch(/no checkpoint reports full_valid_loss/);
    });
  });
});
