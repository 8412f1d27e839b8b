// Per base model: the training tiers (trainingType) and the deployment skus of its fine-tuned models, as
// Azure's fine-tuning model table lists them: global training for the gpt-4.1 family only (none for o4-mini or
// the 4o models), Standard training in listed regions only, Developer training and DeveloperTier deployments for
// the gpt-4.1 family only. Provisioned skus and their sizes are in program/provisioned-throughput.ts.
import { rootModelName } from "./models";

/** The training tiers a job may ask for (config's `trainingType`); each model's share of them is below. */
export const TRAINING_TIERS = ["Standard", "GlobalStandard", "Developer"] as const;
export type TrainingTier = (typeof TRAINING_TIERS)[number];

export interface ModelTiers {
  training: TrainingTier[];
  skus: string[];
  /** Standard training exists only in these regions (the account must be in one). */
  standardRegions: string[];
}

const GPT41: ModelTiers = {
  training: ["Standard", "GlobalStandard", "Developer"],
  skus: ["Standard", "GlobalStandard", "DeveloperTier"],
  standardRegions: ["North Central US", "Sweden Central"],
};

const TIERS: Record<string, ModelTiers> = {
  "gpt-4.1-2025-04-14": GPT41,
  "gpt-4.1-mini-2025-04-14": GPT41,
  "gpt-4.1-nano-2025-04-14": GPT41,
  "gpt-4o-2024-08-06": { training: ["Standard"], skus: ["Standard", "GlobalStandard"], standardRegions: ["East US2", "North Central US", "Sweden Central"] },
  "gpt-4o-mini-2024-07-18": { training: ["Standard"], skus: ["Standard", "GlobalStandard"], standardRegions: ["North Central US", "Sweden Central"] },
  "o4-mini-2025-04-16": { training: ["Standard"], skus: ["Standard", "GlobalStandard"], standardRegions: ["East US2", "Sweden Central"] },
  "gpt-35-turbo-0125": { training: ["Standard"], skus: ["Standard"], standardRegions: ["East US2", "North Central US", "Sweden Central", "Switzerland West"] },
  "gpt-35-turbo-1106": { training: ["Standard"], skus: ["Standard"], standardRegions: ["East US2", "North Central US", "Sweden Central", "Switzerland West"] },
};

/** The tiers of a base model (or of the base behind a fine-tuned one); undefined for a model not in the table. */
export function modelTiers(model: string): ModelTiers | undefined {
  return TIERS[rootModelName(model)];
}

/** The training tier a model gets when the config names none: GlobalStandard where it exists, else Standard. */
export function defaultTrainingTier(model: string): TrainingTier {
  const tiers = modelTiers(model);
  return !tiers || tiers.training.includes("GlobalStandard") ? "GlobalStandard" : "Standard";
}
