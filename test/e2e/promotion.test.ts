// dev trains, prod promotes: no training in prod, gates, cross-account source, checkpoints, evaluation.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const devModel = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "promo",
  seed: 42,
  method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 4 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1 },
  evaluation: { file: "datasets/clippy/eval.jsonl", maxTokens: 80 },
};
const devConfig = { account: { name: "dev" }, models: { clippy: devModel } };
const prodConfig = (promotion: Record<string, unknown>) => ({
  account: { name: "prod" },
  models: { clippy: { promoteFrom: { stack: "dev", model: "clippy" }, ...promotion } },
});

/** A StackReference shows as "read" when the referenced outputs changed: a read, not a change of prod. */
const withoutReads = (summary: Record<string, number> | undefined) => {
  const { read: _read, ...rest } = changes(summary);
  return rest;
};

interface ModelOut {
  fineTunedModel: string;
  jobId: string;
  metrics: Record<string, number>;
  checkpoints: { id: string; step: number }[];
  deployment: { name: string; model: string };
  evaluation: {
    examples: number;
    exactMatch: number;
    tokenOverlap: number;
    latencyMsP50: number;
    challenge: { candidate: { deploymentName: string; scores: { tokenOverlap: number; latencyMsP50: number } } } | null;
  };
}

describe("promotion from dev to prod without retraining", () => {
  let t: ProjectStack;
  let prod: Stack;
  const out = async (stack: Stack) => ((await stack.outputs()).models!.value as Record<string, ModelOut>).clippy!;
  const jobs = async (account: string) =>
    (
      await t.admin<{ data: unknown[] }>(
        "GET",
        `/accounts/${account}/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100`,
      )
    ).data;
  const armDeployments = async (account: string) =>
    (
      await t.admin<{ value: { name: string; properties: { model: { name: string; source?: string } } }[] }>(
        "GET",
        `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/${account}/deployments?api-version=2024-10-01`,
      )
    ).value;

  beforeAll(async () => {
    t = await createProjectStack({ stackName: "dev", config: devConfig });
    await t.stack.up();
    prod = await t.openStack("prod");
  });
  afterAll(async () => t?.stop());

  it("dev exports its model with metrics and evaluation scores", async () => {
    const dev = await out(t.stack);
    expect(dev.fineTunedModel).toMatch(/\.ft-[0-9a-f]{32}-promo$/);
    expect(dev.evaluation.examples).toBe(10);
    expect(dev.evaluation.tokenOverlap).toBeGreaterThanOrEqual(0);
    expect(dev.evaluation.latencyMsP50).toBeGreaterThan(0);
  });

  it("a gate above dev's figure blocks prod with the figures and nothing is deployed", async () => {
    const dev = await out(t.stack);
    t.setStackConfig(
      prodConfig({ gates: { maxValidLoss: dev.metrics.fullValidLoss! / 2 }, deployment: { name: "clippy" } }),
      "prod",
    );
    await expect(prod.up()).rejects.toThrow(
      /promotion blocked, nothing deployed:[\s\S]*validation loss [\d.]+ > max [\d.]+/,
    );
    expect(await armDeployments("prod")).toEqual([]);
  });

  it("prod deploys dev's model across accounts with model.source, and trains nothing", async () => {
    t.setStackConfig(prodConfig({ gates: { minTrainedTokens: 100 }, deployment: { name: "clippy" } }), "prod");
    const up = await prod.up();
    // The stack and its StackReference were created by the blocked run; this one adds the model's component and its deployment.
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 2 });
    const dev = await out(t.stack);
    const deployed = await armDeployments("prod");
    expect(deployed).toHaveLength(1);
    expect(deployed[0]!.properties.model.name).toBe(dev.fineTunedModel);
    expect(deployed[0]!.properties.model.source).toBe(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/dev",
    );
    expect(await jobs("prod")).toEqual([]);
    expect(withoutReads((await prod.preview()).changeSummary)).toEqual({});
  });

  it("after dev retrains, prod's preview shows exactly its deployment moving to the new model", async () => {
    const file = path.join(t.workDir, "datasets/clippy/train.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[2] = lines[2]!.replace(/"content":"([^"]*)"\}\]\}$/, '"content":"$1 Truly."}]}');
    writeFileSync(file, lines.join("\n"));
    const before = await out(t.stack);
    const seq = await t.lastSeq();
    await t.stack.up();
    const after = await out(t.stack);
    expect(after.fineTunedModel).not.toEqual(before.fineTunedModel);
    // The held-out set ran against both models before the swap (champion and challenger: the live deployment once,
    // the new one once), and the Evaluation took the swap's scores of the new model instead of asking again: one
    // answered chat per example, plus the first example once more as a warm-up (a new deployment first answers
    // DeploymentNotFound for a while, which the evaluation waits out; that wait is not counted as latency).
    const chats = (await t.requestsSince(seq)).filter(
      (r) => r.method === "POST" && r.route.endsWith("/chat/completions") && r.status === 200,
    );
    expect(after.deployment.name).not.toEqual(before.deployment.name);
    const to = (deployment: string) => chats.filter((r) => r.route.includes(`/deployments/${deployment}/`)).length;
    expect(to(before.deployment.name)).toBe(after.evaluation.examples + 1);
    expect(to(after.deployment.name)).toBe(after.evaluation.examples + 1);
    expect(chats).toHaveLength(2 * (after.evaluation.examples + 1));
    expect(after.evaluation.examples).toBe(10);
    expect(after.evaluation.challenge?.candidate.deploymentName).toBe(after.deployment.name);
    expect(after.evaluation.tokenOverlap).toBe(after.evaluation.challenge?.candidate.scores.tokenOverlap);
    expect(after.evaluation.latencyMsP50).toBe(after.evaluation.challenge?.candidate.scores.latencyMsP50);
    const pv = await prod.preview({ diff: true });
    expect(withoutReads(pv.changeSummary)).toEqual({ replace: 1 });
    expect(pv.stdout).toContain(after.fineTunedModel);
    expect(await jobs("prod")).toEqual([]);
  });

  it("a checkpoint can be deployed instead of the final model", async () => {
    const dev = await out(t.stack);
    t.setStackConfig(prodConfig({ deployment: { name: "clippy", checkpoint: { epoch: 2 } } }), "prod");
    await prod.up();
    const second = [...dev.checkpoints].sort((a, b) => a.step - b.step)[1]!;
    expect((await out(prod)).deployment.model).toBe(second.id);
    expect((await armDeployments("prod")).map((d) => d.properties.model.name)).toEqual([second.id]);
  });

  it("the evaluation re-runs only when the deployed model changes", async () => {
    const first = await out(t.stack);
    t.setStackConfig({
      ...devConfig,
      models: { clippy: { ...devModel, deployment: { ...devModel.deployment, capacity: 2 } } },
    });
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    expect((await out(t.stack)).evaluation).toEqual(first.evaluation);
  });
});
