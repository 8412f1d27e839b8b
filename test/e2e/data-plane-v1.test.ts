// `foundry-finetune:dataPlane: v1` through the real CLI: the stack talks to /openai/v1 (whose spec defines job
// metadata and method hyperparameters), trains and deploys, and a second preview is empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const config = {
  dataPlane: "v1",
  account: { name: "v1acct", subscriptionId: "s", resourceGroup: "rg" },
  models: {
    clippy: {
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFile: "datasets/clippy/train.jsonl",
      seed: 5,
      method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
      deployment: { name: "clippy" },
      evaluation: { file: "datasets/clippy/eval.jsonl" },
    },
  },
};

describe("the v1 data-plane surface, end to end", () => {
  let t: ProjectStack;
  beforeAll(async () => {
    t = await createProjectStack({ config });
  });
  afterAll(async () => t?.stop());

  it("up trains through /openai/v1 with the job's metadata tag and the asked hyperparameters, deploys and evaluates", async () => {
    const since = await t.lastSeq();
    await t.stack.up();
    const routes = (await t.requestsSince(since)).map((r) => `${r.method} ${r.route}`);
    expect(routes).toContain("POST /accounts/v1acct/openai/v1/fine_tuning/jobs");
    expect(routes.some((r) => r.startsWith("POST /accounts/v1acct/openai/fine_tuning"))).toBe(false);
    const jobs = (
      await t.admin<{
        data: { metadata: Record<string, string> | null; hyperparameters: { n_epochs: number; batch_size: number } }[];
      }>("GET", "/accounts/v1acct/openai/v1/fine_tuning/jobs")
    ).data;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.metadata?.["foundry-finetune"]).toMatch(/^[0-9a-f]+$/);
    expect(jobs[0]!.hyperparameters).toMatchObject({ n_epochs: 1, batch_size: 4 });
  });

  it("a second preview changes nothing", async () => {
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });
});
