// construct for `foundry:index:FineTunedModel`: one model, declared in any Pulumi language with the keys of a
// model in the program's stack config, planned, preflighted and declared by the same code as a TypeScript
// program's (program/), with the plugin's custom resources as its children.
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { ConfigError, parseStackConfig } from "../program/config";
import { FineTunedModel } from "../program/fine-tuned-model";
import { planDeclarations } from "../program/plan-declarations";
import { asProgramError } from "../program/user-errors";
import { PLUGIN_RESOURCES } from "./plugin-resources";
import { configuredService } from "./provider-config";
import { unwrapSecrets } from "./secrets";

/** The inputs as plain values: a model's config is read before anything is declared, as in stack config. */
async function plainInputs(inputs: pulumi.Inputs): Promise<Record<string, unknown>> {
  // Output.promise() is the SDK's own way to await an output inside a provider (marked internal in its types).
  const all = pulumi.output(inputs) as unknown as { promise(): Promise<Record<string, unknown>> };
  return unwrapSecrets((await all.promise()) ?? {});
}

export async function constructFineTunedModel(
  name: string,
  inputs: pulumi.Inputs,
  options: pulumi.ComponentResourceOptions,
): Promise<provider.ConstructResult> {
  try {
    const entry = await plainInputs(inputs);
    const service = configuredService();
    if (!service)
      throw new ConfigError(
        `FineTunedModel ${name}: name the account in the provider's config (foundry:accountName, and foundry:target for Azure)`,
      );
    const config = parseStackConfig({ ...service, models: { [name]: entry } }, `foundry:index:FineTunedModel ${name}`);
    const model = config.models[name];
    if (!model)
      throw new ConfigError(
        `FineTunedModel ${name}: promotion (promoteFrom) is not served by the plugin; declare a trained model`,
      );
    if (typeof model.baseModel !== "string")
      throw new ConfigError(
        `FineTunedModel ${name}: baseModel must name a model; { from } works between the models of one stack config only`,
      );
    const projectDir = process.cwd(); // the engine starts the plugin in the program's folder
    // Planned and preflighted as a TypeScript program's models are (the plan's uploads, the retirement dates).
    const planned = await planDeclarations(projectDir, config);
    const component = new FineTunedModel(
      name,
      { ...planned[name]!, baseModel: model.baseModel, resources: PLUGIN_RESOURCES },
      options,
    );
    const out = component.outputs;
    return {
      urn: component.urn,
      state: {
        jobId: out.jobId,
        status: out.status,
        fineTunedModel: out.fineTunedModel,
        trainedTokens: out.trainedTokens,
        metrics: out.metrics,
        ...(out.deployment ? { deploymentName: out.deployment.name, endpoint: out.deployment.endpoint } : {}),
      },
    };
  } catch (error) {
    throw asProgramError(error);
  }
}
