// The price table (azure/prices.ts): a price for every fine-tunable model but the older gpt-35 ones, the rates it
// states, and its date and sources.
import { describe, expect, it } from "vitest";
import { fineTunableModels } from "../../../azure/models";
import { DEFAULT_PRICES, PRICE_DATE, PRICE_SOURCE } from "../../../azure/prices";

describe("the price table", () => {
  it("has a price for every fine-tunable model but the older gpt-35 ones", () => {
    expect(Object.keys(DEFAULT_PRICES).sort()).toEqual(
      fineTunableModels()
        .map((m) => m.name)
        .filter((n) => !n.startsWith("gpt-35"))
        .sort(),
    );
    expect(DEFAULT_PRICES["gpt-4.1-mini-2025-04-14"]).toEqual({ trainingPerMillion: 5, hostingPerHour: 1.7 });
    expect(DEFAULT_PRICES["gpt-4o-mini-2024-07-18"]).toEqual({ trainingPerMillion: 3, hostingPerHour: 1.7 });
    expect(DEFAULT_PRICES["gpt-4o-2024-08-06"]).toEqual({ trainingPerMillion: 25, hostingPerHour: 1.7 });
    expect(DEFAULT_PRICES["gpt-4.1-nano-2025-04-14"]).toEqual({ trainingPerMillion: 1.5, hostingPerHour: 1.7 });
    expect(DEFAULT_PRICES["o4-mini-2025-04-16"]).toEqual({ trainingPerMillion: 0, hostingPerHour: 1.7 });
  });

  it("dates the price table and names its sources, saying what is unconfirmed", () => {
    expect(PRICE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_SOURCE).toMatch(/OpenAI list training prices.*unconfirmed/);
  });
});
