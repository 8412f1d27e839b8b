// The policy pack's rules as pure functions: facts in, violation messages out (policy/rules, policy/settings).
import { describe, expect, it } from "vitest";
import { type DeploymentFacts, deploymentFacts, type JobFacts, jobFacts } from "../../../policy/facts";
import { checkMonthlyBudget, MONTHLY_BUDGET_DEFAULTS } from "../../../policy/rules/budget";
import {
  checkDeploymentSku,
  checkRaiPolicy,
  DEPLOYMENT_SKU_DEFAULTS,
  RAI_POLICY_DEFAULTS,
} from "../../../policy/rules/deployment";
import { checkProtected, PROTECT_DEFAULTS } from "../../../policy/rules/protect";
import { checkStackRole, STACK_ROLE_DEFAULTS } from "../../../policy/rules/stack";
import {
  checkModelCost,
  checkStackCost,
  checkSuffix,
  checkTrainingTier,
  checkValidationFile,
  SUFFIX_DEFAULTS,
  TRAINING_COST_DEFAULTS,
  TRAINING_TIER_DEFAULTS,
  VALIDATION_FILE_DEFAULTS,
} from "../../../policy/rules/training";
import { settingsFor, stackOfUrn } from "../../../policy/settings";

const job = (over: Partial<JobFacts> = {}): JobFacts => ({
  model: "clippy",
  trainingType: "GlobalStandard",
  hasValidationFile: true,
  suffix: "clippy",
  estimatedCostUsd: 1.5,
  ...over,
});
const dep = (over: Partial<DeploymentFacts> = {}): DeploymentFacts => ({
  model: "clippy",
  name: "clippy",
  sku: "Standard",
  capacity: 1,
  ...over,
});

describe("policy settings", () => {
  it("reads the stack from a URN", () => {
    expect(stackOfUrn("urn:pulumi:prod::foundry-finetune::pulumi-nodejs:dynamic/foundry:FineTuningJob::clippy")).toBe(
      "prod",
    );
    expect(stackOfUrn("not a urn")).toBe("");
  });

  it("lays the stack's entry over the policy's config over the defaults", () => {
    const config = { allowed: ["Standard"], stacks: { prod: { allowed: [] as string[] } } };
    expect(settingsFor(TRAINING_TIER_DEFAULTS, config, "dev")).toEqual({ allowed: ["Standard"] });
    expect(settingsFor(TRAINING_TIER_DEFAULTS, config, "prod")).toEqual({ allowed: [] });
    expect(settingsFor(TRAINING_TIER_DEFAULTS, undefined, "dev")).toEqual(TRAINING_TIER_DEFAULTS);
    expect(
      settingsFor(TRAINING_COST_DEFAULTS, { maxUsdPerModel: 5, stacks: { prod: { maxUsdPerModel: 1 } } }, "prod"),
    ).toEqual({ allowUnpriced: false, maxUsdPerModel: 1 });
  });
});

describe("policy facts", () => {
  it("reads a job's inputs, including the program's cost estimate", () => {
    const props = {
      modelName: "clippy",
      trainingType: "Standard",
      validationFileSha256: "ab",
      suffix: "s",
      estimate: { estimatedCostUsd: 2.5, billedTokens: 100 },
    };
    expect(jobFacts(props, "r")).toEqual({
      model: "clippy",
      trainingType: "Standard",
      hasValidationFile: true,
      suffix: "s",
      estimatedCostUsd: 2.5,
      billedTokens: 100,
    });
    expect(jobFacts({}, "r")).toEqual({ model: "r", trainingType: "", hasValidationFile: false });
  });

  it("reads a deployment's sku, capacity and RAI policy", () => {
    expect(
      deploymentFacts(
        {
          modelName: "m",
          name: "d",
          sku: { name: "ProvisionedManaged", capacity: 50 },
          raiPolicyName: "Microsoft.DefaultV2",
        },
        "r",
      ),
    ).toEqual({
      model: "m",
      name: "d",
      sku: "ProvisionedManaged",
      capacity: 50,
      raiPolicyName: "Microsoft.DefaultV2",
    });
  });
});

