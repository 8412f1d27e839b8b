// The stack config, as one zod schema. Errors name the config key (`foundry-finetune:models.clippy.seed`)
// and the rule, so a typo fails the preview before anything is uploaded or trained.
import { z } from "zod";
import { CHECKPOINT_METRICS } from "../analysis/best-checkpoint";
import { DEFAULT_THRESHOLDS } from "../analysis/quality";
import { ARM_API_VERSIONS } from "../azure/api-versions";
import { PROJECT_NAME, PROJECT_NAME_RULE } from "../azure/endpoints";
import {
  type HyperparameterName,
  type HyperparameterSpec,
  hyperparametersOf,
  METHOD_TYPES,
  type MethodType,
} from "../azure/methods";
import {
  DEPLOYMENT_SKUS,
  defaultTrainingTier,
  modelTiers,
  TRAINING_TIERS,
  type TrainingTier,
} from "../azure/model-tiers";
import { type SplitEndpoint, splitEndpoint } from "../foundry/project-endpoint";
import { isProvisionedSku, provisionedProblem } from "./provisioned-throughput";
import { remoteDatasetSchema } from "./remote-dataset";
import { rootBaseModel } from "./root-base-model";

export const CONFIG_NAMESPACE = "foundry-finetune";

/** One hyperparameter's rule, from its catalogue entry: a number within the bounds, or "auto" where allowed. */
function hyperparameterSchema(spec: HyperparameterSpec): z.ZodType<number | "auto", number | "auto"> {
  let number = spec.type === "int" ? z.number().int() : z.number();
  number = spec.minExclusive ? number.gt(spec.min) : number.min(spec.min);
  // An undocumented upper bound is the local service's guess: Azure may allow more (azure/methods.ts).
  if (spec.maxDocumented) number = number.max(spec.max);
  return spec.auto ? z.union([z.literal("auto"), number]) : number;
}

/** A method's hyperparameters, each optional (absent = "auto"); an unknown key names the ones the method takes. */
function hyperparametersSchema<M extends MethodType>(method: M) {
  const specs = hyperparametersOf(method);
  const shape = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, hyperparameterSchema(spec).optional()]),
  );
  const known = Object.keys(specs).join(", ");
  return z.strictObject(
    shape as Record<HyperparameterName<M>, z.ZodOptional<z.ZodType<number | "auto", number | "auto">>>,
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `${method} takes no ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (it takes ${known})`
          : undefined,
    },
  );
}

/** Per method, the schema of its hyperparameters, derived from azure/methods.ts (a method missing here does not compile). */
export const HYPERPARAMETER_SCHEMAS = {
  supervised: hyperparametersSchema("supervised"),
  dpo: hyperparametersSchema("dpo"),
} satisfies Record<MethodType, z.ZodType>;

const methodOf = <M extends MethodType>(type: M) =>
  z.strictObject({ type: z.literal(type), hyperparameters: HYPERPARAMETER_SCHEMAS[type].default({}) });
const method = z.discriminatedUnion("type", [methodOf("supervised"), methodOf("dpo")], {
  error: (issue) => (issue.code === "invalid_union" ? `must be one of ${METHOD_TYPES.join(", ")}` : undefined),
});

// Azure: at most 40 characters of [a-zA-Z0-9_-], as the API specs say (a Foundry how-to says 18; the program
// allows the specs' 40). The fine-tuned model's name ends in `-{suffix}`.
const suffix = z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, "must be 1-40 characters of letters, digits, '_' or '-'");

/** Training tiers (azure/model-tiers.ts), any case, "DeveloperTier" as Developer; the wire spelling is in azure/wire.ts. */
const trainingType = z
  .string()
  .transform(
    (value) => TRAINING_TIERS.find((t) => t.toLowerCase() === value.toLowerCase().replace(/tier$/, "")) ?? value,
  )
  .pipe(z.enum(TRAINING_TIERS));

const sku = z
  .string()
  .transform((value) => DEPLOYMENT_SKUS.find((s) => s.toLowerCase() === value.toLowerCase()) ?? value)
  .pipe(z.enum(DEPLOYMENT_SKUS));

const deploymentName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,50}$/, "must be 2-51 characters of letters, digits, '_', '.' or '-'");

// --- quality signals: the best checkpoint and the thresholds of the overfitting warnings ---
/** `best` ranks the kept checkpoints by full validation loss; `{ best: <metric> }` by another checkpoint metric. */
const bestCheckpoint = [
  z.literal("best", {
    error: 'must be "best" or an object ({ best: <metric> }, { epoch: N }, { step: N } or { id: ftchkpt-... })',
  }),
  z.object({ best: z.enum(CHECKPOINT_METRICS) }).strict(),
] as const;

