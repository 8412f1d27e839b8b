import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineKeySet } from "../../../validate/line-key-set";

describe("LineKeySet", () => {
  it("answers like a Map of first lines, through growth and colliding slots", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 50 }),
            fc.integer({ min: 0, max: 2 ** 53 - 1 }),
            fc.constant(2 ** 32),
            fc.constant(2 ** 33),
          ),
          { maxLength: 20_000 },
        ),
        (keys) => {
          const set = new LineKeySet();
          const map = new Map<number, number>();
          keys.forEach((key, i) => {
            const line = i + 1;
            expect(set.firstLine(key, line)).toBe(map.get(key));
            if (!map.has(key)) map.set(key, line);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it("keeps a first line across many distinct keys whose low bits are equal", () => {
    const set = new LineKeySet();
    for (let i = 0; i < 10_000; i++) expect(set.firstLine(i * 2 ** 32, i + 1)).toBeUndefined();
    for (let i = 0; i < 10_000; i++) expect(set.firstLine(i * 2 ** 32, 99_999)).toBe(i + 1);
  });

  it("refuses line 0, which marks an empty slot", () => {
    expect(() => new LineKeySet().firstLine(5, 0)).toThrow(/line numbers start at 1/);
  });
});
