// Estimates at their edges (validate/estimate.ts): price overrides by the name config
// uses, the n_epochs range, and the formatting of tokens and dollars. estimate.test.ts has the main cases.
import { describe, expect, it } from "vitest";
import { estimateHosting, estimateTraining, formatEstimate, priceFor } from "../../../validate/estimate";
import { formatTokens, formatUsd } from "../../../validate/number-format";
import { tokenStats as tokens } from "../../support/token-stats";

const stats = (examples: number, billable = 1_000_000) => ({ examples, tokens: tokens(billable) });

describe("priceFor", () => {
  it("is the table price of the root model, or undefined for a model without one", () => {
    expect(priceFor("gpt-4.1-mini.ft-abc-clippy")).toEqual({ trainingPerMillion: 5, hostingPerHour: 1.7 });
    expect(priceFor("gpt-35-turbo-0125")).toBeUndefined();
    expect(priceFor("mystery")).toBeUndefined();
    expect(priceFor("mystery", {})).toBeUndefined();
  });

  it("takes an override keyed by the exact name first, else by any name with the same root", () => {
    const prices = { "gpt-4.1-mini": { trainingPerMillion: 7 }, "gpt-4.1-mini-2025-04-14": { trainingPerMillion: 9 } };
    expect(priceFor("gpt-4.1-mini", prices)).toEqual({ trainingPerMillion: 7, hostingPerHour: 1.7 });
    expect(priceFor("gpt-4.1-mini-2025-04-14", prices)).toEqual({ trainingPerMillion: 9, hostingPerHour: 1.7 });
    expect(priceFor("gpt-4.1-mini.ft-abc", { "gpt-4.1-mini": { hostingPerHour: 2 } })).toEqual({
      trainingPerMillion: 5,
      hostingPerHour: 2,
    });
    expect(priceFor("gpt-4o", { "gpt-4.1-mini": { trainingPerMillion: 1 } })).toEqual({
      trainingPerMillion: 25,
      hostingPerHour: 1.7,
    });
  });

  it("needs both figures for a model the table lacks", () => {
    expect(priceFor("custom", { custom: { trainingPerMillion: 1 } })).toBeUndefined();
    expect(priceFor("custom", { custom: { hostingPerHour: 1 } })).toBeUndefined();
    expect(priceFor("custom", { custom: { trainingPerMillion: 1, hostingPerHour: 0 } })).toEqual({
      trainingPerMillion: 1,
      hostingPerHour: 0,
    });
  });
});

describe("estimateTraining", () => {
  it("accepts 1 to 50 epochs and says what it got otherwise", () => {
    expect(estimateTraining({ stats: stats(10), baseModel: "gpt-4.1-mini", nEpochs: 1 }).billedTokens).toBe(1_000_000);
    expect(estimateTraining({ stats: stats(10), baseModel: "gpt-4.1-mini", nEpochs: 50 }).billedTokens).toBe(
      50_000_000,
    );
    expect(() => estimateTraining({ stats: stats(10), baseModel: "gpt-4.1-mini", nEpochs: 0 })).toThrow(
      'n_epochs must be an integer from 1 to 50 or "auto", got 0',
    );
    expect(() => estimateTraining({ stats: stats(10), baseModel: "gpt-4.1-mini", nEpochs: 51 })).toThrow("got 51");
    expect(() => estimateTraining({ stats: { examples: 10 }, baseModel: "gpt-4.1-mini", nEpochs: 1 })).toThrow(
      "estimateTraining needs token statistics: validate with tokens enabled",
    );
  });

  it("prices per billed token with the tier factor, rounded to cents, and hosting per tier", () => {
    const e = (trainingType?: "Standard" | "GlobalStandard" | "Developer") =>
      estimateTraining({
        stats: stats(100, 333_333),
        baseModel: "gpt-4.1-nano",
        nEpochs: 1,
        ...(trainingType ? { trainingType } : {}),
      });
    expect([
      e().estimatedCostUsd,
      e("GlobalStandard").estimatedCostUsd,
      e("Standard").estimatedCostUsd,
      e("Developer").estimatedCostUsd,
    ]).toEqual([0.5, 0.5, 0.55, 0.25]);
    expect([e().hostingPerHourUsd, e("Standard").hostingPerHourUsd, e("Developer").hostingPerHourUsd]).toEqual([
      1.7, 1.7, 0,
    ]);
    expect(e()).toMatchObject({
      examples: 100,
      trainingTokens: 333_333,
      epochs: 1,
      epochsEstimated: false,
      priceDate: "2026-11-26",
      currency: "USD",
    });
  });

  it("claims no token cost for reinforcement-only models, but knows their hosting fee", () => {
    const o4 = estimateTraining({
      stats: stats(100),
      baseModel: "o4-mini",
      nEpochs: 1,
      prices: { "o4-mini": { trainingPerMillion: 100 } },
    });
    expect(o4.estimatedCostUsd).toBeUndefined();
    expect(o4.hostingPerHourUsd).toBe(1.7);
    expect(estimateTraining({ stats: stats(100), baseModel: "mystery", nEpochs: 1 }).hostingPerHourUsd).toBeUndefined();
  });
});

