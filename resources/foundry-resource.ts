import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider, type ProviderName } from "./provider-shim";

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
    const urn = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi-nodejs:dynamic/foundry:${type}::${name}`;
    // Outputs must be declared as undefined inputs to be readable as properties of the resource.
    const outputs = Object.fromEntries(outputNames.map((key) => [key, undefined]));
    const restoreStackTraces = withoutPromiseStackTraces();
    try {
      super(delegatingProvider(provider), name, { ...inputs, resourceUrn: urn, ...outputs }, opts, "foundry", type);
    } finally {
      restoreStackTraces();
    }
  }
}

/**
 * The SDK formats a stack trace for every property of a resource it registers, through the source-map hook, and
 * keeps it only to report leaked promises. Our resources have 10 to 30 properties: about 0.4 s of the program's
 * CPU in an unchanged preview of 10 models (`npm run bench -- preview`). The resource's source position is
 * unaffected (the SDK lifts the limit to compute it), and PULUMI_DEBUG_PROMISE_LEAKS brings the traces back.
 */
function withoutPromiseStackTraces(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
