// The models a stack trains: plan every model's data, check the account can carry the plan, then declare one
// FineTunedModel component per model, in training order (a model continued from another comes after it).

import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedUpload } from "../foundry/preflight-checks";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { type StackConfig, trainingOrder } from "./config";
import { FineTunedModel } from "./fine-tuned-model";
import type { ModelOutputs } from "./model-outputs";
import { type ModelPlan, type PlannedDataset, planModels, unread } from "./model-plan";
import { runPreflight } from "./preflight/preflight";
import { accountIdOf, targetInputs } from "./stack-config";

/** An account known only at `up` (another resource's output): its target, name and id, checked by the caller's preflight. */
export interface DeferredAccount {
  target: pulumi.Input<TargetInputs>;
  name: pulumi.Input<string>;
  id: pulumi.Input<string>;
}

export async function declareModels(
  projectDir: string,
  config: StackConfig,
  opts: pulumi.ComponentResourceOptions = {},
  deferred?: DeferredAccount,
): Promise<Record<string, FineTunedModel>> {
  const target = deferred?.target ?? targetInputs(config);
  const account = deferred
    ? { name: deferred.name, id: deferred.id }
    : { name: config.account.name, id: accountIdOf(config) };
  // Data first (local and free), then what the account can carry; both before any resource is declared.
  const plans = await planModels(projectDir, config);
  // An account known only at `up` is checked by the caller once known (its file limits and retirement dates then go unread).
  const retirements = deferred ? {} : await runPreflight(projectDir, config, process.env, plannedUploads(plans));
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
        ...(retirements[name] ? { retirement: retirements[name] } : {}),
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
