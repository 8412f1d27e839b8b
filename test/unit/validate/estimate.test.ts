// Billed tokens, epochs and cost.

import { describe, expect, it } from "vitest";
import { PRICE_DATE } from "../../../azure/prices";
import { estimateHosting, estimateTraining, formatEstimate } from "../../../validate";
import { tokenStats as tokens } from "../../support/token-stats";

describe("estimateTraining", () => {
  it("bills capped tokens x epochs at the table price", () => {
    const e = estimateTraining({
      stats: { examples: 500, tokens: tokens(1_000_000) },
      baseModel: "gpt-4.1-mini-2025-04-14",
      nEpochs: 2,
    });
    expect(e).toEqual({
      examples: 500,
      trainingTokens: 1_000_000,
      billedTokens: 2_000_000,
      epochs: 2,
      epochsEstimated: false,
      estimatedCostUsd: 10,
      hostingPerHourUsd: 1.7,
      priceDate: PRICE_DATE,
      currency: "USD",
    });
  });

  it("marks auto epochs as an estimate", () => {
    const e = estimateTraining({
      stats: { examples: 20, tokens: tokens(10_000) },
      baseModel: "gpt-4o-mini",
      nEpochs: "auto",
    });
    expect([e.epochs, e.epochsEstimated, e.billedTokens]).toEqual([5, true, 50_000]);
    expect(e.estimatedCostUsd).toBe(0.15); // 0.05M x $3
  });

  it("applies tier factors and overrides from config; resolves fine-tuned bases", () => {
    const stats = { examples: 100, tokens: tokens(1_000_000) };
    const ft = "gpt-4.1-2025-04-14.ft-0123456789abcdef0123456789abcdef-clippy";
    expect(estimateTraining({ stats, baseModel: ft, nEpochs: 1 }).estimatedCostUsd).toBe(25);
    expect(estimateTraining({ stats, baseModel: ft, nEpochs: 1, trainingType: "Developer" })).toMatchObject({
      estimatedCostUsd: 12.5,
      hostingPerHourUsd: 0,
    });
    expect(estimateTraining({ stats, baseModel: ft, nEpochs: 1, trainingType: "Standard" }).estimatedCostUsd).toBe(
      27.5,
    );
    const prices = { "gpt-4.1": { trainingPerMillion: 2 } };
    expect(estimateTraining({ stats, baseModel: "gpt-4.1-2025-04-14", nEpochs: 3, prices })).toMatchObject({
      estimatedCostUsd: 6,
      hostingPerHourUsd: 1.7,
    });
    const custom = { "my-model": { trainingPerMillion: 1, hostingPerHour: 0.5 } };
    expect(estimateTraining({ stats, baseModel: "my-model", nEpochs: 1, prices: custom }).estimatedCostUsd).toBe(1);
  });

  it("has no cost for unknown models or per-hour (reinforcement) billing", () => {
    const stats = { examples: 100, tokens: tokens(1000) };
    expect(estimateTraining({ stats, baseModel: "mystery", nEpochs: 1 }).estimatedCostUsd).toBeUndefined();
    expect(estimateTraining({ stats, baseModel: "o4-mini", nEpochs: 1 }).estimatedCostUsd).toBeUndefined();
  });

  it("rejects epochs out of range and stats without tokens", () => {
    const stats = { examples: 100, tokens: tokens(1000) };
    expect(() => estimateTraining({ stats, baseModel: "gpt-4.1", nEpochs: 51 })).toThrow(/n_epochs/);
    expect(() => estimateTraining({ stats, baseModel: "gpt-4.1", nEpochs: 1.5 })).toThrow(/n_epochs/);
    expect(() => estimateTraining({ stats: { examples: 1 }, baseModel: "gpt-4.1", nEpochs: 1 })).toThrow(/token/);
  });
});

describe("formatEstimate", () => {
  it("reads like the preview line", () => {
    const e = estimateTraining({
      stats: { examples: 112, tokens: tokens(473_334) },
      baseModel: "gpt-4.1-mini",
      nEpochs: 3,
    });
    expect(formatEstimate(e, 100)).toBe("+12 examples, 1.42M billed tokens, est. $7.10");
    expect(formatEstimate(e)).toBe("112 examples, 1.42M billed tokens, est. $7.10");
    const auto = estimateTraining({
      stats: { examples: 5, tokens: tokens(1000) },
      baseModel: "mystery",
      nEpochs: "auto",
    });
    expect(formatEstimate(auto, 9)).toBe("-4 examples, 20k billed tokens (20 epochs, auto: estimate), cost unknown");
  });
});

describe("estimateHosting", () => {
  it("bills the hourly fee for Standard and GlobalStandard, nothing for the developer tier", () => {
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "GlobalStandard" })).toMatchObject({
      perHourUsd: 1.7,
      perMonthUsd: 1241,
    });
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "DeveloperTier" })).toMatchObject({
      perHourUsd: 0,
      perMonthUsd: 0,
    });
    expect(
      estimateHosting({ baseModel: "gpt-4.1-mini", sku: "Standard", prices: { "gpt-4.1-mini": { hostingPerHour: 2 } } })
        .perHourUsd,
    ).toBe(2);
    expect(estimateHosting({ baseModel: "mystery", sku: "Standard" }).perHourUsd).toBeUndefined();
  });
});
