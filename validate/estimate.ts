// Billed tokens and cost of a training run, from the training file's statistics. Pure functions.
// Rules (docs/azure-sources.md): billed = Σ min(the model's example limit, tokens) × epochs, as Azure bills
// training tokens × epochs [D-COST] and truncates longer examples; n_epochs auto by OpenAI's heuristic [OAI-EPOCHS].

import { autoEpochs, describeBounds, METHODS, withinBounds } from "../azure/methods";
import type { TrainingTier } from "../azure/model-tiers";
import { resolveBaseModel, rootModelName } from "../azure/models";
import {
  CURRENCY,
  DEFAULT_PRICES,
  HOURS_PER_MONTH,
  type ModelPrice,
  PRICE_DATE,
  type PriceTable,
  PTU_PER_HOUR,
  SKUS_WITHOUT_HOSTING_FEE,
} from "../azure/prices";
import { formatTokens, formatUsd } from "./number-format";
import type { FileStats } from "./types";

/** Price factor against the table (which holds global list prices). Standard is regional, ~10% dearer;
 *  Developer is 50% below Global and has no hosting fee ([D-COST], docs/azure-sources.md). */
const TIER_FACTOR: Record<TrainingTier, number> = { GlobalStandard: 1, Standard: 1.1, Developer: 0.5 };

export interface EstimateInput {
  stats: Pick<FileStats, "examples" | "tokens">;
  baseModel: string;
  nEpochs: number | "auto";
  trainingType?: TrainingTier;
  /** Overrides keyed by base model (dated name or alias, as in config). */
  prices?: PriceOverrides;
}

/** `foundry-finetune:prices`: per base model, any of the table's prices, and `ptuPerHour` for its PTU deployments. */
export type PriceOverrides = Partial<Record<string, Partial<ModelPrice> & { ptuPerHour?: number }>>;

export interface TrainingEstimate {
  examples: number;
  /** Tokens of one epoch, each example capped at the model limit. */
  trainingTokens: number;
  billedTokens: number;
  epochs: number;
  /** True when epochs came from the "auto" heuristic: the service decides the real value. */
  epochsEstimated: boolean;
  /** Undefined when no price is known for the model. */
  estimatedCostUsd: number | undefined;
  hostingPerHourUsd: number | undefined;
  priceDate: string;
  currency: string;
}

function overrideFor(baseModel: string, prices?: PriceOverrides) {
  const root = rootModelName(baseModel);
  // Config may key overrides by the name it uses (alias, dated name or fine-tuned base): match on the root.
  const overrideKey =
    prices && (baseModel in prices ? baseModel : Object.keys(prices).find((k) => rootModelName(k) === root));
  return overrideKey ? prices[overrideKey] : undefined;
}

export function priceFor(baseModel: string, prices?: EstimateInput["prices"]): ModelPrice | undefined {
  const root = rootModelName(baseModel);
  const table: PriceTable = DEFAULT_PRICES;
  const base = table[root];
  const { ptuPerHour: _ptu, ...override } = overrideFor(baseModel, prices) ?? {};
  const merged = { ...base, ...override };
  if (typeof merged.trainingPerMillion !== "number" || typeof merged.hostingPerHour !== "number") return undefined;
  return merged as ModelPrice;
}

export function estimateTraining(input: EstimateInput): TrainingEstimate {
  const { stats, baseModel, nEpochs } = input;
  const trainingType = input.trainingType ?? "GlobalStandard";
  if (!stats.tokens) throw new Error("estimateTraining needs token statistics: validate with tokens enabled");
  const epochsRule = METHODS.supervised.hyperparameters.n_epochs; // the same for every method
  if (nEpochs !== "auto" && !withinBounds(epochsRule, nEpochs)) {
    throw new Error(`n_epochs must be ${describeBounds(epochsRule)}, got ${String(nEpochs)}`);
  }
  const epochs = nEpochs === "auto" ? autoEpochs(stats.examples) : nEpochs;
  const trainingTokens = stats.tokens.billablePerEpoch;
  const billedTokens = trainingTokens * epochs;
  const info = resolveBaseModel(baseModel);
  const price = priceFor(baseModel, input.prices);
  const factor = TIER_FACTOR[trainingType];
  // Reinforcement is billed per training hour, which a dataset cannot predict: no token cost is claimed.
  const perToken = info?.methods.includes("reinforcement") && !info.methods.includes("supervised") ? undefined : price;
  return {
    examples: stats.examples,
    trainingTokens,
    billedTokens,
    epochs,
    epochsEstimated: nEpochs === "auto",
    estimatedCostUsd: perToken ? round2((billedTokens / 1e6) * perToken.trainingPerMillion * factor) : undefined,
    hostingPerHourUsd: price ? (trainingType === "Developer" ? 0 : price.hostingPerHour) : undefined,
    priceDate: PRICE_DATE,
    currency: CURRENCY,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * One line for a preview, e.g. "+12 examples, 1.42M billed tokens, est. $4.70".
 * `previousExamples` turns the count into a signed change; without it the count is absolute.
 */
export function formatEstimate(estimate: TrainingEstimate, previousExamples?: number): string {
  const examples =
    previousExamples === undefined
      ? `${estimate.examples} examples`
      : `${signed(estimate.examples - previousExamples)} examples`;
  const epochs = estimate.epochsEstimated ? ` (${estimate.epochs} epochs, auto: estimate)` : "";
  const cost =
    estimate.estimatedCostUsd === undefined ? "cost unknown" : `est. ${formatUsd(estimate.estimatedCostUsd)}`;
  return `${examples}, ${formatTokens(estimate.billedTokens)} billed tokens${epochs}, ${cost}`;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : `${n}`;
}

export interface HostingEstimate {
  perHourUsd: number | undefined;
  /** 730 hours: a deployment bills every hour it exists, used or not. */
  perMonthUsd: number | undefined;
  priceDate: string;
  currency: string;
}

/**
 * Hourly fee of a fine-tuned deployment: the base model's hosting price for Standard and GlobalStandard (any
 * capacity), PTUs x the PTU hourly rate for a provisioned sku, nothing for DeveloperTier (tokens only).
 */
export function estimateHosting(input: {
  baseModel: string;
  sku: string;
  capacity?: number;
  prices?: EstimateInput["prices"];
}): HostingEstimate {
  const sku = input.sku.toLowerCase();
  const noFee = SKUS_WITHOUT_HOSTING_FEE.some((s) => s.toLowerCase() === sku);
  const ptuSku = Object.keys(PTU_PER_HOUR).find((s) => s.toLowerCase() === sku);
  const ptuRate = ptuSku
    ? (overrideFor(input.baseModel, input.prices)?.ptuPerHour ?? PTU_PER_HOUR[ptuSku]!)
    : undefined;
  const perHour = noFee
    ? 0
    : ptuRate !== undefined
      ? round2(ptuRate * (input.capacity ?? 0))
      : (overrideFor(input.baseModel, input.prices)?.hostingPerHour ??
        DEFAULT_PRICES[rootModelName(input.baseModel)]?.hostingPerHour);
  return {
    perHourUsd: perHour,
    perMonthUsd: perHour === undefined ? undefined : round2(perHour * HOURS_PER_MONTH),
    priceDate: PRICE_DATE,
    currency: CURRENCY,
  };
}
