import type * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "../shared/declared-outputs";
import { FoundryResource } from "../shared/foundry-resource";
import { RESOURCE_TYPE_NAMES } from "../shared/type-tokens";
import type { EvaluationInputs } from "./contract";

export type EvaluationArgs = { [K in keyof Omit<EvaluationInputs, "resourceUrn">]: pulumi.Input<EvaluationInputs[K]> };

/**
 * A held-out evaluation of a deployment: exact match, token overlap and latency. It runs after the deployment
 * serves and again only when the deployed model (or the evaluation file) changes. A dynamic resource because
 * the @pulumi/command provider cannot be built here (see README, Toolchain).
 */
export class Evaluation extends FoundryResource {
  declare public readonly examples: pulumi.Output<number>;
  declare public readonly exactMatch: pulumi.Output<number>;
  declare public readonly tokenOverlap: pulumi.Output<number>;
  declare public readonly contentFiltered: pulumi.Output<number>;
  declare public readonly latencyMsP50: pulumi.Output<number>;
  declare public readonly latencyMsP95: pulumi.Output<number>;
  declare public readonly samples: pulumi.Output<{ prompt: string; expected: string; reply: string }[]>;

  constructor(name: string, args: EvaluationArgs, opts?: pulumi.CustomResourceOptions) {
    super("evaluation", RESOURCE_TYPE_NAMES.evaluation, name, { ...args }, DECLARED_OUTPUTS.evaluation, opts);
  }
}
