// The trainer's public surface (the contract with the emulator's job runner).
//
// The model: a byte-level language model. Tokens are the UTF-8 bytes of a reply plus an end marker (so `tokens`,
// `promptTokens` and `completionTokens` count bytes). The next token is predicted by a softmax over a linear map of
// an embedding bag of hashed sparse features: n-grams of the reply so far, crossed with the conversation (system
// text, the last user message and its words, the message before it) and the position in the reply. It is trained
// by minibatch gradient descent on the mean cross-entropy of the trained assistant replies (weight 0 turns, system
// and user text are context only). Seeded and single-threaded, so the same options give the same numbers.
// See trainer.ts (optimiser, schedule, resume), features.ts, model.ts (checkpoint format), hyperparameters.ts ("auto").

import { deserialize, serialize, asWeights } from "./model";
import type { ModelWeights } from "./types";

export type {
  Role, ChatMessage, ChatExample, Hyperparameters, RequestedHyperparameters, StepMetrics, ModelWeights,
  TrainerOptions, Trainer,
} from "./types";
export { resolveHyperparameters } from "./hyperparameters";
export { createTrainer } from "./trainer";
export { generate } from "./generate";
export { countBillingTokens } from "./billing";

/** Checkpoint bytes (lossless: resuming from them reproduces an uninterrupted run). */
export function serializeWeights(w: ModelWeights): Buffer {
  return serialize(asWeights(w));
}

/** Weights from checkpoint bytes; throws on bytes that are not a checkpoint of this model. */
export function deserializeWeights(b: Buffer): ModelWeights {
  return deserialize(b);
}
