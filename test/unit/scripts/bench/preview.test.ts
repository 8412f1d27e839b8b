import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchTrainingFile, childrenCpuSeconds } from "../../../../scripts/bench/preview";
import { validateFile } from "../../../../validate";

const SAMPLE = readFileSync(path.join(__dirname, "../../../../datasets/clippy/train.jsonl"), "utf8");

describe("the preview bench's training file", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-train-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has 100 distinct examples that validate with no finding, so no model of the bench warns", async () => {
    const text = benchTrainingFile(SAMPLE);
    const lines = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(100);
    expect(new Set(lines).size).toBe(100);
    const file = path.join(dir, "train.jsonl");
    writeFileSync(file, text);
    const result = await validateFile(file, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini-2025-04-14",
    });
    expect(result.findings).toEqual([]);
  });

  it("the sample dataset alone would warn (the reason the bench makes its own)", async () => {
    const file = path.join(dir, "sample.jsonl");
    writeFileSync(file, SAMPLE);
    const result = await validateFile(file, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini-2025-04-14",
    });
    expect(result.findings.map((f) => f.rule)).toContain("file.min_examples");
  });
});

describe("childrenCpuSeconds", () => {
  it("adds the waited-for children's user and system ticks, whatever the command name holds", () => {
    // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ...
    const stat = "42 (tsx (x) y) S 1 42 42 0 -1 4194560 10 0 0 0 500 60 1234 66 20 0 11 0 100 0 0";
    expect(childrenCpuSeconds(() => stat)).toBeCloseTo(13.0, 6);
  });

  it("is undefined without /proc", () => {
    expect(childrenCpuSeconds(() => undefined)).toBeUndefined();
  });
});
