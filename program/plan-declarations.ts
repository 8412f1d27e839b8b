// What each model's component is given, but its base model: its data planned and the account's preflight run,
// now, or once an account that is another resource's output is known. declareFineTunedModels, this project's
// stacks and `new FineTunedModel(name, { ...config keys })` all go through here.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedUpload } from "../foundry/preflight-checks";
import type { StackConfig } from "./config";
import type { FineTunedModelArgs } from "./fine-tuned-model";
import { type ModelPlan, type PlannedDataset, planModels, unread } from "./model-plan";
import { preflightOnceKnown } from "./preflight/once-known";
import { runPreflight } from "./preflight/preflight";
import { accountIdOf, targetInputs } from "./stack-config";

/** An account known only at `up` (another resource's output): the stack config with it, once it is known. */
export interface DeferredAccount {
  config: pulumi.Output<StackConfig>;
}

export type PlannedModelArgs = Omit<FineTunedModelArgs, "baseModel">;

export async function planDeclarations(
  projectDir: string,
  config: StackConfig,
  deferred?: DeferredAccount,
): Promise<Record<string, PlannedModelArgs>> {
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
  return Object.fromEntries(
    Object.entries(config.models).map(([name, model]) => [
      name,
      {
        target,
        account,
        model,
        plan: plans[name]!,
        reportsDir: `reports/out/${pulumi.getStack()}/${name}`,
        ...(checked || retirements[name] ? { retirement: retirementOf(name) } : {}),
      },
    ]),
  );
}

/** What the stack's TrainingFiles upload, with the sizes the dataset plans measured (none for a URL not read). */
function plannedUploads(plans: Record<string, ModelPlan>): PlannedUpload[] {
  const upload = (key: string, planned: PlannedDataset): PlannedUpload => ({
    key,
    file: path.basename(planned.path),
    ...(unread(planned) ? {} : { bytes: planned.result.stats.bytes, sha256: planned.result.stats.sha256 }),
  });
  return Object.entries(plans).flatMap(([name, plan]) => [
    upload(`${name} training`, plan.training),
    ...(plan.validation ? [upload(`${name} validation`, plan.validation)] : []),
  ]);
}
