// The stack config, as one zod schema. Errors name the config key (`foundry-finetune:models.clippy.seed`)
// and the rule, so a typo fails the preview before anything is uploaded or trained.
// Its parts, one file per area, in config/: the top level (top-level.ts), the account (account.ts), a model entry
// (models.ts), its deployment (deployment.ts), its method and hyperparameters (hyperparameters.ts), and the rules
// across keys (cross-checks.ts).
import type { z } from "zod";
import { defaultTrainingTier } from "../azure/model-tiers";
import { normaliseAccount } from "./config/account";
import { crossChecks } from "./config/cross-checks";
import { type PromotedModelConfig, promotedModel, type TrainedModelConfig, trainedModel } from "./config/models";
import { type StackConfig, topLevelSchema } from "./config/top-level";
import { rootBaseModel } from "./root-base-model";

export { HYPERPARAMETER_SCHEMAS } from "./config/hyperparameters";
export type {
  DeploymentConfig,
  EvaluationConfig,
  FineTunedModelInput,
  GatesConfig,
  PromotedModelConfig,
  TrainedModelConfig,
} from "./config/models";
export type { ServiceInput, StackConfig } from "./config/top-level";

export const CONFIG_NAMESPACE = "foundry-finetune";

export const isPromotion = (entry: Record<string, unknown>) => "promoteFrom" in entry;

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
