// The trainer's public surface (the contract with the emulator's job runner).
//
// The model: a byte-level language model. Tokens are the UTF-8 bytes of a reply plus an end marker (so `tokens`,
// `promptTokens` and `completionTokens` count bytes). The next token is predicted by a softmax over a linear map of
// an embedding bag of hashed sparse features: n-grams of the reply so far, crossed with the conversation (system
// text, the last user message and its words, the message before it) and the position in the reply. It is trained
// by minibatch gradient descent on the mean cross-entropy of the trained assistant replies (weight 0 turns, system
// and user text are context only), or by DPO on preference pairs (createDpoTrainer: the frozen starting weights are
// the reference model). Seeded and single-threaded, so the same options give the same numbers.
// See trainer.ts (optimiser, schedule, resume), features.ts, model.ts (checkpoint format), hyperparameters.ts ("auto").

import { pairOf } from "./context";
import { asWeights, deserialize, serialize } from "./model";
import { pairLogProbs } from "./trainer";
import type { ModelWeights, PreferenceExample } from "./types";

export { countBillingTokens, countPreferenceBillingTokens } from "./billing";
export { generate } from "./generate";
export { resolveDpoHyperparameters, resolveHyperparameters } from "./hyperparameters";
export { createDpoTrainer, createTrainer } from "./trainer";
export type {
  ChatExample,
  ChatMessage,
  Hyperparameters,
  ModelWeights,
  PreferenceExample,
  Role,
  StepMetrics,
  Trainer,
  TrainerOptions,
} from "./types";

/** Checkpoint bytes (lossless: resuming from them reproduces an uninterrupted run). */
export function serializeWeights(w: ModelWeights): Buffer {
  return serialize(asWeights(w));
}

/** Weights from checkpoint bytes; throws on bytes that are not a checkpoint of this model. */
export function deserializeWeights(b: Buffer): ModelWeights {
  return deserialize(b);
}

/** Sequence log-probabilities (reply bytes + END, summed) of a pair's preferred and non-preferred replies under w. */
export function preferenceLogProbs(w: ModelWeights, example: PreferenceExample): { chosen: number; rejected: number } {
  return pairLogProbs(asWeights(w), pairOf(example));
}
