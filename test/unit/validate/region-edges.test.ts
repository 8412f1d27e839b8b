// Edges of the per-region parse (validate/region.ts) that the broader tests miss: a region that
// starts or ends with a line break, on the fast (valid UTF-8) and the slow (invalid bytes) path.
import { describe, expect, it } from "vitest";
import { countLines, processRegion, type RegionContext, textKey } from "../../../validate/region";

const ctx: RegionContext = { method: "supervised", model: undefined };
const bytes = (text: string) => new TextEncoder().encode(text);
const INVALID = [0x22, 0xff, 0x22]; // a line that is not UTF-8
const line =
  '{"messages":[{"role":"system","content":"S"},{"role":"user","content":"Q"},{"role":"assistant","content":"A"}]}';

describe("regions that start or end with a line break", () => {
  it("numbers the lines after a leading empty line, on both paths", () => {
    const fast = processRegion({ region: bytes(`\n${line}`), firstLine: 1, ctx });
    expect(Array.from(fast.lines)).toEqual([2]);
    expect(fast.nextLine).toBe(3);
    const slow = processRegion({ region: new Uint8Array([10, ...bytes(line), 10, ...INVALID]), firstLine: 1, ctx });
    expect(Array.from(slow.lines)).toEqual([2]);
    expect(slow.findings.map((f) => [f.line, f.rule])).toEqual([[3, "file.utf8"]]);
    expect(slow.nextLine).toBe(4);
  });

  it("does not count a line after the final line break, on the slow path either", () => {
    const slow = processRegion({ region: new Uint8Array([...INVALID, 10, ...bytes(line), 10]), firstLine: 7, ctx });
    expect(slow.nextLine).toBe(9);
    expect(Array.from(slow.lines)).toEqual([8]);
    expect(countLines(new Uint8Array([...INVALID, 10, ...bytes(line), 10]), 7)).toBe(9);
  });

  it("strips only a final CR on the slow path: a CR inside a line is part of it", () => {
    const inner = '{"a":\r1}';
    const slow = processRegion({
      region: new Uint8Array([...INVALID, 10, ...bytes(`${inner}\r`), 10]),
      firstLine: 1,
      ctx,
    });
    expect(slow.lineKeys[0]).toBe(textKey(inner));
  });

  it("counts a leading line break as a line", () => {
    expect(countLines(bytes("\na"), 1)).toBe(3);
    expect(countLines(bytes("\n"), 1)).toBe(2);
  });
});
