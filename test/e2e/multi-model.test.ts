// Several models on one account in one up (no 409 failures), and continuous fine-tuning inside one stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const base = {
  trainingFile: "datasets/clippy/train.jsonl",
  seed: 3,
  method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 8 } },
};

describe("three models on one account, one trained from another", () => {
  let t: ProjectStack;
  interface Out {
    fineTunedModel: string;
    status: string;
    deployment: { name: string };
  }
  const out = async () => (await t.stack.outputs()).models!.value as Record<string, Out>;

  beforeAll(async () => {
    t = await createProjectStack({
      config: {
        account: { name: "multi" },
        models: {
          alpha: { ...base, baseModel: "gpt-4.1-mini-2025-04-14", suffix: "alpha", deployment: { name: "alpha" } },
          beta: { ...base, baseModel: "gpt-4.1-nano-2025-04-14", suffix: "beta", deployment: { name: "beta" } },
          // Continuous fine-tuning: gamma starts from alpha's fine-tuned model.
          gamma: { ...base, baseModel: { from: "alpha" }, suffix: "gamma", seed: 4, deployment: { name: "gamma" } },
        },
      },
    });
  });
  afterAll(async () => t?.stop());

  it("one up trains and deploys all three without a conflict failure", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 13 }); // stack + 3 x (component, file, job, deployment)
    const models = await out();
    expect(Object.values(models).map((m) => m.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const deployments = (
      await t.admin<{ value: { name: string }[] }>(
        "GET",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/multi/deployments?api-version=2024-10-01",
      )
    ).value.map((d) => d.name);
    expect(deployments.sort()).toEqual(
      Object.values(models)
        .map((m) => m.deployment.name)
        .sort(),
    );
  });

  it("gamma was trained from alpha's fine-tuned model", async () => {
    const models = await out();
    const job = await t.admin<{ model: string }>(
      "GET",
      `/accounts/multi/openai/fine_tuning/jobs/${(await t.stack.outputs()).models!.value.gamma.jobId}?api-version=2025-04-01-preview`,
    );
    expect(job.model).toBe(models.alpha!.fineTunedModel);
    // Names grow each round: Azure names a fine-tuned model {base model}.ft-{job hex}-{suffix}, and gamma's base is alpha's model.
    expect(models.gamma!.fineTunedModel).toMatch(
      new RegExp(`^${models.alpha!.fineTunedModel.replace(/\./g, "\\.")}\\.ft-[0-9a-f]{32}-gamma$`),
    );
  });

  it("each deployment was written once successfully; any 409 conflict was retried, none failed the run", async () => {
    const puts = (await t.requestsSince(0)).filter((r) => r.route.includes("/deployments/") && r.method === "PUT");
    expect(puts.filter((r) => r.status < 300)).toHaveLength(3);
    expect(puts.filter((r) => r.status >= 300 && r.status !== 409)).toEqual([]);
  });
});
