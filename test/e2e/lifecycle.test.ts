// The full lifecycle of one model through the real CLI: up, no-op preview, targeted edits, drift, destroy.
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack, writes } from "../../testkit/pulumi/project";

const model = (overrides: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "e2e",
  seed: 7,
  method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1 },
  ...overrides,
});

const configWith = (clippy: unknown) => ({
  account: { name: "e2e", subscriptionId: "s", resourceGroup: "rg" },
  models: { clippy },
});

interface Outputs {
  models: {
    value: Record<
      string,
      {
        jobId: string;
        status: string;
        fineTunedModel: string;
        trainedTokens: number;
        metrics: Record<string, number>;
        deployment: { name: string; capacity: number };
      }
    >;
  };
}

describe("one model, end to end through the real Pulumi CLI", () => {
  let t: ProjectStack;
  const jobsOnService = async () =>
    (
      await t.admin<{ data: { id: string }[] }>(
        "GET",
        "/accounts/e2e/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100",
      )
    ).data;
  const deploymentsOnService = async () =>
    (
      await t.admin<{ value: { name: string; sku: { capacity: number } }[] }>(
        "GET",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/e2e/deployments?api-version=2024-10-01",
      )
    ).value;
  const outputs = async () => (await t.stack.outputs()) as unknown as Outputs;

  beforeAll(async () => {
    t = await createProjectStack({ config: configWith(model()) });
  });
  afterAll(async () => t?.stop());

  it("up from an empty stack creates files, job and deployment and fills the outputs", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 6 }); // stack, the model's component, 2 files, job, deployment
    const clippy = (await outputs()).models.value.clippy!;
    expect(clippy.status).toBe("succeeded");
    expect(clippy.fineTunedModel).toMatch(/^gpt-4\.1-mini-2025-04-14\.ft-[0-9a-f]{32}-e2e$/);
    expect(clippy.trainedTokens).toBeGreaterThan(0);
    expect(clippy.metrics.finalTrainLoss).toBeGreaterThan(0);
    expect(clippy.deployment.name).toMatch(/^clippy-[0-9a-f]{8}$/);
    expect(await jobsOnService()).toHaveLength(1);
    expect((await deploymentsOnService()).map((d) => d.name)).toEqual([clippy.deployment.name]);
  });

  it("a second preview shows no changes and sends no write to the service", async () => {
    const before = await t.lastSeq();
    const pv = await t.stack.preview();
    expect(changes(pv.changeSummary)).toEqual({});
    expect(writes(await t.requestsSince(before))).toEqual([]);
  });

  it("touching the dataset without changing its bytes changes nothing", async () => {
    const file = path.join(t.workDir, "datasets/clippy/train.jsonl");
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  it("changing only capacity updates the deployment in place and trains nothing", async () => {
    const before = await t.lastSeq();
    t.setStackConfig(configWith(model({ deployment: { name: "clippy", sku: "Standard", capacity: 2 } })));
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    const sent = writes(await t.requestsSince(before));
    expect(sent.map((r) => `${r.method} ${r.route.replace(/\/deployments\/.*/, "/deployments/*")}`)).toEqual([
      "PATCH /subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/e2e/deployments/*",
    ]);
    expect((await deploymentsOnService())[0]!.sku.capacity).toBe(2);
    expect(await jobsOnService()).toHaveLength(1);
  });

  it("editing one example replaces file and job, redeploys, and the preview says why", async () => {
    const file = path.join(t.workDir, "datasets/clippy/train.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[1] = lines[1]!.replace(/"content":"([^"]*)"\}\]\}$/, '"content":"$1 Edited."}]}');
    writeFileSync(file, lines.join("\n"));
    let log = "";
    const pv = await t.stack.preview({ onOutput: (s) => (log += s) });
    expect(changes(pv.changeSummary)).toEqual({ replace: 3 });
    expect(log).toMatch(/clippy retrains: training data changed \(sha256 [0-9a-f]{8} -> [0-9a-f]{8}\)/);
    const oldDeployment = (await outputs()).models.value.clippy!.deployment.name;
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ replace: 3 });
    const clippy = (await outputs()).models.value.clippy!;
    expect(clippy.deployment.name).not.toBe(oldDeployment);
    expect((await deploymentsOnService()).map((d) => d.name)).toEqual([clippy.deployment.name]);
    expect(await jobsOnService()).toHaveLength(2);
  });

  it("changing the seed replaces the job and the deployment follows; the files stay", async () => {
    t.setStackConfig(configWith(model({ seed: 8, deployment: { name: "clippy", sku: "Standard", capacity: 2 } })));
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ replace: 2 });
    expect(await jobsOnService()).toHaveLength(3);
  });

  it("a deployment deleted behind Pulumi's back shows as drift on refresh and comes back on up", async () => {
    const name = (await outputs()).models.value.clippy!.deployment.name;
    await t.admin("POST", `/_emulator/accounts/e2e/deployments/${name}/expire`, { reason: "idle" });
    let log = "";
    const refresh = await t.stack.refresh({ onOutput: (s) => (log += s) });
    expect(changes(refresh.summary.resourceChanges)).toEqual({ delete: 1 });
    expect(log).toContain("15 days without inference calls");
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 1 });
    expect((await deploymentsOnService()).map((d) => d.name)).toEqual([name]);
  });

  it("an idle-deleted deployment: a plain preview announces its redeployment and a plain up (no refresh) brings it back", async () => {
    const name = (await outputs()).models.value.clippy!.deployment.name;
    await t.admin("POST", `/_emulator/accounts/e2e/deployments/${name}/expire`, { reason: "idle" });
    let log = "";
    const preview = await t.stack.preview({ onOutput: (s) => (log += s) });
    expect(changes(preview.changeSummary)).toEqual({ replace: 1 });
    expect(log).toContain("is gone from the service");
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ replace: 1 });
    expect((await deploymentsOnService()).map((d) => d.name)).toEqual([name]);
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  it("neither the state nor the logs hold the API key", async () => {
    let log = "";
    await t.stack.preview({ onOutput: (s) => (log += s) });
    const state = JSON.stringify(await t.stack.exportStack());
    expect(state).not.toContain(t.apiKey);
    expect(log).not.toContain(t.apiKey);
    expect(state).not.toMatch(/Bearer /i);
  });

  it("destroy removes deployments, keeps the trained models and the files they trained on, and leaves an empty stack", async () => {
    const jobs = await t.admin<{ data: { training_file: string; validation_file?: string }[] }>(
      "GET",
      "/accounts/e2e/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100",
    );
    const models = jobs.data.length;
    await t.stack.destroy();
    expect(await deploymentsOnService()).toEqual([]);
    // The files left are exactly those a (succeeded) job trained on: the record a later identical training is reused by.
    const files = (
      await t.admin<{ data: { id: string; purpose: string; status: string }[] }>(
        "GET",
        "/accounts/e2e/openai/files?api-version=2025-04-01-preview",
      )
    ).data;
    const trainedOn = new Set(
      jobs.data.flatMap((j) => [j.training_file, ...(j.validation_file ? [j.validation_file] : [])]),
    );
    const left = files.filter((f) => f.purpose === "fine-tune" && f.status !== "deleted").map((f) => f.id);
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((id) => !trainedOn.has(id))).toEqual([]);
    expect(await jobsOnService()).toHaveLength(models);
    expect((await t.stack.exportStack()).deployment.resources ?? []).toEqual([]);
  });
});