/** When the `up` log warns that a model overfits or diverges (analysis/quality.ts defines each signal). */
const quality = z
  .object({
    /** Full validation loss at the end over its minimum, as a fraction: 0.1 warns past 10% above the best epoch. */
    maxValidLossRise: z.number().min(0).default(DEFAULT_THRESHOLDS.maxValidLossRise),
    /** Final full validation loss minus the last epoch's mean train loss, in loss units. */
    maxTrainValidGap: z.number().min(0).default(DEFAULT_THRESHOLDS.maxTrainValidGap),
    /** A step whose train loss exceeds this many times the moving average before it is a spike. */
    lossSpikeFactor: z.number().gt(1).default(DEFAULT_THRESHOLDS.lossSpikeFactor),
  })
  .strict();

/** `best` by a validation metric needs a validation file: without one no checkpoint reports it. */
function bestCheckpointIssues(models: Record<string, TrainedModelConfig>): { path: string[]; message: string }[] {
  return Object.entries(models).flatMap(([name, model]) => {
    const selector = model.deployment?.checkpoint;
    const metric =
      selector === "best"
        ? "full_valid_loss"
        : typeof selector === "object" && "best" in selector
          ? selector.best
          : undefined;
    if (!metric?.includes("valid") || model.validationFile) return [];
    return [
      {
        path: ["models", name, "deployment", "checkpoint"],
        message: `best by ${metric} needs a validationFile: without one no checkpoint reports ${metric}`,
      },
    ];
  });
}
// --- end quality signals ---

// One flat union, so a wrong value reads as one list of what is allowed, not a union nested in a union.
const checkpoint = z.union([
  ...bestCheckpoint,
  z.object({ epoch: z.number().int().min(1) }).strict(),
  z.object({ step: z.number().int().min(1) }).strict(),
  z.object({ id: z.string().regex(/^ftchkpt-[a-z0-9]+$/, "must be a checkpoint id (ftchkpt-...)") }).strict(),
]);

const deployment = z
  .object({
    name: deploymentName,
    sku: sku.default("Standard"),
    capacity: z.number().int().min(1).max(10_000).default(1),
    raiPolicyName: z.string().min(1).optional(),
    versionUpgradeOption: z
      .enum(["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"])
      .default("NoAutoUpgrade"),
    /** Deploy one of the job's checkpoints instead of the final model. */
    checkpoint: checkpoint.optional(),
  })
  .strict();

const relativeDataPath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."),
    "must be a path inside the project (relative, no '..')",
  )
  .refine((p) => p.endsWith(".jsonl"), "must name a .jsonl file");

