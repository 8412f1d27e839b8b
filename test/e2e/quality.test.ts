// Quality signals through the real CLI: the sample model overfits after epoch 1; the stack exports the best
// checkpoint and the signals, the up log warns, `checkpoint: best` deploys it, and thresholds are config.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

// The sample dev model as `npm start` trains it (36 examples, batch 1: 36 steps an epoch), deploying `best`.
const model = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "quality",
  seed: 42,
  method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
  deployment: { name: "clippy", checkpoint: "best" },
};
const config = (extra: Record<string, unknown> = {}) => ({
  account: { name: "dev" },
  models: { clippy: { ...model, ...extra } },
});

interface ModelOut {
  jobId: string;
  checkpoints: { id: string; step: number; metrics: Record<string, number> }[];
  charts: { lossPng: string };
  quality: {
    bestStep: number;
    bestEpoch: number;
    bestCheckpointId: string;
    bestFullValidLoss: number;
    finalFullValidLoss: number;
    validLossRiseRatio: number;
    warnings: string[];
    suggestions: string[];
  };
  deployment: { name: string; model: string; checkpoint: { rule: string; reason: string } };
}

describe("quality signals and checkpoint: best", () => {
  let t: ProjectStack;
  let upLog = "";
  const out = async () => ((await t.stack.outputs()).models!.value as Record<string, ModelOut>).clippy!;
  const jobs = async () =>
    (
      await t.admin<{ data: unknown[] }>(
        "GET",
        "/accounts/dev/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100",
      )
    ).data;
  const armModels = async () =>
    (
      await t.admin<{ value: { properties: { model: { name: string } } }[] }>(
        "GET",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/dev/deployments?api-version=2024-10-01",
      )
    ).value.map((d) => d.properties.model.name);

  beforeAll(async () => {
    t = await createProjectStack({ stackName: "dev", config: config() });
  });
  afterAll(async () => t?.stop());

  it("before training, the preview names the rule and leaves the checkpoint to be chosen after training", async () => {
    const pv = await t.stack.preview({ diff: true });
    expect(pv.stdout).toMatch(/checkpointRule\s*: "best by full_valid_loss"/);
    expect(pv.stdout).toMatch(/checkpointReason\s*: \[unknown\]/);
    expect(pv.stdout).toMatch(/model\s*: \[unknown\]/);
  });

  it("up exports the best checkpoint (step 36) and the signals, warns in the log, and deploys that checkpoint", async () => {
    const up = await t.stack.up();
    upLog = up.stdout;
    const m = await out();
    expect(m.quality).toMatchObject({ bestStep: 36, bestEpoch: 1 });
    expect(m.quality.bestFullValidLoss).toBeLessThan(m.quality.finalFullValidLoss);
    expect(m.quality.validLossRiseRatio).toBeGreaterThan(0.1);
    const best = m.checkpoints.find((c) => c.step === 36)!;
    expect(m.quality.bestCheckpointId).toBe(best.id);
    // The lowest full validation loss of the kept checkpoints is step 36's, and that is what serves.
    expect(Math.min(...m.checkpoints.map((c) => c.metrics.full_valid_loss!))).toBe(best.metrics.full_valid_loss);
    expect(m.deployment.model).toBe(best.id);
    expect(await armModels()).toEqual([best.id]);
    expect(m.deployment.checkpoint.rule).toBe("best by full_valid_loss");
    expect(m.deployment.checkpoint.reason).toMatch(
      /^best by full_valid_loss: step 36 \(epoch 1 of 3\): full_valid_loss [\d.]+, lowest of 3 checkpoints \(final model [\d.]+\)$/,
    );
    expect(upLog).toMatch(
      /warning: clippy: overfitting: full validation loss is lowest at step 36 \(epoch 1 of 3: [\d.]+\) and \d+% higher at the end/,
    );
    expect(upLog).toContain("Suggestion (not applied)");
    // Already deployed: the exported advice does not repeat it.
    expect(m.quality.suggestions.join(" ")).not.toContain("deployment.checkpoint");
    expect(existsSync(path.join(t.workDir, m.charts.lossPng))).toBe(true);
  });

  it("once trained, a preview is empty", async () => {
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  it("a threshold is judged by the program: no update, no retraining, the warning goes, the deployment stays", async () => {
    const before = await out();
    const jobCount = (await jobs()).length;
    t.setStackConfig(config({ quality: { maxValidLossRise: 0.9, maxTrainValidGap: 10 } }));
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({});
    expect(up.stdout).not.toContain("warning: clippy: overfitting");
    expect(up.stdout).toContain("clippy: best checkpoint at step 36");
    const after = await out();
    expect(after.jobId).toBe(before.jobId);
    expect(after.deployment.model).toBe(before.deployment.model);
    expect(after.quality.bestStep).toBe(36);
    expect(after.quality.warnings).toEqual([]);
    expect((await jobs()).length).toBe(jobCount);
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  it("prod promotes dev's best checkpoint, gated on that checkpoint's loss rather than the final model's", async () => {
    const dev = await out();
    const prod = await t.openStack("prod");
    const promote = (maxValidLoss: number) =>
      t.setStackConfig(
        {
          account: { name: "prod" },
          models: {
            clippy: {
              promoteFrom: { stack: "dev", model: "clippy" },
              gates: { maxValidLoss },
              deployment: { name: "clippy", checkpoint: "best" },
            },
          },
        },
        "prod",
      );
    // Below the best checkpoint's loss: blocked, naming the checkpoint.
    promote(dev.quality.bestFullValidLoss / 2);
    await expect(prod.up()).rejects.toThrow(
      new RegExp(`checkpoint ${dev.quality.bestCheckpointId}, step 36\\): validation loss [\\d.]+ > max`),
    );
    // Between the best and the final loss: the final model would fail, the best checkpoint passes.
    promote((dev.quality.bestFullValidLoss + dev.quality.finalFullValidLoss) / 2);
    await prod.up();
    const promoted = ((await prod.outputs()).models!.value as Record<string, ModelOut>).clippy!;
    expect(promoted.deployment.model).toBe(dev.quality.bestCheckpointId);
    expect(promoted.deployment.checkpoint.reason).toMatch(/^best by full_valid_loss: step 36 /);
  });
});
