// What "auto" epochs resolve to (autoEpochs, azure/methods.ts): OpenAI's heuristic, at its thresholds; the estimate
// and the local service both use it.
import { describe, expect, it } from "vitest";
import { autoEpochs } from "../../../azure/methods";

describe("autoEpochs (cookbook heuristic)", () => {
  it("is 3 in the middle, more for tiny sets (max 25), fewer for huge ones (min 1)", () => {
    expect(autoEpochs(100)).toBe(3);
    expect(autoEpochs(8333)).toBe(3);
    expect(autoEpochs(10)).toBe(10); // 10*3 < 100 -> floor(100/10)
    expect(autoEpochs(3)).toBe(25); // floor(100/3) = 33, capped at 25
    expect(autoEpochs(33)).toBe(3); // 99 < 100 -> floor(100/33) = 3
    expect(autoEpochs(20_000)).toBe(1); // floor(25000/20000)
    expect(autoEpochs(10_000)).toBe(2);
  });
});

describe("autoEpochs at its thresholds", () => {
  it("raises epochs below 34 examples (3 x n < 100) and lowers them above 8,333 (3 x n > 25,000)", () => {
    expect(autoEpochs(34)).toBe(3);
    expect(autoEpochs(50)).toBe(3);
    expect(autoEpochs(1)).toBe(25);
    expect(autoEpochs(4)).toBe(25);
    expect(autoEpochs(5)).toBe(20);
    expect(autoEpochs(8_334)).toBe(2);
    expect(autoEpochs(12_500)).toBe(2);
    expect(autoEpochs(12_501)).toBe(1);
    expect(autoEpochs(1_000_000)).toBe(1);
  });

  it("is 3 for an empty or negative count", () => {
    expect(autoEpochs(0)).toBe(3);
    expect(autoEpochs(-5)).toBe(3);
  });
});
