// The outputs each resource kind declares, in one place: the resource class reads them and its provider returns
// every one of them, null when the service gave no value. The SDK cannot tell an output missing from state from
// one not known yet, so in a preview a missing one reads as unknown even on an unchanged resource, and flows into
// its dependents' inputs as a change that `up` never makes (a deployment's `jobEstimatedFinish: [unknown]`).
import type { ProviderName } from "./provider-shim";

export const DECLARED_OUTPUTS = {
  "training-file": ["fileId", "status"],
  "fine-tuning-job": [
    "jobId",
    "tag",
    "status",
    "fineTunedModel",
    "trainedTokens",
    "estimatedFinish",
    "resolvedHyperparameters",
    "checkpoints",
    "resultFileId",
    "metrics",
    "resultsCsvPath",
    "charts",
    "qualitySignals",
    "qualityEvidence",
    "error",
    "reused",
    "reusedFrom",
  ],
  "model-deployment": ["deploymentName", "endpoint", "provisioningState", "challengeOutcome"],
  evaluation: ["examples", "exactMatch", "tokenOverlap", "contentFiltered", "latencyMsP50", "latencyMsP95", "samples"],
} as const satisfies Record<ProviderName, readonly string[]>;

/** Pure: `outs` with every declared output of `kind` present (null when absent or undefined). */
export function withDeclaredOutputs<T extends object>(kind: ProviderName, outs: T): T {
  const complete = { ...outs } as Record<string, unknown>;
  for (const key of DECLARED_OUTPUTS[kind]) complete[key] ??= null;
  return complete as T;
}
