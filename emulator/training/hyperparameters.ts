// Resolution of "auto" hyperparameters. The rule (documented for users in emulator/README.md by the runner):
// - n_epochs "auto": OpenAI's data-prep heuristic - 3, but at least enough epochs to see ~100 examples
//   (min(25, floor(100 / n)) when 3n < 100) and at most ~25,000 example passes (max(1, floor(25000 / n))).
// - batch_size "auto": about 0.2% of the training examples, rounded to the nearest integer, clamped to [1, 256].
// - learning_rate_multiplier "auto": 1 for batch sizes up to 8, then 2 (a bigger batch averages more tokens per
//   step, so a larger step size keeps the number of useful updates similar).
// - DPO: the same three, plus beta "auto" = 0.1 (OpenAI's default) and l2_multiplier "auto" = 0 (no penalty).

import type { DpoHyperparameters, Hyperparameters, RequestedDpoHyperparameters, RequestedHyperparameters } from "./types";

const DEFAULT_BETA = 0.1;
const DEFAULT_L2_MULTIPLIER = 0;

function autoEpochs(n: number): number {
  if (n * 3 < 100) return Math.min(25, Math.max(1, Math.floor(100 / n)));
  if (n * 3 > 25_000) return Math.max(1, Math.floor(25_000 / n));
  return 3;
}

function given(key: string, value: number | "auto" | undefined, integer: boolean, zeroAllowed = false): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`hyperparameters.${key}: must be "auto" or a ${zeroAllowed ? "non-negative" : "positive"} ${integer ? "integer" : "number"}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveHyperparameters(req: RequestedHyperparameters, trainingExamples: number): Hyperparameters {
  const n = Math.max(1, trainingExamples);
  const batch_size = given("batch_size", req.batch_size, true) ?? Math.min(256, Math.max(1, Math.round(n * 0.002)));
  return {
    n_epochs: given("n_epochs", req.n_epochs, true) ?? autoEpochs(n),
    batch_size,
    learning_rate_multiplier: given("learning_rate_multiplier", req.learning_rate_multiplier, false) ?? (batch_size <= 8 ? 1 : 2),
  };
}

export function resolveDpoHyperparameters(req: RequestedDpoHyperparameters, trainingExamples: number): DpoHyperparameters {
  return {
    ...resolveHyperparameters(req, trainingExamples),
    beta: given("beta", req.beta, false) ?? DEFAULT_BETA,
    l2_multiplier: given("l2_multiplier", req.l2_multiplier, false, true) ?? DEFAULT_L2_MULTIPLIER,
  };
}
