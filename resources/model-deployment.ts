import * as pulumi from "@pulumi/pulumi";
import type { DeploymentInputs } from "./deployment-inputs";
import { delegatingProvider } from "./provider-shim";

export type ModelDeploymentArgs = {
  [K in keyof Omit<DeploymentInputs, "urn">]: pulumi.Input<DeploymentInputs[K]>;
};

/** A deployment of a fine-tuned model or checkpoint. Model swaps deploy beside the old one, then delete it. */
export class ModelDeployment extends pulumi.dynamic.Resource {
  declare public readonly deploymentName: pulumi.Output<string>;
  declare public readonly endpoint: pulumi.Output<string>;
  declare public readonly provisioningState: pulumi.Output<string>;
  declare public readonly sku: pulumi.Output<{ name: string; capacity: number }>;
  declare public readonly model: pulumi.Output<string>;

  constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    const urn = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi-nodejs:dynamic/foundry:ModelDeployment::${name}`;
    super(
      delegatingProvider("model-deployment"),
      name,
      { ...args, urn, deploymentName: undefined, endpoint: undefined, provisioningState: undefined },
      opts,
      "foundry",
      "ModelDeployment",
    );
  }
}
