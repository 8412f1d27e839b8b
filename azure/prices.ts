// Training and hosting prices, dated: the one table the estimates, the preview, the PR report, the budget policy
// and the doctor read. Override per stack with `foundry-finetune:prices`; these are defaults only.
// Compiled 2026-11-26, hosting rows read 2026-12-06 (sources: docs/azure-sources.md [D-COST], [P-PRICE], [D-PTU]).
// Azure's pricing page (azure.microsoft.com/pricing/details/cognitive-services/openai-service, [P-PRICE]) was not
// readable from here, so:
// - training: OpenAI list prices (gpt-4o-mini, gpt-4o: brainwires-finetune cost.rs "as of 2025"; the 4.1 family
//   UNCONFIRMED);
// - hosting of a Standard or GlobalStandard fine-tuned deployment: billed every hour it exists, used or not
//   [D-COST]; the $1.70/h of the cost-management page's example for every base model (UNCONFIRMED per model);
// - DeveloperTier deployments: no hosting fee, tokens only [D-COST];
// - provisioned (PTU) deployments: per PTU per hour [D-PTU]; $1 Global and $2 regional are the commonly quoted
//   hourly list rates, UNCONFIRMED here.
// Treat all of it as estimates.

export interface ModelPrice {
  /** USD per 1M billed training tokens (training tokens x epochs). */
  trainingPerMillion: number;
  /** USD per hour a Standard/GlobalStandard deployment exists. */
  hostingPerHour: number;
}

export type PriceTable = Record<string, ModelPrice>;

export const PRICE_DATE = "2026-11-26";
export const PRICE_SOURCE =
  "OpenAI list training prices and the Azure fine-tuning cost-management example (hosting); Azure regional prices unconfirmed";
export const CURRENCY = "USD";

/** USD per PTU per hour of a provisioned deployment, by sku (UNCONFIRMED, see above). */
export const PTU_PER_HOUR: Record<string, number> = { GlobalProvisionedManaged: 1, ProvisionedManaged: 2 };

/** Deployment skus without an hourly hosting fee: billed per token only [D-COST]. */
export const SKUS_WITHOUT_HOSTING_FEE = ["DeveloperTier"];

/** 730 hours: a deployment bills every hour it exists, used or not. */
export const HOURS_PER_MONTH = 730;

export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o-mini-2024-07-18": { trainingPerMillion: 3.0, hostingPerHour: 1.7 },
  "gpt-4o-2024-08-06": { trainingPerMillion: 25.0, hostingPerHour: 1.7 },
  "gpt-4.1-2025-04-14": { trainingPerMillion: 25.0, hostingPerHour: 1.7 },
  "gpt-4.1-mini-2025-04-14": { trainingPerMillion: 5.0, hostingPerHour: 1.7 },
  "gpt-4.1-nano-2025-04-14": { trainingPerMillion: 1.5, hostingPerHour: 1.7 },
  // Reinforcement is billed per training hour ($100/h), not per token; see estimateTraining.
  "o4-mini-2025-04-16": { trainingPerMillion: 0, hostingPerHour: 1.7 },
};