const evaluation = z
  .object({
    /** Held-out JSONL (chat format): each example's last assistant message is the expected answer. */
    file: relativeDataPath,
    maxTokens: z.number().int().min(1).max(4096).default(200),
    /**
     * Champion and challenger: when the deployment swaps to a new model, the held-out set runs against the new
     * deployment and the live one, and this decides the swap (analysis/champion-gate.ts). Without it both
     * scores are recorded and the swap always happens.
     */
    gate: z
      .object({
        metric: z.enum(["exactMatch", "tokenOverlap"]).default("tokenOverlap"),
        minImprovementOverLive: z.number().min(-1).max(1).optional(),
        maxRegression: z.number().min(0).max(1).optional(),
        maxContentFiltered: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Thresholds a promoted model must meet, read from the source stack's outputs. */
const gates = z
  .object({
    maxValidLoss: z.number().positive().optional(),
    minValidTokenAccuracy: z.number().min(0).max(1).optional(),
    minTrainedTokens: z.number().int().min(0).optional(),
    minEvalExactMatch: z.number().min(0).max(1).optional(),
    minEvalTokenOverlap: z.number().min(0).max(1).optional(),
  })
  .strict();

const promotedModel = z
  .object({
    /** The stack that trained the model (`dev`, or `org/foundry-finetune/dev` on Pulumi Cloud) and its model name. */
    promoteFrom: z.object({ stack: z.string().min(1), model: z.string().min(1) }).strict(),
    gates: gates.default({}),
    deployment,
    evaluation: evaluation.optional(),
    /** Pulumi's `protect` on the deployment: destroy refuses to delete it until this is set back to false. */
    protect: z.boolean().optional(),
  })
  .strict();

const trainedModel = z
  .object({
    /** A base model id, or `{ from: <model of this stack> }` to continue fine-tuning that model's result. */
    baseModel: z.union([z.string().min(1), z.object({ from: z.string().min(1) }).strict()]),
    /** A path in the project, or `{ url, sha256?, validate? }` for data the service imports (program/remote-dataset.ts). */
    trainingFile: z.union([relativeDataPath, remoteDatasetSchema]),
    validationFile: z.union([relativeDataPath, remoteDatasetSchema]).optional(),
    suffix: suffix.optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    /** Default: GlobalStandard where the base model trains globally, else Standard (resolved after parsing). */
    trainingType: trainingType.optional(),
    method: method.default({ type: "supervised", hyperparameters: {} }),
    metadata: z.record(z.string().max(64), z.string().max(512)).optional(),
    /** Wait for the job to finish inside `pulumi up` (progress goes to the log); false returns once submitted. */
    wait: z
      .union([
        z.boolean(),
        z
          .object({
            timeoutMinutes: z
              .number()
              .positive()
              .max(720 * 60),
          })
          .strict(),
      ])
      .default(true),
    deleteModelOnDestroy: z.boolean().default(false),
    /**
     * `always`: train even when a succeeded job on the account already trained this identity. By default such a
     * training is reused, whichever model key, component or stack paid for it (resources/fine-tuning-job/reuse.ts).
     */
    retrain: z
      .literal("always", { error: 'must be "always" (leave it out to reuse an identical training)' })
      .optional(),
    /** Bring an existing job under management (dynamic resources cannot be `pulumi import`ed). */
    adoptJobId: z
      .string()
      .regex(/^ftjob-[a-z0-9]+$/, "must be a job id (ftjob-...)")
      .optional(),
    deployment: deployment.optional(),
    /** Sent to the deployment after each new model; its scores are outputs and can gate promotion. */
    evaluation: evaluation.optional(),
    /** Pulumi's `protect` on the job and the deployment: destroy refuses to delete them until this is false again. */
    protect: z.boolean().optional(),
    /** Thresholds of the overfitting and divergence warnings; the signals are exported either way. */
    quality: quality.default(DEFAULT_THRESHOLDS),
  })
  .strict();

const account = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{1,62}$/, "must be 2-63 letters, digits or '-'"),
    /** Required for target azure; the local service takes any (defaults below). */
    subscriptionId: z.string().min(1).optional(),
    resourceGroup: z.string().min(1).optional(),
    /**
     * Azure data-plane endpoint (default https://<name>.openai.azure.com), or a Foundry project endpoint
     * (https://<name>.services.ai.azure.com/api/projects/<project>), which names the project too. The local
     * target uses only the project of it.
     */
    endpoint: z
      .string()
      .transform((value, ctx): SplitEndpoint => {
        const split = splitEndpoint(value);
        if (!("problem" in split)) return split;
        ctx.addIssue({ code: "custom", message: split.problem, input: value });
        return z.NEVER;
      })
      .optional(),
    /** A Foundry project of the account: files and jobs go through its endpoint; deployments stay on the account. */
    project: z.string().regex(PROJECT_NAME, `must be ${PROJECT_NAME_RULE}`).optional(),
  })
  .strict();

/** The account as the program uses it: `endpoint` without a project's path, `project` from either key. */
function normaliseAccount(
  parsed: z.infer<typeof account>,
): Omit<StackConfig["account"], "subscriptionId" | "resourceGroup"> {
  const { endpoint, ...rest } = parsed;
  const project = parsed.project ?? endpoint?.project;
  return {
    ...rest,
    ...(endpoint ? { endpoint: endpoint.endpoint } : {}),
    ...(project !== undefined ? { project } : {}),
  };
}

const modelName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/, "model names start with a letter and are 1-40 letters, digits, '_' or '-'");

