// Resolution of "auto" hyperparameters. The rule (documented for users in emulator/README.md by the runner):
// - n_epochs "auto": OpenAI's data-prep heuristic (autoEpochs in azure/methods.ts, shared with the estimate) -
//   3, but at least enough epochs to see ~100 examples (min(25, floor(100 / n)) when 3n < 100) and at most
//   ~25,000 example passes (max(1, floor(25000 / n))). Given values are checked against the same catalogue.
// - batch_size "auto": about 0.2% of the training examples, rounded to the nearest integer, clamped to [1, 256].
// - learning_rate_multiplier "auto": 1 for batch sizes up to 8, then 2 (a bigger batch averages more tokens per
//   step, so a larger step size keeps the number of useful updates similar).
// - DPO: the same three, plus beta "auto" = 0.1 (OpenAI's default) and l2_multiplier "auto" = 0 (no penalty).

import { autoEpochs, describeBounds, hyperparametersOf, type MethodType, withinBounds } from "../../azure/methods";
import type {
  DpoHyperparameters,
  Hyperparameters,
  RequestedDpoHyperparameters,
  RequestedHyperparameters,
} from "./types";

const DEFAULT_BETA = 0.1;
const DEFAULT_L2_MULTIPLIER = 0;

/** A given value within the catalogue's bounds (azure/methods.ts), or undefined for "auto". */
function given(method: MethodType, key: string, value: number | "auto" | undefined): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  const spec = hyperparametersOf(method)[key]!;
  if (typeof value !== "number" || !withinBounds(spec, value)) {
    throw new RangeError(`hyperparameters.${key}: must be ${describeBounds(spec)}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveHyperparameters(
  req: RequestedHyperparameters,
  trainingExamples: number,
  method: MethodType = "supervised",
): Hyperparameters {
  const n = Math.max(1, trainingExamples);
  const batch_size = given(method, "batch_size", req.batch_size) ?? Math.min(256, Math.max(1, Math.round(n * 0.002)));
  return {
    n_epochs: given(method, "n_epochs", req.n_epochs) ?? autoEpochs(n),
    batch_size,
    learning_rate_multiplier:
      given(method, "learning_rate_multiplier", req.learning_rate_multiplier) ?? (batch_size <= 8 ? 1 : 2),
  };
}

export function resolveDpoHyperparameters(
  req: RequestedDpoHyperparameters,
  trainingExamples: number,
): DpoHyperparameters {
  return {
    ...resolveHyperparameters(req, trainingExamples, "dpo"),
    beta: given("dpo", "beta", req.beta) ?? DEFAULT_BETA,
    l2_multiplier: given("dpo", "l2_multiplier", req.l2_multiplier) ?? DEFAULT_L2_MULTIPLIER,
  };
}
