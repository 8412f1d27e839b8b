// Provisioned throughput (PTU) skus for fine-tuned deployments: which base models may use them, where, and the
// capacities Azure accepts. Microsoft documents PTU deployments of fine-tuned gpt-4o (2024-08-06) and
// gpt-4o-mini (2024-07-18), later gpt-4.1 (2025-04-14), as regional only: gpt-4.1 in Sweden Central, gpt-4o and
// gpt-4o-mini in North Central US and Sweden Central ("Deploy a fine-tuned model"). GlobalProvisionedManaged is
// refused for fine-tuned models (not documented, so the strict side). The minimums and increments are those of the
// base models' PTU table (provisioned-throughput onboarding, 2025-05). GUESS: that fine-tuned deployments follow
// the same table, and the wording of the errors. Other base models are refused (not confirmed, so strict).

export const PROVISIONED_SKUS = ["ProvisionedManaged", "GlobalProvisionedManaged"] as const;

interface Sizing {
  min: number;
  step: number;
}
const PTU_SIZING: Record<string, { ProvisionedManaged: Sizing; GlobalProvisionedManaged: Sizing }> = {
  "gpt-4.1-2025-04-14": { ProvisionedManaged: { min: 50, step: 50 }, GlobalProvisionedManaged: { min: 15, step: 5 } },
  "gpt-4o-2024-08-06": { ProvisionedManaged: { min: 50, step: 50 }, GlobalProvisionedManaged: { min: 15, step: 5 } },
  "gpt-4o-mini-2024-07-18": {
    ProvisionedManaged: { min: 25, step: 25 },
    GlobalProvisionedManaged: { min: 15, step: 5 },
  },
};

const isProvisioned = (sku: string): sku is (typeof PROVISIONED_SKUS)[number] =>
  (PROVISIONED_SKUS as readonly string[]).includes(sku);

/** The base model a fine-tuned model or checkpoint name was trained from: `<base>.ft-<hex>[-suffix][:ckpt-step-N]`. */
export function baseOf(fineTunedName: string): string {
  const i = fineTunedName.indexOf(".ft-");
  return i >= 0 ? fineTunedName.slice(0, i) : fineTunedName;
}

/** Regional PTU of fine-tuned models: only in these regions. */
export const PROVISIONED_REGIONS: Record<string, string[]> = {
  "gpt-4.1-2025-04-14": ["swedencentral"],
  "gpt-4o-2024-08-06": ["northcentralus", "swedencentral"],
  "gpt-4o-mini-2024-07-18": ["northcentralus", "swedencentral"],
};

/** Why Azure refuses this provisioned sku and capacity for a model trained from `base` in `region`, or undefined. */
export function provisionedSkuError(
  sku: string,
  capacity: number,
  base: string,
  modelName: string,
  region: string,
): string | undefined {
  if (!isProvisioned(sku)) return undefined;
  const sizing = sku === "ProvisionedManaged" ? PTU_SIZING[base]?.[sku] : undefined;
  if (!sizing)
    return `The specified SKU '${sku}' of account deployment is not supported by the model '${modelName}' version: '1'.`;
  if (!PROVISIONED_REGIONS[base]?.includes(region)) {
    return `The specified SKU '${sku}' of account deployment is not supported by the model '${modelName}' version: '1' in region '${region}'.`;
  }
  if (capacity < sizing.min || capacity % sizing.step !== 0) {
    return `The capacity ${capacity} of SKU '${sku}' is not valid for the model '${modelName}': it must be at least ${sizing.min} and a multiple of ${sizing.step}.`;
  }
  return undefined;
}
