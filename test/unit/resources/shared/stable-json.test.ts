// stableJson (resources/shared/stable-json.ts): what identity hashes are computed over, so equal values must give equal text.
import { describe, expect, it } from "vitest";
import { sha256Hex, stableJson } from "../../../../resources/shared/stable-json";

describe("stableJson", () => {
  it("does not depend on key order, at any depth", () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: "s" } };
    const b = { a: { x: "s", y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(stableJson(a)).toBe(stableJson(b));
  });

  it("keeps the order of arrays, which is meaningful", () => {
    expect(stableJson([1, 2])).not.toBe(stableJson([2, 1]));
  });

  it("is JSON that reads back to the same value", () => {
    const values: unknown[] = [
      { s: 'quote " and \\ and \u0000 and ü', n: -1.5e-7, t: true, z: null, nested: [[], {}, [null]] },
      "plain",
      0,
      null,
      [],
    ];
    for (const value of values) expect(JSON.parse(stableJson(value))).toEqual(value);
  });

  it("leaves out undefined properties, so an absent and an undefined key are the same", () => {
    expect(stableJson({ a: 1, b: undefined })).toBe(stableJson({ a: 1 }));
    expect(JSON.parse(stableJson([undefined]))).toEqual([null]);
  });

  it("tells apart values that differ only in type", () => {
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: "1" }));
    expect(stableJson({ a: null })).not.toBe(stableJson({}));
  });

  it("feeds sha256Hex: 64 hex, equal for equal values", () => {
    expect(sha256Hex(stableJson({ a: 1, b: 2 }))).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(stableJson({ a: 1, b: 2 }))).toBe(sha256Hex(stableJson({ b: 2, a: 1 })));
  });
});