describe("training rules", () => {
  it("training tier: allowed list, case-insensitive", () => {
    expect(checkTrainingTier(job(), TRAINING_TIER_DEFAULTS)).toEqual([]);
    expect(checkTrainingTier(job({ trainingType: "standard" }), { allowed: ["Standard"] })).toEqual([]);
    expect(checkTrainingTier(job(), { allowed: ["Developer"] })).toEqual([
      "model clippy: training tier GlobalStandard is not allowed here (allowed: Developer)",
    ]);
    expect(checkTrainingTier(job(), { allowed: [] })).toEqual([
      "model clippy: training tier GlobalStandard is not allowed here (allowed: none)",
    ]);
  });

  it("validation file: required by default", () => {
    expect(checkValidationFile(job({ hasValidationFile: false }), VALIDATION_FILE_DEFAULTS)).toEqual([
      "model clippy: a validationFile is required",
    ]);
    expect(checkValidationFile(job({ hasValidationFile: false }), { required: false })).toEqual([]);
    expect(checkValidationFile(job(), VALIDATION_FILE_DEFAULTS)).toEqual([]);
  });

  it("cost per model: over the limit, at the limit, unpriced", () => {
    expect(checkModelCost(job(), TRAINING_COST_DEFAULTS)).toEqual([]);
    expect(checkModelCost(job(), { allowUnpriced: false, maxUsdPerModel: 1.5 })).toEqual([]);
    expect(checkModelCost(job(), { allowUnpriced: false, maxUsdPerModel: 1 })).toEqual([
      "model clippy: estimated training cost $1.50 exceeds the maximum of $1.00 per model",
    ]);
    const unpriced = job({ estimatedCostUsd: undefined });
    expect(checkModelCost(unpriced, { allowUnpriced: false, maxUsdPerModel: 1 })[0]).toMatch(/no cost estimate/);
    expect(checkModelCost(unpriced, { allowUnpriced: true, maxUsdPerModel: 1 })).toEqual([]);
  });

  it("cost per stack: the sum of every job's estimate", () => {
    const jobs = [job(), job({ model: "polished", estimatedCostUsd: 2 })];
    expect(checkStackCost("dev", jobs, { allowUnpriced: false, maxUsdPerStack: 3.5 })).toEqual([]);
    expect(checkStackCost("dev", jobs, { allowUnpriced: false, maxUsdPerStack: 3 })).toEqual([
      "stack dev: estimated training cost $3.50 of 2 model(s) exceeds the maximum of $3.00 per stack",
    ]);
    expect(
      checkStackCost("dev", [job({ estimatedCostUsd: undefined })], { allowUnpriced: false, maxUsdPerStack: 3 }),
    ).toEqual(["stack dev: no cost estimate for clippy; the stack total cannot be checked"]);
    expect(checkStackCost("dev", jobs, TRAINING_COST_DEFAULTS)).toEqual([]);
  });

  it("suffix: 18 characters by default, optional pattern and requirement", () => {
    expect(checkSuffix(job({ suffix: "a".repeat(18) }), SUFFIX_DEFAULTS)).toEqual([]);
    expect(checkSuffix(job({ suffix: "a".repeat(19) }), SUFFIX_DEFAULTS)).toEqual([
      `model clippy: suffix "${"a".repeat(19)}" is 19 characters; the maximum is 18`,
    ]);
    expect(checkSuffix(job({ suffix: "clippy" }), { ...SUFFIX_DEFAULTS, pattern: "^team-" })).toEqual([
      'model clippy: suffix "clippy" does not match ^team-',
    ]);
    expect(checkSuffix(job({ suffix: undefined }), SUFFIX_DEFAULTS)).toEqual([]);
    expect(checkSuffix(job({ suffix: undefined }), { ...SUFFIX_DEFAULTS, required: true })).toEqual([
      "model clippy: a suffix is required",
    ]);
  });
});

describe("deployment rules", () => {
  it("sku: allowed list and capacity, per sku before the general maximum", () => {
    expect(checkDeploymentSku(dep({ sku: "GlobalProvisionedManaged", capacity: 15 }), DEPLOYMENT_SKU_DEFAULTS)).toEqual(
      [],
    );
    expect(checkDeploymentSku(dep(), { allowed: ["GlobalStandard"] })).toEqual([
      "deployment clippy (model clippy): sku Standard is not allowed here (allowed: GlobalStandard)",
    ]);
    const limits = { ...DEPLOYMENT_SKU_DEFAULTS, maxCapacity: 10, maxCapacityBySku: { provisionedmanaged: 100 } };
    expect(checkDeploymentSku(dep({ capacity: 11 }), limits)).toEqual([
      "deployment clippy (model clippy): capacity 11 of Standard exceeds the maximum of 10",
    ]);
    expect(checkDeploymentSku(dep({ sku: "ProvisionedManaged", capacity: 100 }), limits)).toEqual([]);
    expect(checkDeploymentSku(dep({ sku: "ProvisionedManaged", capacity: 150 }), limits)).toHaveLength(1);
  });

  it("RAI policy: required, and from a list when given", () => {
    expect(checkRaiPolicy(dep(), RAI_POLICY_DEFAULTS)).toEqual([]);
    expect(checkRaiPolicy(dep(), { required: true })).toEqual([
      "deployment clippy (model clippy): raiPolicyName is required",
    ]);
    expect(
      checkRaiPolicy(dep({ raiPolicyName: "Loose" }), { required: true, allowed: ["Microsoft.DefaultV2"] }),
    ).toEqual(["deployment clippy (model clippy): RAI policy Loose is not allowed (allowed: Microsoft.DefaultV2)"]);
    expect(
      checkRaiPolicy(dep({ raiPolicyName: "Microsoft.DefaultV2" }), {
        required: true,
        allowed: ["Microsoft.DefaultV2"],
      }),
    ).toEqual([]);
  });
});

