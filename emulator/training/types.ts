// Shapes shared by the trainer's modules (the public ones are re-exported from index.ts).

export type Role = "system" | "user" | "assistant" | "tool";
export interface ChatMessage {
  role: Role;
  content: string | null;
  weight?: number /* 0|1, assistant only */;
}
export interface ChatExample {
  messages: ChatMessage[];
}
/** A DPO preference pair: the conversation so far, the preferred reply and the non-preferred one. */
export interface PreferenceExample {
  input: { messages: ChatMessage[] };
  preferred_output: ChatMessage[];
  non_preferred_output: ChatMessage[];
}

export interface Hyperparameters {
  n_epochs: number;
  batch_size: number;
  learning_rate_multiplier: number;
}
export interface RequestedHyperparameters {
  n_epochs?: number | "auto";
  batch_size?: number | "auto";
  learning_rate_multiplier?: number | "auto";
}
/** DPO adds beta (strength of the pull away from the reference model) and an L2 penalty on the touched weights. */
export interface DpoHyperparameters extends Hyperparameters {
  beta: number;
  l2_multiplier: number;
}
export interface RequestedDpoHyperparameters extends RequestedHyperparameters {
  beta?: number | "auto";
  l2_multiplier?: number | "auto";
}

export interface StepMetrics {
  step: number; // 1-based global step
  epoch: number; // 1-based
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number; // on one validation batch
  full_valid_loss?: number;
  full_valid_mean_token_accuracy?: number; // whole validation set, last step of an epoch
  tokens: number; // assistant tokens (bytes + end marker) trained in this step
}

/** Opaque model weights; serialise to bytes for checkpoints. */
export interface ModelWeights {
  readonly kind: string;
}

export interface TrainerOptions {
  training: ChatExample[];
  validation?: ChatExample[];
  hyperparameters: Hyperparameters;
  seed: number;
  base?: ModelWeights;
  resume?: { weights: ModelWeights; completedEpochs: number; step: number };
}

export interface DpoTrainerOptions {
  training: PreferenceExample[];
  validation?: PreferenceExample[];
  hyperparameters: DpoHyperparameters;
  seed: number;
  /** The weights the job starts from (a fine-tuned model); absent = the seed's initial weights. Also the reference model. */
  base?: ModelWeights;
  resume?: { weights: ModelWeights; completedEpochs: number; step: number };
}

export interface Trainer {
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  /** Runs one optimisation step; returns null when training is finished. */
  step(): StepMetrics | null;
  /** Current weights (a snapshot safe to serialise). */
  weights(): ModelWeights;
}

export interface GenerateOptions {
  maxTokens?: number;
  temperature?: number;
  seed?: number;
}
export interface Generation {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: "stop" | "length";
}
