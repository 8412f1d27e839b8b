// What the model components share: their type tokens, and how they parent the resources they declare.
import * as pulumi from "@pulumi/pulumi";

export { MODEL_COMPONENT_TYPES } from "../resources/shared/type-tokens";

/**
 * A child's options: parented by the component, and aliased to the same resource at the stack's root, where
 * stacks made before the components declared it, so those stacks adopt it instead of replacing it.
 */
export function childOptions(parent: pulumi.ComponentResource): pulumi.CustomResourceOptions {
  return { parent, aliases: [{ parent: pulumi.rootStackResource }] };
}