/** The top level; each model entry is parsed on its own (trained or promoted) so errors stay precise. */
const topLevelSchema = z
  .object({
    target: z.enum(["local", "azure"]).default("local"),
    account,
    /** The local Foundry service: its data directory (inside the project) and port (0 = any free port). */
    local: z
      .object({ dataDir: z.string().default(".foundry-local"), port: z.number().int().min(0).max(65535).default(0) })
      .strict()
      .default({ dataDir: ".foundry-local", port: 0 }),
    apiVersion: z.string().optional(),
    /** A Microsoft.CognitiveServices ARM version that exists (azure/api-versions.ts ARM_API_VERSIONS). */
    armApiVersion: z
      .enum(ARM_API_VERSIONS, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is no Microsoft.CognitiveServices ARM api-version; use one of ${ARM_API_VERSIONS.join(", ")}`,
      })
      .optional(),
    /** The preview warns when a base model's training or inference retirement is this close, in days (default 90). */
    retirementWarningDays: z.number().int().min(0).optional(),
    /**
     * Which data-plane surface to talk to: `dated` (/openai/...?api-version=) or `v1` (/openai/v1/...), whose spec
     * defines job metadata and method hyperparameters. Either is safe: see foundry/job-wire.ts.
     */
    dataPlane: z.enum(["dated", "v1"]).default("dated"),
    /** Overrides of the dated price table (azure/prices.ts), per base model (USD): training, hosting, PTU hours. */
    prices: z
      .record(
        z.string(),
        z
          .object({
            trainingPerMillion: z.number().min(0).optional(),
            hostingPerHour: z.number().min(0).optional(),
            ptuPerHour: z.number().min(0).optional(),
          })
          .strict(),
      )
      .optional(),
    models: z.record(modelName, z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

/** A trained model as a program writes it (defaults left out): an entry of `foundry-finetune:models`. */
export type FineTunedModelInput = z.input<typeof trainedModel>;
/** The service keys as a program writes them: `target`, `account`, `local`, `apiVersion`, ... (not `models`). */
export type ServiceInput = Omit<z.input<typeof topLevelSchema>, "models">;
export type TrainedModelConfig = Omit<z.infer<typeof trainedModel>, "trainingType"> & {
  trainingType: TrainingTier;
  /** The config names no tier: `trainingType` is the model's default, and an existing job keeps the tier it was trained on. */
  trainingTypeDefaulted?: true;
};
export type PromotedModelConfig = z.infer<typeof promotedModel>;
export type DeploymentConfig = z.infer<typeof deployment>;
export type GatesConfig = z.infer<typeof gates>;
export type EvaluationConfig = z.infer<typeof evaluation>;
export type StackConfig = Omit<z.infer<typeof topLevelSchema>, "models" | "account"> & {
  account: Omit<z.infer<typeof account>, "subscriptionId" | "resourceGroup" | "endpoint"> & {
    subscriptionId: string;
    resourceGroup: string;
    endpoint?: string;
  };
  /** Models this stack trains. */
  models: Record<string, TrainedModelConfig>;
  /** Models this stack promotes from another stack (no training here). */
  promotions: Record<string, PromotedModelConfig>;
};

export const isPromotion = (entry: Record<string, unknown>) => "promoteFrom" in entry;

function crossChecks(
  config: StackConfig,
  raw: {
    target: string;
    account: { subscriptionId?: string; resourceGroup?: string; endpoint?: SplitEndpoint; project?: string };
  },
): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ code: "custom", path, message, input: undefined } as z.core.$ZodIssue);
  const endpointProject = raw.account.endpoint?.project;
  if (endpointProject !== undefined && raw.account.project !== undefined && endpointProject !== raw.account.project) {
    add(
      ["account", "project"],
      `is "${raw.account.project}" but the endpoint names project "${endpointProject}"; give one of them, or the same name`,
    );
  }
  // On Azure a missing subscription or resource group would fail only at the deployment, after training was paid.
  for (const key of ["subscriptionId", "resourceGroup"] as const) {
    if (raw.target === "azure" && !raw.account[key]) add(["account", key], "required when target is azure");
  }
  for (const [name, model] of Object.entries(config.models)) {
    if (typeof model.baseModel === "object" && !(model.baseModel.from in config.models)) {
      add(
        ["models", name, "baseModel", "from"],
        `names no model this stack trains (have: ${Object.keys(config.models).join(", ") || "none"})`,
      );
    }
    // What Azure would refuse only once the files are uploaded (training tier) or the job has run (sku).
    const root = rootBaseModel(config.models, name);
    const tiers = root ? modelTiers(root) : undefined;
    if (!tiers) continue;
    if (!tiers.training.includes(model.trainingType)) {
      add(
        ["models", name, "trainingType"],
        `${root} does not train on ${model.trainingType} (it offers ${tiers.training.join(", ")})`,
      );
    }
    // Provisioned skus have a table of their own, with sizes (provisioned-throughput.ts, checked below).
    if (model.deployment && !isProvisionedSku(model.deployment.sku) && !tiers.skus.includes(model.deployment.sku)) {
      add(
        ["models", name, "deployment", "sku"],
        `fine-tuned ${root} models do not deploy as ${model.deployment.sku} (they offer ${tiers.skus.join(", ")})`,
      );
    }
  }
  issues.push(...provisionedIssues(config.models));
  const names = [...Object.values(config.models), ...Object.values(config.promotions)].flatMap((m) =>
    m.deployment ? [m.deployment.name] : [],
  );
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) add(["models"], `deployment name "${duplicate}" is used twice`);
  for (const issue of bestCheckpointIssues(config.models)) add(issue.path, issue.message);
  return issues;
}

// --- Provisioned throughput (PTU) -------------------------------------------------------------------------
// A trained model's PTU sku and capacity are checked against its root base model here; a promoted model's base
// is known only from the source stack, so program/promotion.ts checks it. Facts: provisioned-throughput.ts.
function provisionedIssues(models: Record<string, TrainedModelConfig>): z.core.$ZodIssue[] {
  return Object.entries(models).flatMap(([name, model]) => {
    const root = model.deployment ? rootBaseModel(models, name) : undefined;
    const problem =
      root && model.deployment ? provisionedProblem(model.deployment.sku, model.deployment.capacity, root) : undefined;
    return problem
      ? [
          {
            code: "custom",
            path: ["models", name, "deployment", "sku"],
            message: problem,
            input: undefined,
          } as z.core.$ZodIssue,
        ]
      : [];
  });
}
// --- end of provisioned throughput ------------------------------------------------------------------------

export class ConfigError extends Error {}

const LOCAL_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** zod's union and record-key failures say only "Invalid input"; say which rules the value broke. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const options = [...new Set(issue.errors.map((branch) => branch.map(describeIssue).join(", ")).filter(Boolean))];
    return options.length === 1 ? options[0]! : `must match one of: ${options.map((o) => `(${o})`).join(" or ")}`;
  }
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return `key ${JSON.stringify(issue.path.at(-1) ?? "")}: ${issue.issues.map(describeIssue).join(", ")}`;
  }
  return issue.message;
}

/** Parses raw config values (key -> parsed YAML value) into a StackConfig, or throws a ConfigError naming every bad key. */
export function parseStackConfig(raw: Record<string, unknown>, stackFile = "Pulumi.<stack>.yaml"): StackConfig {
  const issues: z.core.$ZodIssue[] = [];
  const top = topLevelSchema.safeParse(raw);
  if (!top.success) issues.push(...top.error.issues);
  const config: StackConfig | undefined = top.success
    ? {
        ...top.data,
        // The local service takes any subscription and resource group; Azure needs real ones (crossChecks).
        account: {
          ...normaliseAccount(top.data.account),
          subscriptionId: top.data.account.subscriptionId ?? LOCAL_SUBSCRIPTION,
          resourceGroup: top.data.account.resourceGroup ?? "local",
        },
        models: {},
        promotions: {},
      }
    : undefined;
  const trained: Record<string, z.infer<typeof trainedModel>> = {};
  for (const [name, entry] of Object.entries(top.success ? top.data.models : {})) {
    const parsed = isPromotion(entry) ? promotedModel.safeParse(entry) : trainedModel.safeParse(entry);
    if (!parsed.success)
      issues.push(...parsed.error.issues.map((issue) => ({ ...issue, path: ["models", name, ...issue.path] })));
    else if (isPromotion(entry)) config!.promotions[name] = parsed.data as PromotedModelConfig;
    else trained[name] = parsed.data as z.infer<typeof trainedModel>;
  }
  if (config) {
    for (const [name, model] of Object.entries(trained))
      config.models[name] = { ...model, trainingType: model.trainingType ?? "GlobalStandard" };
    for (const [name, model] of Object.entries(trained)) {
      if (model.trainingType !== undefined) continue;
      config.models[name]!.trainingType = defaultTrainingTier(rootBaseModel(config.models, name) ?? "");
      config.models[name]!.trainingTypeDefaulted = true;
    }
  }
  if (issues.length === 0 && config && top.success) issues.push(...crossChecks(config, top.data));
  if (issues.length === 0 && config) return config;
  const lines = issues.map((issue) => {
    const key = [CONFIG_NAMESPACE + ":" + String(issue.path[0] ?? ""), ...issue.path.slice(1).map(String)].join(".");
    return `  ${key}: ${describeIssue(issue)}`;
  });
  throw new ConfigError(`${stackFile}: invalid stack config\n${lines.join("\n")}`);
}

/** Models in an order where every `baseModel.from` comes before the model that uses it; rejects cycles. */
export function trainingOrder(models: Record<string, TrainedModelConfig>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, chain: string[]) => {
    if (order.includes(name)) return;
    if (visiting.has(name))
      throw new ConfigError(
        `${CONFIG_NAMESPACE}:models: continuous fine-tuning forms a cycle: ${[...chain, name].join(" -> ")}`,
      );
    visiting.add(name);
    const base = models[name]!.baseModel;
    if (typeof base === "object") visit(base.from, [...chain, name]);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of Object.keys(models)) visit(name, []);
  return order;
}