describe("formatting", () => {
  it("writes tokens to three significant figures in k, M and B, moving up a unit when rounding reaches 1000", () => {
    expect([0, 950, 999].map(formatTokens)).toEqual(["0", "950", "999"]);
    expect([1_000, 1_234, 7_149, 12_300, 47_398, 142_194].map(formatTokens)).toEqual([
      "1k",
      "1.23k",
      "7.15k",
      "12.3k",
      "47.4k",
      "142k",
    ]);
    expect([999_499, 999_500, 999_999, 1_006_000, 1_419_000].map(formatTokens)).toEqual([
      "999k",
      "1M",
      "1M",
      "1.01M",
      "1.42M",
    ]);
    expect([999_999_999, 2_500_000_000].map(formatTokens)).toEqual(["1B", "2.5B"]);
  });

  it("writes dollars with cents and thousands separators, and a tiny cost as under a cent, never as $0.00", () => {
    expect([0, 0.04, 4.7, 1234.5].map(formatUsd)).toEqual(["$0.00", "$0.04", "$4.70", "$1,234.50"]);
    expect([0.004, 0.0001].map(formatUsd)).toEqual(["< $0.01", "< $0.01"]);
    expect(formatUsd(0.005)).toBe("$0.01");
  });

  it("signs a change of examples (0 is +0) and shows a zero cost as a cost", () => {
    const e = estimateTraining({ stats: stats(12, 10_000), baseModel: "o4-mini", nEpochs: 2 });
    expect(formatEstimate(e, 12)).toBe("+0 examples, 20k billed tokens, cost unknown");
    const free = estimateTraining({
      stats: stats(12, 10_000),
      baseModel: "gpt-4.1-mini",
      nEpochs: 2,
      prices: { "gpt-4.1-mini": { trainingPerMillion: 0 } },
    });
    expect(formatEstimate(free)).toBe("12 examples, 20k billed tokens, est. $0.00");
  });
});

describe("estimateHosting", () => {
  it("reads the developer sku in any case, and bills 730 hours a month", () => {
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "developertier" })).toEqual({
      perHourUsd: 0,
      perMonthUsd: 0,
      priceDate: "2026-11-26",
      currency: "USD",
    });
    expect(
      estimateHosting({
        baseModel: "gpt-4.1-mini",
        sku: "Standard",
        prices: { "gpt-4.1-mini": { hostingPerHour: 0.01 } },
      }).perMonthUsd,
    ).toBe(7.3);
    expect(estimateHosting({ baseModel: "mystery", sku: "Standard" })).toEqual({
      perHourUsd: undefined,
      perMonthUsd: undefined,
      priceDate: "2026-11-26",
      currency: "USD",
    });
    expect(estimateHosting({ baseModel: "mystery", sku: "DeveloperTier" }).perMonthUsd).toBe(0);
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "StandardDeveloper" }).perHourUsd).toBe(1.7);
  });
});
