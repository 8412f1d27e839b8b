// Public surface of the trainer (contract with the emulator's job runner). Implementation to follow.

export type Role = "system" | "user" | "assistant" | "tool";
export interface ChatMessage { role: Role; content: string | null; weight?: number; /* 0|1, assistant only */ }
export interface ChatExample { messages: ChatMessage[] }

export interface Hyperparameters { n_epochs: number; batch_size: number; learning_rate_multiplier: number }
export interface RequestedHyperparameters {
  n_epochs?: number | "auto"; batch_size?: number | "auto"; learning_rate_multiplier?: number | "auto";
}

export interface StepMetrics {
  step: number;
  epoch: number;
  train_loss: number; train_mean_token_accuracy: number;
  valid_loss?: number; valid_mean_token_accuracy?: number;
  full_valid_loss?: number; full_valid_mean_token_accuracy?: number;
  tokens: number;
}

export interface ModelWeights { readonly kind: string }

export interface TrainerOptions {
  training: ChatExample[];
  validation?: ChatExample[];
  hyperparameters: Hyperparameters;
  seed: number;
  base?: ModelWeights;
  resume?: { weights: ModelWeights; completedEpochs: number; step: number };
}
export interface Trainer {
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  step(): StepMetrics | null;
  weights(): ModelWeights;
}

export function resolveHyperparameters(_req: RequestedHyperparameters, _trainingExamples: number): Hyperparameters {
  throw new Error("not implemented");
}
export function serializeWeights(_w: ModelWeights): Buffer { throw new Error("not implemented"); }
export function deserializeWeights(_b: Buffer): ModelWeights { throw new Error("not implemented"); }
export function createTrainer(_o: TrainerOptions): Trainer { throw new Error("not implemented"); }
export function generate(
  _w: ModelWeights,
  _messages: ChatMessage[],
  _o?: { maxTokens?: number; temperature?: number; seed?: number },
): { text: string; promptTokens: number; completionTokens: number; finishReason: "stop" | "length" } {
  throw new Error("not implemented");
}
export function countBillingTokens(_examples: ChatExample[]): number { throw new Error("not implemented"); }
