import * as pulumi from "@pulumi/pulumi";
import { withoutPromiseStackTraces } from "../../startup/promise-stack-traces";
import { delegatingProvider, type ProviderName } from "./provider-shim";

/**
 * Base of our dynamic resources: its own type token (previews read `foundry:FineTuningJob`, not
 * `dynamic:Resource`), the provider loader, and the resource's URN as an input, because dynamic providers are
 * never told their URN and need it to log under the resource.
 */
export abstract class FoundryResource extends pulumi.dynamic.Resource {
  protected constructor(provider: ProviderName, type: string, name: string, inputs: Record<string, unknown>, outputNames: readonly string[], opts?: pulumi.CustomResourceOptions) {
    // A child's URN type is its parent's type, `$`, then its own (our components sit at the stack's root).
    const parentType = (opts?.parent as { typeToken?: unknown } | undefined)?.typeToken;
    const urnType = `${typeof parentType === "string" ? `${parentType}$` : ""}pulumi-nodejs:dynamic/foundry:${type}`;
    const urn = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${urnType}::${name}`;
    // Outputs must be declared as undefined inputs to be readable as properties of the resource.
    const outputs = Object.fromEntries(outputNames.map((key) => [key, undefined]));
    // Most of the SDK's promise tracking happens here, one promise per property: skip even taking those traces.
    const restoreStackTraces = withoutPromiseStackTraces();
    try {
      super(delegatingProvider(provider), name, { ...inputs, resourceUrn: urn, ...outputs }, opts, "foundry", type);
    } finally {
      restoreStackTraces();
    }
  }
}
