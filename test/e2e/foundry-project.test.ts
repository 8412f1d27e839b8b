// A stack that names a Foundry project, through the real CLI: files, the job and the evaluation's chat go through
// the project's endpoint (`/accounts/<a>/api/projects/<p>/openai/...`), the deployment through the account's ARM;
// the local service gets the project on first use. Naming the account's endpoint instead changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const account = { name: "projacct", subscriptionId: "s", resourceGroup: "rg" };
const models = {
  clippy: {
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFile: "datasets/clippy/train.jsonl",
    seed: 5,
    method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
    deployment: { name: "clippy" },
    evaluation: { file: "datasets/clippy/eval.jsonl" },
  },
};

describe("a stack with a Foundry project, end to end", () => {
  let t: ProjectStack;
  beforeAll(async () => {
    t = await createProjectStack({ config: { account: { ...account, project: "ft-proj" }, models } });
  });
  afterAll(async () => t?.stop());

  it("up trains and evaluates through the project's endpoint and deploys through the account's ARM", async () => {
    const since = await t.lastSeq();
    const result = await t.stack.up();
    expect(changes(result.summary.resourceChanges)).toMatchObject({ create: expect.any(Number) });
    const routes = (await t.requestsSince(since)).map((r) => `${r.method} ${r.route.split("?")[0]}`);
    const project = "/accounts/projacct/api/projects/ft-proj/openai";
    expect(routes).toContain(
      "PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/projacct/projects/ft-proj",
    );
    expect(routes).toContain(`POST ${project}/files`);
    expect(routes).toContain(`POST ${project}/fine_tuning/jobs`);
    expect(routes).toContain(
      `POST ${project}/deployments/${result.outputs.models?.value.clippy.deployment.name}/chat/completions`,
    );
    expect(
      routes.some((r) =>
        r.startsWith(
          "PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/projacct/deployments/",
        ),
      ),
    ).toBe(true);
    expect(routes.filter((r) => r.includes("/accounts/projacct/openai/"))).toEqual([]);
    expect(result.outputs.models?.value.clippy.fineTunedModel).toMatch(/\.ft-/);
  });

  it("the same account named through its own endpoint instead of the project's: a preview with no change", async () => {
    t.setStackConfig({ account, models });
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });
});
