// The models a stack trains: plan every model's data, check the account can carry the plan, then declare one
// FineTunedModel component per model, in training order (a model continued from another comes after it).

import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedUpload } from "../foundry/preflight-checks";
import { type StackConfig, trainingOrder } from "./config";
import { FineTunedModel } from "./fine-tuned-model";
import type { ModelOutputs } from "./model-outputs";
import { type ModelPlan, type PlannedDataset, planModels, unread } from "./model-plan";
import { preflightOnceKnown } from "./preflight/once-known";
import { runPreflight } from "./preflight/preflight";
import { accountIdOf, targetInputs } from "./stack-config";

/** An account known only at `up` (another resource's output): the stack config with it, once it is known. */
export interface DeferredAccount {
  config: pulumi.Output<StackConfig>;
}

export async function declareModels(
  projectDir: string,
  config: StackConfig,
  opts: pulumi.ComponentResourceOptions = {},
  deferred?: DeferredAccount,
): Promise<Record<string, FineTunedModel>> {
  // Data first (local and free), then what the account can carry; both before any resource is declared.
  const plans = await planModels(projectDir, config);
  const uploads = plannedUploads(plans);
  // The same preflight now, or once a deferred account is known (the resources take their target from it).
  const checked = deferred ? preflightOnceKnown(projectDir, deferred.config, uploads) : undefined;
  const retirements = checked ? {} : await runPreflight(projectDir, config, process.env, uploads);
  const target = checked ? checked.apply((c) => targetInputs(c.config)) : targetInputs(config);
  const account = checked
    ? { name: checked.apply((c) => c.config.account.name), id: checked.apply((c) => accountIdOf(c.config)) }
    : { name: config.account.name, id: accountIdOf(config) };
  const retirementOf = (name: string) => (checked ? checked.apply((c) => c.retirements[name]) : retirements[name]);
  const models: Record<string, FineTunedModel> = {};
  for (const name of trainingOrder(config.models)) {
    const model = config.models[name]!;
    const baseModel =
      typeof model.baseModel === "string"
        ? pulumi.output(model.baseModel)
        : models[model.baseModel.from]!.job.fineTunedModel.apply((m) => m ?? "");
    models[name] = new FineTunedModel(
      name,
      {
        target,
        account,
        model,
        plan: plans[name]!,
        baseModel,
        reportsDir: `reports/out/${pulumi.getStack()}/${name}`,
        ...(checked || retirements[name] ? { retirement: retirementOf(name) } : {}),
      },
      opts,
    );
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
  return Object.entries(plans).flatMap(([name, plan]) => [
    upload(`${name} training`, plan.training),
    ...(plan.validation ? [upload(`${name} validation`, plan.validation)] : []),
  ]);
}

/** The stack's `models` output for what it trains. */
export function modelOutputs(models: Record<string, FineTunedModel>): Record<string, ModelOutputs> {
  return Object.fromEntries(Object.entries(models).map(([name, model]) => [name, model.outputs]));
}
