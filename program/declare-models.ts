// The models a stack trains: plan every model's data, check the account can carry the plan, then declare one
// FineTunedModel component per model, in training order (a model continued from another comes after it).
import * as pulumi from "@pulumi/pulumi";
import { type StackConfig, trainingOrder } from "./config";
import { FineTunedModel } from "./fine-tuned-model";
import type { ModelOutputs } from "./model-outputs";
import { type DeferredAccount, planDeclarations } from "./plan-declarations";

export async function declareModels(
  projectDir: string,
  config: StackConfig,
  opts: pulumi.ComponentResourceOptions = {},
  deferred?: DeferredAccount,
): Promise<Record<string, FineTunedModel>> {
  const planned = await planDeclarations(projectDir, config, deferred);
  const models: Record<string, FineTunedModel> = {};
  for (const name of trainingOrder(config.models)) {
    const model = config.models[name]!;
    const baseModel =
      typeof model.baseModel === "string"
        ? pulumi.output(model.baseModel)
        : models[model.baseModel.from]!.job.fineTunedModel.apply((m) => m ?? "");
    models[name] = new FineTunedModel(name, { ...planned[name]!, baseModel }, opts);
  }
  return models;
}

/** The stack's `models` output for what it trains. */
export function modelOutputs(models: Record<string, FineTunedModel>): Record<string, ModelOutputs> {
  return Object.fromEntries(Object.entries(models).map(([name, model]) => [name, model.outputs]));
}
