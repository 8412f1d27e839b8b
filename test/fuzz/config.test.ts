// 500 fast-check cases (fixed seed) of the stack config mutated, through parseStackConfig and trainingOrder: each
// parses or ends in a ConfigError whose every line names a foundry-finetune: key and its rule; never a crash. A
// finding is reported shrunk, with the seed and path that replay it. (npm run chaos -- --fuzz runs more.)
import { describe, expect, it } from "vitest";
import { clearConfigError, fuzzConfigs } from "../../testkit/fuzz/config-fuzz";

describe("stack config fuzzing (parseStackConfig + trainingOrder)", () => {
  it("the classifier wants the stack file, then one line per key and rule", () => {
    expect(
      clearConfigError(
        "Pulumi.dev.yaml: invalid stack config\n  foundry-finetune:models.a.seed: Too small: expected number to be >=0",
      ).clear,
    ).toBe(true);
    expect(clearConfigError("Pulumi.dev.yaml: invalid stack config\n  seed is wrong").clear).toBe(false);
    expect(
      clearConfigError("Pulumi.dev.yaml: invalid stack config\n  foundry-finetune:models.a: Invalid input").clear,
    ).toBe(false);
    expect(clearConfigError("Cannot read properties of undefined").clear).toBe(false);
  });

  it("500 cases: no crash, and every error line names a config key and what is wrong with it", () => {
    const report = fuzzConfigs({ cases: 500, seed: 1 });
    expect(report.findings, report.failure).toEqual([]);
    // The mutations really break things, and some leave a valid config.
    expect(report.counts["clear error"]).toBeGreaterThan(250);
    expect(report.counts.success).toBeGreaterThan(0);
  });
});