describe("stack rules", () => {
  it("a promote-only stack may hold no training resource", () => {
    const training = [
      { kind: "TrainingFile" as const, name: "clippy-training" },
      { kind: "FineTuningJob" as const, name: "clippy" },
    ];
    expect(checkStackRole("dev", training, STACK_ROLE_DEFAULTS)).toEqual([]);
    expect(checkStackRole("prod", [], { train: false })).toEqual([]);
    expect(checkStackRole("prod", training, { train: false })).toEqual([
      "stack prod is promote-only (trains nothing; use promoteFrom), but declares FineTuningJob clippy, TrainingFile clippy-training",
    ]);
  });

  it("protect: required jobs and deployments", () => {
    expect(checkProtected("FineTuningJob", "clippy", false, PROTECT_DEFAULTS)).toEqual([]);
    expect(checkProtected("FineTuningJob", "clippy", false, { required: true })).toEqual([
      "FineTuningJob clippy must be protected (set protect: true on the model in stack config)",
    ]);
    expect(checkProtected("ModelDeployment", "clippy", true, { required: true })).toEqual([]);
  });
});

describe("foundry-monthly-budget", () => {
  const hosted = (name: string, hostingPerMonthUsd?: number) =>
    dep({ name, ...(hostingPerMonthUsd !== undefined ? { hostingPerMonthUsd } : {}) });
  const budget = (maxUsdPerMonth?: number, allowUnpriced = false) => ({
    ...MONTHLY_BUDGET_DEFAULTS,
    allowUnpriced,
    ...(maxUsdPerMonth !== undefined ? { maxUsdPerMonth } : {}),
  });

  it("refuses a plan whose training plus a month of hosting passes the amount, naming each deployment's share", () => {
    const [message] = checkMonthlyBudget(
      "dev",
      [job({ estimatedCostUsd: 10 })],
      [hosted("clippy", 1241), hosted("polished", 1241)],
      budget(2000),
    );
    expect(message).toBe(
      "stack dev: training $10.00 plus hosting $2,482.00/month (clippy $1,241.00, polished $1,241.00) = $2,492.00 exceeds the monthly budget of $2,000.00",
    );
  });

  it("passes at the amount, and without an amount", () => {
    expect(checkMonthlyBudget("dev", [job({ estimatedCostUsd: 9 })], [hosted("clippy", 1241)], budget(1250))).toEqual(
      [],
    );
    expect(checkMonthlyBudget("dev", [job({ estimatedCostUsd: 1e9 })], [hosted("clippy", 1e9)], budget())).toEqual([]);
  });

  it("counts hosting even when nothing trains (a promoting stack)", () => {
    expect(checkMonthlyBudget("prod", [], [hosted("clippy", 1241)], budget(1000))).toHaveLength(1);
  });

  it("refuses what it cannot price unless allowUnpriced", () => {
    expect(checkMonthlyBudget("dev", [job({ estimatedCostUsd: undefined })], [hosted("clippy")], budget(5000))).toEqual(
      [
        "stack dev: no price for job clippy, deployment clippy; set foundry-finetune:prices or allowUnpriced, or the budget cannot be checked",
      ],
    );
    expect(
      checkMonthlyBudget("dev", [job({ estimatedCostUsd: undefined })], [hosted("clippy")], budget(5000, true)),
    ).toEqual([]);
  });

  it("reads a deployment's monthly hosting from the program's price", () => {
    expect(
      deploymentFacts(
        { name: "d", sku: { name: "Standard", capacity: 1 }, hosting: { perMonthUsd: 1241, perHourUsd: 1.7 } },
        "r",
      ).hostingPerMonthUsd,
    ).toBe(1241);
    expect(
      deploymentFacts({ name: "d", sku: { name: "Standard", capacity: 1 }, hosting: { priceDate: "x" } }, "r"),
    ).not.toHaveProperty("hostingPerMonthUsd");
  });
});
