// The models a stack trains: plan every model's data, check the account can carry the plan, then declare one
// FineTunedModel component per model, in training order (a model continued from another comes after it).
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import { trainingOrder, type StackConfig } from "./config";
import { FineTunedModel } from "./fine-tuned-model";
import type { ModelOutputs } from "./model-outputs";
import { planModels, unread, type ModelPlan, type PlannedDataset } from "./model-plan";
import type { PlannedUpload } from "../foundry/preflight-checks";
import { runPreflight } from "./preflight/preflight";
import { accountIdOf, targetInputs } from "./stack-config";

export async function declareModels(projectDir: string, config: StackConfig): Promise<Record<string, FineTunedModel>> {
  const target = targetInputs(config);
  const account = { name: config.account.name, id: accountIdOf(config) };
  // Data first (local and free), then what the account can carry; both before any resource is declared.
  const plans = await planModels(projectDir, config);
  const retirements = await runPreflight(projectDir, config, process.env, plannedUploads(plans));
  const models: Record<string, FineTunedModel> = {};
  for (const name of trainingOrder(config.models)) {
    const model = config.models[name]!;
    const baseModel = typeof model.baseModel === "string" ? pulumi.output(model.baseModel) : models[model.baseModel.from]!.job.fineTunedModel.apply((m) => m ?? "");
    models[name] = new FineTunedModel(name, {
      target,
      account,
      model,
      plan: plans[name]!,
      baseModel,
      reportsDir: `reports/out/${pulumi.getStack()}/${name}`,
      ...(retirements[name] ? { retirement: retirements[name] } : {}),
    });
  }
  return models;
}

/** What the stack's TrainingFiles upload, with the sizes the dataset plans measured (none for a URL not read). */
function plannedUploads(plans: Record<string, ModelPlan>): PlannedUpload[] {
  const upload = (key: string, planned: PlannedDataset): PlannedUpload => ({
    key,
    file: path.basename(planned.path),
    ...(unread(planned) ? {} : { bytes: planned.result.stats.bytes }),
  });
  return Object.entries(plans).flatMap(([name, plan]) => [upload(`${name} training`, plan.training), ...(plan.validation ? [upload(`${name} validation`, plan.validation)] : [])]);
}

/** The stack's `models` output for what it trains. */
export function modelOutputs(models: Record<string, FineTunedModel>): Record<string, ModelOutputs> {
  return Object.fromEntries(Object.entries(models).map(([name, model]) => [name, model.outputs]));
}
