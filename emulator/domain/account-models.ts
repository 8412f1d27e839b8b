// The control plane's view of what an account can do in its region: its model list (Accounts_ListModels, with
// the fineTune capability and the training tiers per model) and its region's usages (Usages_List). The region is
// per account (swedencentral unless a test sets another), the data is the local service's own.
import {
  BASE_MODELS,
  CAPACITY_LIMIT_PER_SKU,
  DEFAULT_MODEL_DEPRECATION,
  FINE_TUNED_SKUS,
  GLOBAL_TRAINING_REGIONS,
  STANDARD_TRAINING_REGIONS,
  TRAINING_TIERS,
} from "../azure-facts";

const DPO = ["gpt-4o-2024-08-06", "gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14", "gpt-4.1-nano-2025-04-14"];

/**
 * GUESS: the usage name a fine-tuned sku's capacity (CAPACITY_LIMIT_PER_SKU, as the deployments enforce it) is
 * reported under, the one capacityShortfallMessage names (Azure's usage names for fine-tuned deployments are unconfirmed).
 */
const usageName = (sku: string) => `OpenAI.${sku}.fine-tune`;

/**
 * The training tiers a base model offers in a region (what finetuneCapabilities.trainingTypes lists, spelled as
 * the config spells them): the model's tiers, Standard and GlobalStandard each only in their regions.
 */
export function trainingTiers(base: string, region: string): string[] {
  return (TRAINING_TIERS[base] ?? [])
    .filter((tier) => tier !== "Standard" || STANDARD_TRAINING_REGIONS[base]?.includes(region))
    .filter((tier) => tier !== "GlobalStandard" || GLOBAL_TRAINING_REGIONS[base]?.includes(region))
    .map((tier) => (tier === "developerTier" ? "Developer" : tier));
}

/** Splits `gpt-4.1-mini-2025-04-14` into the ARM model list's name and version. */
function armNameVersion(model: string): { name: string; version: string } {
  const m = /^(.*)-(\d{4}-\d{2}-\d{2}|\d{4})$/.exec(model);
  return m ? { name: m[1]!, version: m[2]! } : { name: model, version: "1" };
}

/** Retirement dates per base model (a test control; in memory): what the model list reports as `deprecation`. */
export class ModelRetirements {
  private readonly dates = new Map<string, { fineTune?: string; inference?: string }>();
  get(model: string): { fineTune?: string; inference?: string } {
    return this.dates.get(model) ?? DEFAULT_MODEL_DEPRECATION;
  }
  set(model: string, dates: { fineTune?: string; inference?: string }): void {
    this.dates.set(model, dates);
  }
}

/** Accounts_ListModels: the base models, each with fineTune set where some tier trains it in this region. */
export function accountModels(region: string, retirements: ModelRetirements = new ModelRetirements()) {
  return BASE_MODELS.map((id) => {
    const tiers = trainingTiers(id, region);
    return {
      format: "OpenAI",
      ...armNameVersion(id),
      isDefaultVersion: true,
      lifecycleStatus: "GenerallyAvailable",
      capabilities: { chatCompletion: "true", fineTune: tiers.length > 0 ? "true" : "false" },
      finetuneCapabilities: {
        trainingTypes: tiers.join(","),
        methods: DPO.includes(id) ? "supervised,dpo" : "supervised",
      },
      skus: FINE_TUNED_SKUS.map((sku) => ({
        name: sku,
        usageName: usageName(sku),
        capacity: { minimum: 1, maximum: CAPACITY_LIMIT_PER_SKU, step: 1, default: 1 },
      })),
      maxCapacity: CAPACITY_LIMIT_PER_SKU,
      deprecation: retirements.get(id),
    };
  });
}

/**
 * Usages_List (`/subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/{location}/usages`): the TPM
 * capacity each fine-tuned sku uses across the subscription's deployments in that region, against the limit the
 * deployments enforce (CAPACITY_LIMIT_PER_SKU). Account usages (Accounts_ListUsages) carry no TPM quota on Azure,
 * so the local service answers them with an empty list.
 */
export function locationUsages(deployments: Array<{ sku: { name: string; capacity: number } }>) {
  const used = (sku: string) =>
    deployments.filter((d) => d.sku.name.toLowerCase() === sku.toLowerCase()).reduce((n, d) => n + d.sku.capacity, 0);
  return FINE_TUNED_SKUS.map((sku) => ({
    name: { value: usageName(sku), localizedValue: `Tokens per minute (thousands) - ${sku} fine-tuned` },
    currentValue: used(sku),
    limit: CAPACITY_LIMIT_PER_SKU,
    unit: "Count",
  }));
}

/** Every base model trains on the Standard and global tiers there, so accounts the tests do not place anywhere train anything. */
const DEFAULT_ACCOUNT_REGION = "swedencentral";

/** Regions per account (a test control; in memory). */
export class AccountRegions {
  private readonly regions = new Map<string, string>();
  get(account: string): string {
    return this.regions.get(account) ?? DEFAULT_ACCOUNT_REGION;
  }
  set(account: string, region: string): void {
    this.regions.set(account, region.replace(/\s+/g, "").toLowerCase());
  }
}
