// The models a stack trains: plan every model's data, check the account can carry the plan, then declare one
// FineTunedModel component per model, in training order (a model continued from another comes after it).
import * as pulumi from "@pulumi/pulumi";
import { trainingOrder, type StackConfig } from "./config";
import { FineTunedModel } from "./fine-tuned-model";
import type { ModelOutputs } from "./model-outputs";
import { planModels } from "./model-plan";
import { runPreflight } from "./preflight/preflight";
import { accountIdOf, targetInputs } from "./stack-config";

export async function declareModels(projectDir: string, config: StackConfig, opts?: pulumi.ComponentResourceOptions): Promise<Record<string, FineTunedModel>> {
  const target = targetInputs(config);
  const account = { name: config.account.name, id: accountIdOf(config) };
  // Data first (local and free), then what the account can carry; both before any resource is declared.
  const plans = await planModels(projectDir, config);
  await runPreflight(projectDir, config);
  const models: Record<string, FineTunedModel> = {};
  for (const name of trainingOrder(config.models)) {
    const model = config.models[name]!;
    const baseModel = typeof model.baseModel === "string" ? pulumi.output(model.baseModel) : models[model.baseModel.from]!.job.fineTunedModel.apply((m) => m ?? "");
    models[name] = new FineTunedModel(name, { target, account, model, plan: plans[name]!, baseModel, reportsDir: `reports/out/${pulumi.getStack()}/${name}` }, opts);
  }
  return models;
}

/** The stack's `models` output for what it trains. */
export function modelOutputs(models: Record<string, FineTunedModel>): Record<string, ModelOutputs> {
  return Object.fromEntries(Object.entries(models).map(([name, model]) => [name, model.outputs]));
}
