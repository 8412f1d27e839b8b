// The policy pack through the real CLI: `pulumi preview --policy-pack policy/foundry-policy-pack` with the team's
// config (policy/config.json) or a stricter one. A violation fails the preview naming the policy and the resource.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const PACK = path.join(projectRoot, "policy", "foundry-policy-pack");
const TEAM_CONFIG = path.join(projectRoot, "policy", "config.json");

const model = (extra: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "clippy",
  trainingType: "GlobalStandard",
  method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1 },
  ...extra,
});

describe("policy pack", () => {
  let t: ProjectStack;
  const preview = async (stackName: string, config: string) => {
    const stack = stackName === "dev" ? t.stack : await t.openStack(stackName);
    return stack.preview({ policyPacks: [PACK], policyPackConfigs: [config] }).then(
      (result) => ({ ok: true, output: result.stdout }),
      (error: Error) => ({ ok: false, output: error.message }),
    );
  };

  beforeAll(async () => {
    t = await createProjectStack({
      stackName: "dev",
      config: { account: { name: "dev" }, models: { clippy: model() } },
    });
  });
  afterAll(async () => t?.stop());

  it("a clean dev stack passes the team's policies", async () => {
    const result = await preview("dev", TEAM_CONFIG);
    expect(result.output).not.toMatch(/mandatory/);
    expect(result.ok).toBe(true);
  });

  it("a violating config fails its preview, naming each policy and resource", async () => {
    const strict = path.join(t.workDir, "strict-policy.json");
    writeFileSync(
      strict,
      JSON.stringify({
        "foundry-training-tier": { allowed: ["Standard"] },
        "foundry-training-cost": { maxUsdPerModel: 0.000001, maxUsdPerStack: 0.000001 },
        "foundry-model-suffix": { maxLength: 4 },
        "foundry-deployment-sku": { maxCapacity: 2 },
        "foundry-rai-policy": { required: true },
        "foundry-monthly-budget": { maxUsdPerMonth: 100 },
      }),
    );
    const { validationFile: _omitted, ...withoutValidation } = model({
      deployment: { name: "clippy", sku: "Standard", capacity: 3 },
    });
    t.setStackConfig({ account: { name: "dev" }, models: { clippy: withoutValidation } });
    const result = await preview("dev", strict);
    expect(result.ok).toBe(false);
    for (const [policy, message] of [
      ["foundry-training-tier", "model clippy: training tier GlobalStandard is not allowed here (allowed: Standard)"],
      ["foundry-validation-file", "model clippy: a validationFile is required"],
      ["foundry-training-cost", "exceeds the maximum of $0.00 per model"],
      [
        "foundry-training-cost",
        "stack dev: estimated training cost $0.01 of 1 model(s) exceeds the maximum of $0.00 per stack",
      ],
      ["foundry-model-suffix", 'suffix "clippy" is 6 characters; the maximum is 4'],
      ["foundry-deployment-sku", "deployment clippy (model clippy): capacity 3 of Standard exceeds the maximum of 2"],
      ["foundry-rai-policy", "deployment clippy (model clippy): raiPolicyName is required"],
      // A month of the Standard deployment's hosting ($1.70/h x 730 h) passes the budget before any training does.
      [
        "foundry-monthly-budget",
        "stack dev: training $0.01 plus hosting $1,241.00/month (clippy $1,241.00) = $1,241.01 exceeds the monthly budget of $100.00",
      ],
    ]) {
      expect(result.output).toContain(policy);
      expect(result.output).toContain(message);
    }
    expect(result.output).toContain("foundry-training-tier  (pulumi-nodejs:dynamic/foundry:FineTuningJob: clippy)");
    expect(result.output).toContain("foundry-deployment-sku  (pulumi-nodejs:dynamic/foundry:ModelDeployment: clippy)");
  });

  it("an advisory policy warns and lets the preview pass", async () => {
    const advisory = path.join(t.workDir, "advisory-policy.json");
    writeFileSync(advisory, JSON.stringify({ "foundry-model-suffix": { enforcementLevel: "advisory", maxLength: 4 } }));
    t.setStackConfig({ account: { name: "dev" }, models: { clippy: model() } });
    const result = await preview("dev", advisory);
    expect(result.ok).toBe(true);
    expect(result.output).toContain(
      "[advisory]  foundry-model-suffix  (pulumi-nodejs:dynamic/foundry:FineTuningJob: clippy)",
    );
  });

  it("the stack policy blocks a prod stack that would train", async () => {
    t.setStackConfig({ account: { name: "prod" }, models: { clippy: model() } }, "prod");
    const result = await preview("prod", TEAM_CONFIG);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("foundry-stack-role");
    expect(result.output).toContain("stack prod is promote-only (trains nothing; use promoteFrom), but declares");
    expect(result.output).toContain("FineTuningJob clippy");
  });
});
