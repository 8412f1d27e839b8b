import * as pulumi from "@pulumi/pulumi";
import { withoutPromiseStackTraces } from "../../startup/promise-stack-traces";
import { delegatingProvider, type ProviderName } from "./provider-shim";
import { DYNAMIC_MODULE, dynamicResourceType } from "./type-tokens";

/**
 * Base of our dynamic resources: its own type token (previews read `foundry:FineTuningJob`, not
 * `dynamic:Resource`), the provider loader, and the resource's URN as an input, because dynamic providers are
 * never told their URN and need it to log under the resource.
 */
export abstract class FoundryResource extends pulumi.dynamic.Resource {
  protected constructor(
    provider: ProviderName,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    outputNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const urn = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${urnType(opts?.parent, dynamicResourceType(type))}::${name}`;
    // Outputs must be declared as undefined inputs to be readable as properties of the resource.
    const outputs = Object.fromEntries(outputNames.map((key) => [key, undefined]));
    // Most of the SDK's promise tracking happens here, one promise per property: skip even taking those traces.
    const restoreStackTraces = withoutPromiseStackTraces();
    try {
      super(
        delegatingProvider(provider),
        name,
        { ...inputs, resourceUrn: urn, ...outputs },
        opts,
        DYNAMIC_MODULE,
        type,
      );
    } finally {
      restoreStackTraces();
    }
  }
}

/** What the SDK keeps of a resource's place in the tree (set by its Resource constructor). */
interface PlacedResource {
  __pulumiType?: string;
  __parentResource?: PlacedResource;
}

/**
 * The type part of a resource's URN: its ancestors' types, outermost first, then its own, joined by `$`; the
 * stack resource itself is never a prefix. This is the rule of the SDK's createUrn, computed here without
 * waiting for the parent's URN output, because a resource's inputs cannot wait on its own parent.
 */
function urnType(parent: pulumi.Resource | undefined, own: string): string {
  const types = [own];
  for (
    let r = parent as PlacedResource | undefined;
    r?.__pulumiType && r.__pulumiType !== "pulumi:pulumi:Stack";
    r = r.__parentResource
  )
    types.unshift(r.__pulumiType);
  return types.join("$");
}
