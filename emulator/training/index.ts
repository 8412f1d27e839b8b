// The trainer's public surface (the contract with the emulator's job runner): a small byte-level language model
// trained by gradient descent on the assistant replies of chat examples, conditioned on the conversation.

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

export function serializeWeights(w: ModelWeights): Buffer {
  return serialize(asWeights(w));
}

export function deserializeWeights(b: Buffer): ModelWeights {
  return deserialize(b);
}
