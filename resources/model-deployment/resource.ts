import type * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "../shared/declared-outputs";
import { FoundryResource } from "../shared/foundry-resource";
import { RESOURCE_TYPE_NAMES } from "../shared/type-tokens";
import type { DeploymentInputs, ModelDeploymentOutputs } from "./contract";

export type ModelDeploymentArgs = {
  [K in keyof Omit<DeploymentInputs, "resourceUrn">]: pulumi.Input<DeploymentInputs[K]>;
};

/** A deployment of a fine-tuned model or checkpoint. Model swaps deploy beside the old one, then delete it. */
export class ModelDeployment extends FoundryResource {
  declare public readonly deploymentName: pulumi.Output<string>;
  declare public readonly endpoint: pulumi.Output<string>;
  declare public readonly provisioningState: pulumi.Output<string>;
  declare public readonly sku: pulumi.Output<{ name: string; capacity: number }>;
  declare public readonly model: pulumi.Output<string>;
  declare public readonly challengeOutcome: pulumi.Output<ModelDeploymentOutputs["challengeOutcome"]>;

  constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "model-deployment",
      RESOURCE_TYPE_NAMES.deployment,
      name,
      { ...args },
      DECLARED_OUTPUTS["model-deployment"],
      opts,
    );
  }
}
