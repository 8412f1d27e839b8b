// The rules as @pulumi/policy policies: pick our resources by type, read their facts and the stack's settings,
// report what the pure rules say. Names are what violations print and what config files key on.
import type {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { DEPLOYMENT_TYPE, deploymentFacts, JOB_TYPE, jobFacts, TRAINING_FILE_TYPE } from "./facts";
import * as budget from "./rules/budget";
import * as deployment from "./rules/deployment";
import * as protect from "./rules/protect";
import * as stackRules from "./rules/stack";
import * as training from "./rules/training";
import { configSchema, settingsFor, stackOfUrn, type WithStacks } from "./settings";

/** A policy on one resource type: `check` gets that resource's facts and its stack's settings. */
function policyOn<F>(type: string, facts: (props: Record<string, unknown>, name: string) => F) {
  return <T extends object>(
    name: string,
    description: string,
    defaults: T,
    schema: Record<string, object>,
    check: (f: F, s: T) => string[],
  ): ResourceValidationPolicy => ({
    name,
    description,
    configSchema: configSchema(schema),
    validateResource: (args, report) => {
      if (args.type !== type) return;
      const settings = settingsFor(defaults, args.getConfig<WithStacks<T>>(), stackOfUrn(args.urn));
      for (const message of check(facts(args.props, args.name), settings)) report(message);
    },
  });
}
const jobPolicy = policyOn(JOB_TYPE, jobFacts);
const deploymentPolicy = policyOn(DEPLOYMENT_TYPE, deploymentFacts);

// Every resource's URN names the stack; the Stack resource itself is always there.
const stackName = (resources: PolicyResource[]) => stackOfUrn(resources[0]?.urn ?? "");
const stackSettings = <T extends object>(defaults: T, args: StackValidationArgs) =>
  settingsFor(defaults, args.getConfig<WithStacks<T>>(), stackName(args.resources));

const trainingCost: ResourceValidationPolicy & StackValidationPolicy = {
  ...jobPolicy(
    "foundry-training-cost",
    "Caps the estimated training cost per model (maxUsdPerModel) and per stack (maxUsdPerStack).",
    training.TRAINING_COST_DEFAULTS,
    training.trainingCostSchema,
    training.checkModelCost,
  ),
  validateStack: (args, report) => {
    const jobs = args.resources.filter((r) => r.type === JOB_TYPE).map((r) => jobFacts(r.props, r.name));
    for (const message of training.checkStackCost(
      stackName(args.resources),
      jobs,
      stackSettings(training.TRAINING_COST_DEFAULTS, args),
    ))
      report(message);
  },
};

const monthlyBudget: StackValidationPolicy = {
  name: "foundry-monthly-budget",
  description: "Caps the stack's training estimate plus a month of its deployments' hosting (maxUsdPerMonth).",
  configSchema: configSchema(budget.monthlyBudgetSchema),
  validateStack: (args, report) => {
    const jobs = args.resources.filter((r) => r.type === JOB_TYPE).map((r) => jobFacts(r.props, r.name));
    const deployments = args.resources
      .filter((r) => r.type === DEPLOYMENT_TYPE)
      .map((r) => deploymentFacts(r.props, r.name));
    for (const message of budget.checkMonthlyBudget(
      stackName(args.resources),
      jobs,
      deployments,
      stackSettings(budget.MONTHLY_BUDGET_DEFAULTS, args),
    ))
      report(message);
  },
};

const stackRole: StackValidationPolicy = {
  name: "foundry-stack-role",
  description: "A promote-only stack (train: false, e.g. prod) trains nothing: no TrainingFile, no FineTuningJob.",
  configSchema: configSchema(stackRules.stackRoleSchema),
  validateStack: (args, report) => {
    const trainingResources = args.resources.flatMap((r): stackRules.TrainingResource[] =>
      r.type === JOB_TYPE
        ? [{ kind: "FineTuningJob", name: r.name }]
        : r.type === TRAINING_FILE_TYPE
          ? [{ kind: "TrainingFile", name: r.name }]
          : [],
    );
    for (const message of stackRules.checkStackRole(
      stackName(args.resources),
      trainingResources,
      stackSettings(stackRules.STACK_ROLE_DEFAULTS, args),
    ))
      report(message);
  },
};

// Protect is a resource option, not an input: read from the policy args, not the props.
const protectedResources: ResourceValidationPolicy = {
  name: "foundry-protect",
  description: "With required: true, every fine-tuning job and deployment of the stack is protected from deletion.",
  configSchema: configSchema(protect.protectSchema),
  validateResource: (args, report) => {
    if (args.type !== JOB_TYPE && args.type !== DEPLOYMENT_TYPE) return;
    const settings = settingsFor(
      protect.PROTECT_DEFAULTS,
      args.getConfig<WithStacks<protect.ProtectSettings>>(),
      stackOfUrn(args.urn),
    );
    const kind = args.type === JOB_TYPE ? "FineTuningJob" : "ModelDeployment";
    for (const message of protect.checkProtected(kind, args.name, args.opts.protect, settings)) report(message);
  },
};

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  jobPolicy(
    "foundry-training-tier",
    "Training tiers this stack may use (allowed).",
    training.TRAINING_TIER_DEFAULTS,
    training.trainingTierSchema,
    training.checkTrainingTier,
  ),
  jobPolicy(
    "foundry-training-retirement",
    "No training on a base model that retires for fine-tuning within withinDays days (dates from the account's model list).",
    training.TRAINING_RETIREMENT_DEFAULTS,
    training.trainingRetirementSchema,
    (job, s) => training.checkTrainingRetirement(job, s),
  ),
  jobPolicy(
    "foundry-validation-file",
    "Every trained model has a validation file (required).",
    training.VALIDATION_FILE_DEFAULTS,
    training.validationFileSchema,
    training.checkValidationFile,
  ),
  trainingCost,
  monthlyBudget,
  jobPolicy(
    "foundry-model-suffix",
    "Model suffixes: required, maxLength (18 for Foundry projects), pattern.",
    training.SUFFIX_DEFAULTS,
    training.suffixSchema,
    training.checkSuffix,
  ),
  deploymentPolicy(
    "foundry-deployment-sku",
    "Deployment skus (allowed) and capacity (maxCapacity, maxCapacityBySku).",
    deployment.DEPLOYMENT_SKU_DEFAULTS,
    deployment.deploymentSkuSchema,
    deployment.checkDeploymentSku,
  ),
  deploymentPolicy(
    "foundry-rai-policy",
    "Deployments name a content-filter (RAI) policy (required), optionally from a list (allowed).",
    deployment.RAI_POLICY_DEFAULTS,
    deployment.raiPolicySchema,
    deployment.checkRaiPolicy,
  ),
  protectedResources,
  stackRole,
];
