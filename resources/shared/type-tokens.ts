// Every type token this project's resources carry, in one place. Pulumi names a dynamic resource
// `pulumi-nodejs:dynamic/<module>:<type>` from the module and type FoundryResource passes; the two model
// components have their own. The policy pack and the PR report match on these, and state, URNs and aliases
// depend on them: they never change.

/** The type of each dynamic resource kind, as the SDK appends it to `pulumi-nodejs:dynamic/foundry:`. */
export const RESOURCE_TYPE_NAMES = {
  file: "TrainingFile",
  job: "FineTuningJob",
  deployment: "ModelDeployment",
  evaluation: "Evaluation",
} as const;

/** The module part of the dynamic resources' tokens. */
export const DYNAMIC_MODULE = "foundry";

/** The full type token of a dynamic resource kind: `pulumi-nodejs:dynamic/foundry:FineTuningJob`. */
export function dynamicResourceType(typeName: string): string {
  return `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${typeName}`;
}

/** The components that parent one model's resources (program/model-component.ts). */
export const MODEL_COMPONENT_TYPES = {
  trained: "foundry:index:FineTunedModel",
  promoted: "foundry:index:PromotedModel",
} as const;
