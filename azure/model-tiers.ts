// Per base model: the training tiers (trainingType) and the deployment skus of its fine-tuned models, and where
// each tier trains. Facts, as of 2026-02 [D-FT-MODELS, R-TIERS]: global training for gpt-4o, gpt-4o-mini and the
// gpt-4.1 family (none for o4-mini), in a listed set of regions only; Standard (regional) training in each model's
// listed regions only; Developer training for gpt-4o, gpt-4o-mini and the gpt-4.1 family; DeveloperTier deployments
// for the gpt-4.1 family only. gpt-35-turbo is no longer in the table. Provisioned skus and their sizes are in
// program/provisioned-throughput.ts. The local service restates this table (emulator/azure-facts.ts) and a test
// compares the two.
import { rootModelName } from "./models";

/** The training tiers a job may ask for (config's `trainingType`); each model's share of them is below. */
export const TRAINING_TIERS = ["Standard", "GlobalStandard", "Developer"] as const;
export type TrainingTier = (typeof TRAINING_TIERS)[number];

/** The provisioned-throughput skus; their sizes per base model are in program/provisioned-throughput.ts. */
export const PROVISIONED_SKUS = ["ProvisionedManaged", "GlobalProvisionedManaged"] as const;

/** Every sku a fine-tuned model may deploy on (config's `deployment.sku`, the policy's default allow-list). */
export const DEPLOYMENT_SKUS = ["Standard", "GlobalStandard", "DeveloperTier", ...PROVISIONED_SKUS] as const;

export interface ModelTiers {
  training: TrainingTier[];
  skus: string[];
  /** Standard training exists only in these regions (the account must be in one). */
  standardRegions: string[];
  /** Global training exists only for accounts in these regions. */
  globalRegions: string[];
  /** Provisioned throughput (ProvisionedManaged, regional only) of its fine-tuned models, only in these regions [D-DEPLOY]. */
  provisionedRegions: string[];
}

/** Regions whose accounts may train on GlobalStandard [D-FT-MODELS, the note under the table]. */
const GLOBAL_TRAINING_REGIONS = [
  "Australia East",
  "Brazil South",
  "Canada Central",
  "Canada East",
  "East US",
  "East US2",
  "France Central",
  "Germany West Central",
  "Italy North",
  "Japan East",
  "Korea Central",
  "North Central US",
  "Norway East",
  "Poland Central",
  "Southeast Asia",
  "South Africa North",
  "South Central US",
  "South India",
  "Spain Central",
  "Sweden Central",
  "Switzerland West",
  "Switzerland North",
  "UK South",
  "West Europe",
  "West US",
  "West US3",
];
/** "Poland Central (no 4.1-nano support)". */
const GLOBAL_TRAINING_REGIONS_NANO = GLOBAL_TRAINING_REGIONS.filter((r) => r !== "Poland Central");

const ALL_TIERS: TrainingTier[] = ["Standard", "GlobalStandard", "Developer"];
const GPT41 = {
  training: ALL_TIERS,
  skus: ["Standard", "GlobalStandard", "DeveloperTier"],
  standardRegions: ["North Central US", "Sweden Central"],
  provisionedRegions: [],
};
const GPT4O_SKUS = ["Standard", "GlobalStandard"];
const PTU_4O = ["North Central US", "Sweden Central"];

const TIERS: Record<string, ModelTiers> = {
  // East US2 for Standard: recorded Azure trains gpt-4.1 and gpt-4o-mini there (201) [REC-CREATE], beyond the docs' list.
  "gpt-4.1-2025-04-14": {
    ...GPT41,
    standardRegions: ["East US2", ...GPT41.standardRegions],
    globalRegions: GLOBAL_TRAINING_REGIONS,
    provisionedRegions: ["Sweden Central"],
  },
  "gpt-4.1-mini-2025-04-14": { ...GPT41, globalRegions: GLOBAL_TRAINING_REGIONS },
  "gpt-4.1-nano-2025-04-14": { ...GPT41, globalRegions: GLOBAL_TRAINING_REGIONS_NANO },
  "gpt-4o-2024-08-06": {
    training: ALL_TIERS,
    skus: GPT4O_SKUS,
    standardRegions: ["East US2", "North Central US", "Sweden Central"],
    globalRegions: GLOBAL_TRAINING_REGIONS,
    provisionedRegions: PTU_4O,
  },
  "gpt-4o-mini-2024-07-18": {
    training: ALL_TIERS,
    skus: GPT4O_SKUS,
    standardRegions: ["East US2", "North Central US", "Sweden Central"],
    globalRegions: GLOBAL_TRAINING_REGIONS,
    provisionedRegions: PTU_4O,
  },
  "o4-mini-2025-04-16": {
    training: ["Standard"],
    skus: GPT4O_SKUS,
    standardRegions: ["East US2", "Sweden Central"],
    globalRegions: [],
    provisionedRegions: [],
  },
};

/** The tiers of a base model (or of the base behind a fine-tuned one); undefined for a model not in the table. */
export function modelTiers(model: string): ModelTiers | undefined {
  return TIERS[rootModelName(model)];
}

/** Every base model of the table, for the test that compares it with the local service's copy. */
export function tierTableModels(): string[] {
  return Object.keys(TIERS);
}

/** Azure spells regions "East US2", "eastus2" or "East US 2": compare without spaces or case. */
export const sameRegion = (a: string, b: string) =>
  a.replace(/\s+/g, "").toLowerCase() === b.replace(/\s+/g, "").toLowerCase();

/** The tiers a base model trains on for an account in `region`: Standard and GlobalStandard only in their regions. */
export function tiersInRegion(
  tiers: Pick<ModelTiers, "training" | "standardRegions" | "globalRegions">,
  region: string,
): TrainingTier[] {
  return tiers.training.filter((tier) => {
    if (tier === "Standard") return tiers.standardRegions.some((r) => sameRegion(r, region));
    if (tier === "GlobalStandard") return tiers.globalRegions.some((r) => sameRegion(r, region));
    return true; // Developer: no region list is published
  });
}

/** The training tier a model gets when the config names none: GlobalStandard where it exists, else Standard. */
export function defaultTrainingTier(model: string): TrainingTier {
  const tiers = modelTiers(model);
  return !tiers || tiers.training.includes("GlobalStandard") ? "GlobalStandard" : "Standard";
}
