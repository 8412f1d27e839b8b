// The project's own stacks pass its own policy config (policy/config.json), for every rule that reads only stack
// config: a change to either that the other does not follow fails here, not in CI's preview.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { checkMonthlyBudget, MONTHLY_BUDGET_DEFAULTS } from "../../../policy/rules/budget";
import {
  checkDeploymentSku,
  checkRaiPolicy,
  DEPLOYMENT_SKU_DEFAULTS,
  RAI_POLICY_DEFAULTS,
} from "../../../policy/rules/deployment";
import { checkStackRole, STACK_ROLE_DEFAULTS } from "../../../policy/rules/stack";
import {
  checkSuffix,
  checkTrainingTier,
  checkValidationFile,
  SUFFIX_DEFAULTS,
  TRAINING_TIER_DEFAULTS,
  VALIDATION_FILE_DEFAULTS,
} from "../../../policy/rules/training";
import { settingsFor } from "../../../policy/settings";
import { parseStackConfig } from "../../../program/config";
import { hostingOf } from "../../../program/hosting";

const root = path.join(__dirname, "..", "..", "..");
const policyConfig = JSON.parse(readFileSync(path.join(root, "policy", "config.json"), "utf8"));
const settings = <T extends object>(policy: string, defaults: T, stack: string) =>
  settingsFor(defaults, policyConfig[policy], stack);

function stackConfig(stack: string) {
  const file = `Pulumi.${stack}.yaml`;
  const raw = (yaml.load(readFileSync(path.join(root, file), "utf8")) as { config: Record<string, unknown> }).config;
  return parseStackConfig(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replace("foundry-finetune:", ""), v])),
    file,
  );
}

describe.each(["dev", "prod"])("Pulumi.%s.yaml under policy/config.json", (stack) => {
  const config = stackConfig(stack);
  /** Every deployment the stack declares, trained or promoted, with the model key it belongs to. */
  const declaredDeployments = () =>
    [...Object.entries(config.models), ...Object.entries(config.promotions)].flatMap(([model, m]) =>
      m.deployment ? [{ model, deployment: m.deployment }] : [],
    );

  it("trains only where training is allowed, with allowed tiers, validation data and suffixes", () => {
    const training = Object.keys(config.models).map((name) => ({ kind: "FineTuningJob" as const, name }));
    expect(checkStackRole(stack, training, settings("foundry-stack-role", STACK_ROLE_DEFAULTS, stack))).toEqual([]);
    for (const [name, model] of Object.entries(config.models)) {
      const job = {
        model: name,
        trainingType: model.trainingType,
        hasValidationFile: Boolean(model.validationFile),
        ...(model.suffix ? { suffix: model.suffix } : {}),
      };
      expect(checkTrainingTier(job, settings("foundry-training-tier", TRAINING_TIER_DEFAULTS, stack))).toEqual([]);
      expect(checkValidationFile(job, settings("foundry-validation-file", VALIDATION_FILE_DEFAULTS, stack))).toEqual(
        [],
      );
      expect(checkSuffix(job, settings("foundry-model-suffix", SUFFIX_DEFAULTS, stack))).toEqual([]);
    }
  });

  it("deploys with allowed skus, capacities and content filters", () => {
    const deployments = declaredDeployments().map(({ model, deployment: d }) => ({
      model,
      name: d.name,
      sku: d.sku,
      capacity: d.capacity,
      ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
    }));
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      expect(checkDeploymentSku(d, settings("foundry-deployment-sku", DEPLOYMENT_SKU_DEFAULTS, stack))).toEqual([]);
      expect(checkRaiPolicy(d, settings("foundry-rai-policy", RAI_POLICY_DEFAULTS, stack))).toEqual([]);
    }
  });

  it("stays within the monthly budget: a month of hosting of its deployments (the sample's training costs cents)", () => {
    const deployments = declaredDeployments().map(({ model, deployment: d }) => ({
      model,
      name: d.name,
      sku: d.sku,
      capacity: d.capacity,
      hostingPerMonthUsd: hostingOf("gpt-4.1-mini-2025-04-14", d).perMonthUsd!,
    }));
    const jobs = Object.keys(config.models).map((name) => ({
      model: name,
      trainingType: "GlobalStandard",
      hasValidationFile: true,
      estimatedCostUsd: 1,
    }));
    expect(deployments.every((d) => d.hostingPerMonthUsd > 0)).toBe(true);
    expect(
      checkMonthlyBudget(stack, jobs, deployments, settings("foundry-monthly-budget", MONTHLY_BUDGET_DEFAULTS, stack)),
    ).toEqual([]);
    // ... and the budget is a real limit: one more month of hosting of each than it allows is refused.
    const { maxUsdPerMonth } = settings("foundry-monthly-budget", MONTHLY_BUDGET_DEFAULTS, stack);
    expect(maxUsdPerMonth).toBeDefined();
    const over = deployments.map((d) => ({ ...d, hostingPerMonthUsd: maxUsdPerMonth! + 1 }));
    expect(
      checkMonthlyBudget(stack, jobs, over, settings("foundry-monthly-budget", MONTHLY_BUDGET_DEFAULTS, stack)),
    ).toHaveLength(1);
  });
});

it("prod is promote-only under the shipped config: a trained model there is refused", () => {
  expect(
    checkStackRole(
      "prod",
      [{ kind: "FineTuningJob", name: "clippy" }],
      settings("foundry-stack-role", STACK_ROLE_DEFAULTS, "prod"),
    ),
  ).toHaveLength(1);
});
