// 500 fast-check cases (fixed seed) of the sample dataset mutated, through the program's planning functions: each
// ends in success or in a DatasetError naming file:line and an error rule; never a crash. A finding is reported
// shrunk, with the seed and path that replay it. (npm run chaos -- --fuzz runs more.)
import { describe, expect, it } from "vitest";

// validate/ loads its heavy parts lazily with require(), which the program's runtimes (ts-node, tsx)
// resolve for .ts files; register tsx so plain require does the same under the test runner.
(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

import { clearDatasetError, fuzzDatasets } from "../../testkit/fuzz/dataset-fuzz";

describe("dataset fuzzing (planFile + gate)", () => {
  it("the classifier accepts a real finding list and rejects vague or foreign messages", () => {
    const good =
      "dataset validation failed; nothing was uploaded:\n  datasets/x.jsonl:3: error file.jsonl: line 3 is not valid JSON";
    expect(clearDatasetError(good, "datasets/x.jsonl", 5).clear).toBe(true);
    expect(clearDatasetError(good, "datasets/y.jsonl", 5).clear).toBe(false);
    expect(clearDatasetError(good.replace(":3:", ":99:"), "datasets/x.jsonl", 5).clear).toBe(false);
    expect(
      clearDatasetError("dataset validation failed; nothing was uploaded:\n  something broke", "datasets/x.jsonl", 5)
        .clear,
    ).toBe(false);
    expect(clearDatasetError(`${good}\n    at planFile (/x/y.ts:1:2)`, "datasets/x.jsonl", 5).clear).toBe(false);
  });

  it("500 cases: no crash, every error names file:line:rule", async () => {
    const report = await fuzzDatasets({ cases: 500, seed: 1 });
    expect(report.findings, report.failure).toEqual([]);
    expect(report.counts.crash + report.counts["unclear error"]).toBe(0);
    expect(report.counts.success + report.counts["clear error"]).toBe(500);
    // The mutations really break things, in many different ways.
    expect(report.counts["clear error"]).toBeGreaterThan(250);
    expect(Object.keys(report.rules).length).toBeGreaterThanOrEqual(8);
  });
});
