// promotionDecision (resources/promotion.ts): what a promoting stack deploys, or why it refuses.
import { describe, expect, it, vi } from "vitest";
import type { PromotedModelConfig } from "../../resources/config";
import { promotionDecision, type SourceModel } from "../../resources/promotion";
import { finalMetrics } from "../../reports/results-csv";

// promotionDecision is pure, but its module also declares resources: keep the Pulumi SDK and the stack
// composition (seconds to load, unused here) out of this test. A use of them by the decision would fail loudly.
vi.mock("@pulumi/pulumi", () => ({}));
vi.mock("../../resources/stack", () => ({}));

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
  checkpoints: [10, 20, 30].map((step) => ({ id: `ftchkpt-s${step}`, step, fineTunedModelCheckpoint: `m:ckpt-step-${step}`, metrics: {} })),
  ...overrides,
});

describe("promotionDecision", () => {
  it("promotes the source's fine-tuned model when its gates pass", () => {
    expect(promotionDecision("prod", "clippy", config(), source())).toEqual({ model: source().fineTunedModel });
  });

  it("promotes the configured checkpoint instead of the final model", () => {
    const decision = promotionDecision("prod", "clippy", config({ deployment: { ...config().deployment, checkpoint: { epoch: 2 } } }), source());
    expect(decision).toMatchObject({ model: "ftchkpt-s20" });
  });

  it("promotes a checkpoint by epoch from a model trained without a validation file (results.csv then marks no epoch ends)", () => {
    // The metrics the job exports come from finalMetrics over results.csv: 3 epochs of 10 steps, no full_valid_* rows.
    const rows = Array.from({ length: 30 }, (_, i) => ({ step: i + 1, trainLoss: 1 - i / 100, trainTokenAccuracy: 0.5 }));
    const metrics = Object.fromEntries(Object.entries(finalMetrics(rows)).filter(([, v]) => typeof v === "number")) as Record<string, number>;
    const noValidation = source({ metrics });
    const decision = promotionDecision("prod", "clippy", config({ gates: {}, deployment: { ...config().deployment, checkpoint: { epoch: 2 } } }), noValidation);
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
    const decision = promotionDecision("prod", "clippy", config(), source({ trainedTokens: 10, metrics: { fullValidLoss: 9 } }));
    expect("refused" in decision).toBe(true);
    const refused = (decision as { refused: string }).refused;
    expect(refused).toContain(source().fineTunedModel);
    expect(refused).toContain("validation loss");
    expect(refused).toContain("trained tokens");
  });
});
