// Pure: does a source model meet a promoting stack's gates? Each failure states the figure and the threshold.
import type { GatesConfig } from "./config";

export interface SourceFigures {
  trainedTokens?: number;
  metrics?: Record<string, number>;
  evaluation?: { exactMatch?: number; tokenOverlap?: number };
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

/** A checkpoint's metrics (the service's snake_case names) as the figures the gates read. */
export function checkpointFigures(metrics: Record<string, number>): Record<string, number> {
  const pairs: [string, string][] = [
    ["fullValidLoss", "full_valid_loss"],
    ["fullValidTokenAccuracy", "full_valid_mean_token_accuracy"],
    ["finalValidLoss", "valid_loss"],
    ["finalValidTokenAccuracy", "valid_mean_token_accuracy"],
  ];
  return Object.fromEntries(
    pairs.filter(([, from]) => typeof metrics[from] === "number").map(([to, from]) => [to, metrics[from]!]),
  );
}

export function gateFailures(source: SourceFigures, gates: GatesConfig): string[] {
  const failures: string[] = [];
  // null: an output the source's service did not give (resources/shared/declared-outputs.ts)
  const check = (
    label: string,
    value: number | null | undefined,
    threshold: number | undefined,
    kind: "max" | "min",
    missing: string,
  ) => {
    if (threshold === undefined) return;
    if (value === undefined || value === null) failures.push(`${label}: ${missing}, gate ${kind} ${fmt(threshold)}`);
    else if (kind === "max" ? value > threshold : value < threshold)
      failures.push(`${label} ${fmt(value)} ${kind === "max" ? ">" : "<"} ${kind} ${fmt(threshold)}`);
  };
  const m = source.metrics ?? {};
  check(
    "validation loss",
    m.fullValidLoss ?? m.finalValidLoss,
    gates.maxValidLoss,
    "max",
    "not reported (no validation file?)",
  );
  check(
    "validation token accuracy",
    m.fullValidTokenAccuracy ?? m.finalValidTokenAccuracy,
    gates.minValidTokenAccuracy,
    "min",
    "not reported (no validation file?)",
  );
  check("trained tokens", source.trainedTokens, gates.minTrainedTokens, "min", "not reported");
  check(
    "evaluation exact match",
    source.evaluation?.exactMatch,
    gates.minEvalExactMatch,
    "min",
    "no evaluation in the source stack",
  );
  check(
    "evaluation token overlap",
    source.evaluation?.tokenOverlap,
    gates.minEvalTokenOverlap,
    "min",
    "no evaluation in the source stack",
  );
  return failures;
}
