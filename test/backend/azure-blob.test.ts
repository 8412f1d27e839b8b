// A shared team backend, for real: dev and prod stacks in one `azblob://` state backend served by Azurite,
// promotion through a StackReference across it, and two concurrent `up`s of one stack (the second stops on the
// backend's lock; nothing is lost or duplicated). `npm run test:backend` runs this file alone; `npm test` runs it too.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";
import { type Azurite, startAzurite } from "../support/azurite";

const CONTAINER = "pulumi-state";
const devModel = (seed: number) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "team",
  seed,
  method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
  deployment: { name: "clippy" },
});
const devConfig = (seed: number) => ({ account: { name: "teamdev" }, models: { clippy: devModel(seed) } });
const prodConfig = {
  account: { name: "teamprod" },
  models: {
    clippy: {
      promoteFrom: { stack: "dev", model: "clippy" },
      gates: { minTrainedTokens: 100 },
      deployment: { name: "clippy", raiPolicyName: "Microsoft.DefaultV2" },
      protect: true,
    },
  },
};
// Every up runs the team's policy pack, as the up workflow does.
const policies = {
  policyPacks: [path.join(projectRoot, "policy", "foundry-policy-pack")],
  policyPackConfigs: [path.join(projectRoot, "policy", "config.json")],
};

describe("a shared azblob:// backend (Azurite)", () => {
  let azurite: Azurite;
  let t: ProjectStack;
  const jobs = async (account: string) =>
    (
      await t.admin<{ data: { id: string; seed: number }[] }>(
        "GET",
        `/accounts/${account}/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100`,
      )
    ).data;
  const deployments = async (account: string) =>
    (
      await t.admin<{ value: { name: string; properties: { model: { name: string } } }[] }>(
        "GET",
        `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/${account}/deployments?api-version=2024-10-01`,
      )
    ).value;
  const locks = async () => (await azurite.listBlobs(CONTAINER)).filter((name) => name.startsWith(".pulumi/locks/"));

  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.createContainer(CONTAINER);
    t = await createProjectStack({
      stackName: "dev",
      config: devConfig(1),
      env: { PULUMI_BACKEND_URL: azurite.backendUrl(CONTAINER), ...azurite.env },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await azurite?.stop();
  });

  it("keeps dev's and prod's state in the blob container, and prod promotes dev's model through it", async () => {
    await t.stack.up(policies);
    const prod = await t.openStack("prod");
    t.setStackConfig(prodConfig, "prod");
    await prod.up(policies);
    const blobs = await azurite.listBlobs(CONTAINER);
    expect(blobs).toEqual(
      expect.arrayContaining([".pulumi/stacks/foundry-finetune/dev.json", ".pulumi/stacks/foundry-finetune/prod.json"]),
    );
    const devModelName = ((await t.stack.outputs()).models!.value as Record<string, { fineTunedModel: string }>).clippy!
      .fineTunedModel;
    expect((await deployments("teamprod")).map((d) => d.properties.model.name)).toEqual([devModelName]);
    expect(await jobs("teamprod")).toEqual([]);
    // A promoted model's protect reaches its deployment.
    const prodState = (await prod.exportStack()).deployment as { resources: { type: string; protect?: boolean }[] };
    expect(
      prodState.resources
        .filter((r) => r.type === "pulumi-nodejs:dynamic/foundry:ModelDeployment")
        .map((r) => r.protect),
    ).toEqual([true]);
  });

  it("two concurrent ups of one stack: one proceeds, the other stops on the lock, nothing lost or duplicated", async () => {
    const historyBefore = (await t.stack.history()).length;
    t.setStackConfig(devConfig(2)); // a retrain: long enough for the second up to meet the first's lock
    await t.admin("PUT", "/_emulator/time-scale", { timeScale: 0.3 });
    const first = t.stack.up(policies);
    const deadline = Date.now() + 120_000;
    while ((await locks()).length === 0) {
      if (Date.now() > deadline) throw new Error("the first up never took the lock");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const second = await (await t.openStack("dev")).up().then(
      () => "",
      (error: Error) => error.message,
    );
    await t.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    expect(second).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    const result = await first;
    expect(result.summary.result).toBe("succeeded");

    // One retrain (seeds 1 and 2, once each), one live deployment, one job in state, no lock, no pending operation.
    expect((await jobs("teamdev")).map((j) => j.seed).sort()).toEqual([1, 2]);
    expect(await deployments("teamdev")).toHaveLength(1);
    const state = (await t.stack.exportStack()).deployment as {
      resources: { type: string }[];
      pending_operations?: unknown[];
    };
    expect(state.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/foundry:FineTuningJob")).toHaveLength(1);
    expect(state.pending_operations ?? []).toEqual([]);
    expect(await locks()).toEqual([]);
    expect((await t.stack.history()).length).toBe(historyBefore + 1);
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });
});
