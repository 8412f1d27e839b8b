// Provisioned throughput (PTU) deployments of fine-tuned models, checked at preview (pure).
// Microsoft documents provisioned deployments for fine-tuned gpt-4o (2024-08-06) and gpt-4o-mini (2024-07-18)
// (Azure AI services blog, "Announcing provisioned deployment for Azure OpenAI Service fine-tuning"), later for
// gpt-4.1 (2025-04-14). Sizes are the PTU table of Microsoft Learn "Understanding costs associated with provisioned
// throughput units" (2025-05): global minimum 15 in steps of 5; regional minimum and step 50 (gpt-4.1, gpt-4o) or
// 25 (gpt-4o-mini). UNCONFIRMED: that fine-tuned deployments use the same sizes, and any other base model
// (gpt-4.1-mini, -nano, ...); those are refused here rather than guessed.
import { rootModelName } from "../validate/models";

export const PROVISIONED_SKUS = ["ProvisionedManaged", "GlobalProvisionedManaged"] as const;
export type ProvisionedSku = (typeof PROVISIONED_SKUS)[number];

interface Sizing {
  min: number;
  step: number;
}
const PTU_SIZING: Readonly<Record<string, Record<ProvisionedSku, Sizing>>> = {
  "gpt-4.1-2025-04-14": { ProvisionedManaged: { min: 50, step: 50 }, GlobalProvisionedManaged: { min: 15, step: 5 } },
  "gpt-4o-2024-08-06": { ProvisionedManaged: { min: 50, step: 50 }, GlobalProvisionedManaged: { min: 15, step: 5 } },
  "gpt-4o-mini-2024-07-18": { ProvisionedManaged: { min: 25, step: 25 }, GlobalProvisionedManaged: { min: 15, step: 5 } },
};

export const isProvisionedSku = (sku: string): sku is ProvisionedSku => (PROVISIONED_SKUS as readonly string[]).includes(sku);

/** Why `capacity` PTUs of `sku` cannot serve a model fine-tuned from `baseModel` (any alias or fine-tuned name), or undefined. */
export function provisionedProblem(sku: string, capacity: number, baseModel: string): string | undefined {
  if (!isProvisionedSku(sku)) return undefined;
  const root = rootModelName(baseModel);
  const sizing = PTU_SIZING[root]?.[sku];
  if (!sizing) return `${sku} is not available for models fine-tuned from ${root} (only ${Object.keys(PTU_SIZING).join(", ")})`;
  if (capacity < sizing.min || capacity % sizing.step !== 0) {
    return `${sku} capacity is in PTUs: at least ${sizing.min} and a multiple of ${sizing.step} for ${root} (got ${capacity})`;
  }
  return undefined;
}
