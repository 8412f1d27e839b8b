// 500 seeded mutations of the stack config through parseStackConfig and trainingOrder: each parses or ends
// in a ConfigError whose every line names a foundry-finetune: key; never a crash. (npm run chaos -- --fuzz runs more.)
import { describe, expect, it } from "vitest";
import { clearConfigError, fuzzConfigs, mutateConfig } from "./config-fuzz";

describe("stack config fuzzing (parseStackConfig + trainingOrder)", () => {
  it("mutations are seeded: the same seed gives the same config", () => {
    expect(mutateConfig(42)).toEqual(mutateConfig(42));
    expect(mutateConfig(42)).not.toEqual(mutateConfig(43));
  });

  it("the classifier wants the stack file, then one line per key", () => {
    expect(clearConfigError("Pulumi.dev.yaml: invalid stack config\n  foundry-finetune:models.a.seed: Too small: expected number to be >=0").clear).toBe(true);
    expect(clearConfigError("Pulumi.dev.yaml: invalid stack config\n  seed is wrong").clear).toBe(false);
    expect(clearConfigError("Cannot read properties of undefined").clear).toBe(false);
  });

  it("500 seeded cases: no crash, and every error line names a config key", () => {
    const report = fuzzConfigs({ cases: 500, seed: 1 });
    expect(report.findings.filter((f) => f.outcome === "crash")).toEqual([]);
    expect(report.findings.filter((f) => !f.detail?.startsWith("names the key but no rule"))).toEqual([]);
    expect(report.counts["clear error"]).toBeGreaterThan(250);
    expect(report.counts.success).toBeGreaterThan(0);
  });

  // Known gap (reported to the lead, program/config.ts): zod's union and record-key failures surface as
  // "Invalid input" / "Invalid key in record", which name the key but not the rule. Remove `.fails` once fixed.
  it("500 seeded cases: every error line also says what the rule is", () => {
    const report = fuzzConfigs({ cases: 500, seed: 1 });
    expect(report.counts["unclear error"]).toBe(0);
  });
});
