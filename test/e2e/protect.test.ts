// `protect: true` on a model: destroy refuses to delete its job and deployment until protect is false again.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const model = (protect: boolean) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "guarded",
  method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
  deployment: { name: "guarded" },
  protect,
});

describe("protect per model", () => {
  let t: ProjectStack;
  const deployments = async () =>
    (
      await t.admin<{ value: { name: string }[] }>(
        "GET",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/guard/deployments?api-version=2024-10-01",
      )
    ).value;
  const resources = async () =>
    ((await t.stack.exportStack()).deployment.resources ?? []) as { type: string; protect?: boolean }[];

  beforeAll(async () => {
    t = await createProjectStack({ config: { account: { name: "guard" }, models: { clippy: model(true) } } });
    await t.stack.up();
  });
  afterAll(async () => t?.stop());

  it("marks the job and the deployment protected in state, not the files", async () => {
    const protectedTypes = (await resources())
      .filter((r) => r.protect)
      .map((r) => r.type)
      .sort();
    expect(protectedTypes).toEqual([
      "pulumi-nodejs:dynamic/foundry:FineTuningJob",
      "pulumi-nodejs:dynamic/foundry:ModelDeployment",
    ]);
  });

  it("passes the policy that requires protection, which refuses the model once unprotected", async () => {
    const config = path.join(t.workDir, "protect-policy.json");
    writeFileSync(config, JSON.stringify({ "foundry-protect": { required: true } }));
    const preview = () =>
      t.stack
        .preview({
          policyPacks: [path.join(projectRoot, "policy", "foundry-policy-pack")],
          policyPackConfigs: [config],
        })
        .then(
          () => "",
          (e: Error) => e.message,
        );
    expect(await preview()).toBe("");
    t.setStackConfig({ account: { name: "guard" }, models: { clippy: model(false) } });
    const failure = await preview();
    t.setStackConfig({ account: { name: "guard" }, models: { clippy: model(true) } });
    expect(failure).toContain("foundry-protect  (pulumi-nodejs:dynamic/foundry:FineTuningJob: clippy)");
    expect(failure).toContain(
      "ModelDeployment clippy must be protected (set protect: true on the model in stack config)",
    );
  });

  it("destroy fails naming the protected resource and the deployment keeps serving", async () => {
    const failure = await t.stack.destroy().then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/protected/);
    expect(failure).toMatch(/foundry:(FineTuningJob|ModelDeployment)::clippy/);
    expect(await deployments()).toHaveLength(1);
    expect((await resources()).some((r) => r.type === "pulumi-nodejs:dynamic/foundry:ModelDeployment")).toBe(true);
  });

  it("with protect set back to false, up then destroy removes everything", async () => {
    t.setStackConfig({ account: { name: "guard" }, models: { clippy: model(false) } });
    await t.stack.up();
    expect((await resources()).filter((r) => r.protect)).toEqual([]);
    await t.stack.destroy();
    expect(await deployments()).toEqual([]);
  });
});
