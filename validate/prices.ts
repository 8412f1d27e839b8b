// Training and hosting prices, dated. Override per stack through config; these are defaults only.
// Compiled 2026-11-26 (sources: docs/azure-sources.md [D-COST] and below). Azure's pricing page was not readable, so
// training prices are OpenAI list prices (gpt-4o-mini, gpt-4o: brainwires-finetune cost.rs "as of 2025"; the 4.1
// family UNCONFIRMED) and hosting is the $1.70/h example of Azure's cost-management page. Treat as estimates.

export interface ModelPrice {
  /** USD per 1M billed training tokens (training tokens x epochs). */
  trainingPerMillion: number;
  /** USD per hour a Standard/GlobalStandard deployment exists. */
  hostingPerHour: number;
}

export type PriceTable = Record<string, ModelPrice>;

export const PRICE_DATE = "2026-11-26";
export const PRICE_SOURCE = "OpenAI list training prices and the Azure fine-tuning cost-management example (hosting); Azure regional prices unconfirmed";
export const CURRENCY = "USD";

export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o-mini-2024-07-18": { trainingPerMillion: 3.0, hostingPerHour: 1.7 },
  "gpt-4o-2024-08-06": { trainingPerMillion: 25.0, hostingPerHour: 1.7 },
  "gpt-4.1-2025-04-14": { trainingPerMillion: 25.0, hostingPerHour: 1.7 },
  "gpt-4.1-mini-2025-04-14": { trainingPerMillion: 5.0, hostingPerHour: 1.7 },
  "gpt-4.1-nano-2025-04-14": { trainingPerMillion: 1.5, hostingPerHour: 1.7 },
  // Reinforcement is billed per training hour ($100/h), not per token; see estimateTraining.
  "o4-mini-2025-04-16": { trainingPerMillion: 0, hostingPerHour: 1.7 },
};
