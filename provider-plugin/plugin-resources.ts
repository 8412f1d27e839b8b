// The component's resources when the plugin serves it: the plugin's own custom resources (`foundry:index:*`),
// which the engine sends back to this plugin's CRUD methods. Same args and outputs as the dynamic resources;
// the plugin learns the URN, stack and name from the engine, so they are not inputs here.
import * as pulumi from "@pulumi/pulumi";
import type { Declared, ResourceFamily } from "../program/resource-family";
import { DECLARED_OUTPUTS } from "../resources/shared/declared-outputs";

class PluginResource extends pulumi.CustomResource {
  constructor(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    outputNames: readonly string[],
    opts: pulumi.CustomResourceOptions,
  ) {
    // Outputs declared as undefined inputs become readable properties of the resource.
    super(
      `foundry:index:${type}`,
      name,
      { ...inputs, ...Object.fromEntries(outputNames.map((key) => [key, undefined])) },
      opts,
    );
  }
}

const declare = <C>(
  type: string,
  outputs: readonly string[],
  name: string,
  inputs: object,
  opts: pulumi.CustomResourceOptions,
): Declared<C> =>
  new PluginResource(type, name, inputs as Record<string, unknown>, outputs, opts) as unknown as Declared<C>;

export const PLUGIN_RESOURCES: ResourceFamily = {
  trainingFile: (name, args, opts) =>
    declare(
      "TrainingFile",
      DECLARED_OUTPUTS["training-file"],
      name,
      { ...args, ...(args.contentUrl ? { contentUrl: pulumi.secret(args.contentUrl) } : {}) },
      opts,
    ),
  fineTuningJob: (name, args, opts) => declare("FineTuningJob", DECLARED_OUTPUTS["fine-tuning-job"], name, args, opts),
  modelDeployment: (name, args, opts) =>
    declare("ModelDeployment", DECLARED_OUTPUTS["model-deployment"], name, args, opts),
  evaluation: (name, args, opts) => declare("Evaluation", DECLARED_OUTPUTS.evaluation, name, args, opts),
};
