// Config additions of the governance issue: provisioned throughput (PTU) skus checked at preview, and protect.
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../../program/config";
import { provisionedProblem } from "../../../program/provisioned-throughput";

const trained = (baseModel: unknown, deployment: Record<string, unknown>) => ({
  baseModel,
  trainingFile: "datasets/clippy/train.jsonl",
  deployment: { name: "dd", ...deployment },
});
const parse = (models: Record<string, unknown>) => parseStackConfig({ account: { name: "dev" }, models });
const failure = (models: Record<string, unknown>) => {
  try {
    parse(models);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("provisioned throughput (PTU) skus", () => {
  it("accepts documented sizes for fine-tuned gpt-4.1, gpt-4o and gpt-4o-mini", () => {
    expect(provisionedProblem("GlobalProvisionedManaged", 15, "gpt-4o-mini-2024-07-18")).toBeUndefined();
    expect(provisionedProblem("GlobalProvisionedManaged", 20, "gpt-4.1-2025-04-14")).toBeUndefined();
    expect(provisionedProblem("ProvisionedManaged", 25, "gpt-4o-mini")).toBeUndefined(); // alias
    expect(provisionedProblem("ProvisionedManaged", 100, "gpt-4o-2024-08-06.ft-0123abcd-x")).toBeUndefined(); // continued training
    expect(provisionedProblem("Standard", 1, "gpt-4.1-mini-2025-04-14")).toBeUndefined();
  });

  it("refuses sizes below the minimum or off the increment, and unconfirmed base models", () => {
    expect(provisionedProblem("GlobalProvisionedManaged", 10, "gpt-4o-mini-2024-07-18")).toBe(
      "GlobalProvisionedManaged capacity is in PTUs: at least 15 and a multiple of 5 for gpt-4o-mini-2024-07-18 (got 10)",
    );
    expect(provisionedProblem("GlobalProvisionedManaged", 17, "gpt-4.1-2025-04-14")).toMatch(/multiple of 5/);
    expect(provisionedProblem("ProvisionedManaged", 25, "gpt-4.1-2025-04-14")).toMatch(/at least 50 and a multiple of 50/);
    expect(provisionedProblem("ProvisionedManaged", 50, "gpt-4.1-mini-2025-04-14")).toMatch(
      /^ProvisionedManaged is not available for models fine-tuned from gpt-4\.1-mini-2025-04-14/,
    );
  });

  it("fails the config naming the key, following continued fine-tuning to its root", () => {
    expect(parse({ m: trained("gpt-4o-mini-2024-07-18", { sku: "globalprovisionedmanaged", capacity: 15 }) }).models.m!.deployment!.sku).toBe("GlobalProvisionedManaged");
    expect(failure({ m: trained("gpt-4o-mini-2024-07-18", { sku: "GlobalProvisionedManaged", capacity: 1 }) })).toContain(
      "foundry-finetune:models.m.deployment.sku: GlobalProvisionedManaged capacity is in PTUs: at least 15",
    );
    const chain = { a: trained("gpt-4.1-mini-2025-04-14", {}), b: trained({ from: "a" }, { name: "ee", sku: "ProvisionedManaged", capacity: 50 }) };
    expect(failure(chain)).toContain("foundry-finetune:models.b.deployment.sku: ProvisionedManaged is not available for models fine-tuned from gpt-4.1-mini-2025-04-14");
  });
});

describe("protect", () => {
  it("is optional on trained and promoted models and must be a boolean", () => {
    const config = parse({
      m: { ...trained("gpt-4o-mini-2024-07-18", {}), protect: true },
      p: { promoteFrom: { stack: "dev", model: "m" }, deployment: { name: "pp" }, protect: true },
    });
    expect(config.models.m!.protect).toBe(true);
    expect(config.promotions.p!.protect).toBe(true);
    expect(parse({ m: trained("gpt-4o-mini-2024-07-18", {}) }).models.m!.protect).toBeUndefined();
    expect(failure({ m: { ...trained("gpt-4o-mini-2024-07-18", {}), protect: "yes" } })).toContain("foundry-finetune:models.m.protect");
  });
});
