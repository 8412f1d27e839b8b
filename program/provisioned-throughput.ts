// Provisioned throughput (PTU) deployments of fine-tuned models, checked at preview (pure).
// Microsoft documents provisioned deployments for fine-tuned gpt-4o (2024-08-06) and gpt-4o-mini (2024-07-18)
// (Azure AI services blog, "Announcing provisioned deployment for Azure OpenAI Service fine-tuning"), later for
// gpt-4.1 (2025-04-14). "Deploy a fine-tuned model" [D-DEPLOY, Provisioned Throughput] lists them as regional only:
// gpt-4.1 in Sweden Central, gpt-4o and gpt-4o-mini in North Central US and Sweden Central; no global PTU for
// fine-tuned models. GlobalProvisionedManaged is therefore refused here, not warned about: the deployment comes
// after the paid training, so a sku Azure may refuse must stop the preview, and the documented regional sku serves
// the same model. The regions are checked by the preflight (azure/model-tiers.ts, `provisionedRegions`), which
// knows the account's region. Sizes are the PTU table of Microsoft Learn "Understanding costs associated with
// provisioned throughput units" (2025-05): regional minimum and step 50 (gpt-4.1, gpt-4o) or 25 (gpt-4o-mini).
// UNCONFIRMED: that fine-tuned deployments use the same sizes, and any other base model (gpt-4.1-mini, -nano,
// ...); those are refused here rather than guessed.
import { PROVISIONED_SKUS } from "../azure/model-tiers";
import { rootModelName } from "../azure/models";

type ProvisionedSku = (typeof PROVISIONED_SKUS)[number];

interface Sizing {
  min: number;
  step: number;
}
const PTU_SIZING: Readonly<Record<string, Sizing>> = {
  "gpt-4.1-2025-04-14": { min: 50, step: 50 },
  "gpt-4o-2024-08-06": { min: 50, step: 50 },
  "gpt-4o-mini-2024-07-18": { min: 25, step: 25 },
};

export const isProvisionedSku = (sku: string): sku is ProvisionedSku =>
  (PROVISIONED_SKUS as readonly string[]).includes(sku);

/** Why `capacity` PTUs of `sku` cannot serve a model fine-tuned from `baseModel` (any alias or fine-tuned name), or undefined. */
export function provisionedProblem(sku: string, capacity: number, baseModel: string): string | undefined {
  if (!isProvisionedSku(sku)) return undefined;
  const root = rootModelName(baseModel);
  if (sku === "GlobalProvisionedManaged") {
    return `GlobalProvisionedManaged is not offered for fine-tuned models: provisioned throughput of fine-tuned models is documented as regional only; use ProvisionedManaged (gpt-4.1: Sweden Central; gpt-4o, gpt-4o-mini: North Central US, Sweden Central)`;
  }
  const sizing = PTU_SIZING[root];
  if (!sizing)
    return `${sku} is not available for models fine-tuned from ${root} (only ${Object.keys(PTU_SIZING).join(", ")})`;
  if (capacity < sizing.min || capacity % sizing.step !== 0) {
    return `${sku} capacity is in PTUs: at least ${sizing.min} and a multiple of ${sizing.step} for ${root} (got ${capacity})`;
  }
  return undefined;
}
