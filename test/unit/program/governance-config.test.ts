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
    expect(provisionedProblem("ProvisionedManaged", 25, "gpt-4o-mini-2024-07-18")).toBeUndefined();
    expect(provisionedProblem("ProvisionedManaged", 50, "gpt-4.1-2025-04-14")).toBeUndefined();
    expect(provisionedProblem("ProvisionedManaged", 25, "gpt-4o-mini")).toBeUndefined(); // alias
    expect(provisionedProblem("ProvisionedManaged", 100, "gpt-4o-2024-08-06.ft-0123abcd-x")).toBeUndefined(); // continued training
    expect(provisionedProblem("Standard", 1, "gpt-4.1-mini-2025-04-14")).toBeUndefined();
  });

  it("refuses global PTU (documented as regional only), sizes below the minimum or off the increment, and unconfirmed base models", () => {
    for (const base of ["gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14", "gpt-4o-2024-08-06"]) {
      expect(provisionedProblem("GlobalProvisionedManaged", 15, base)).toMatch(
        /^GlobalProvisionedManaged is not offered for fine-tuned models: .* regional only; use ProvisionedManaged/,
      );
    }
    expect(provisionedProblem("ProvisionedManaged", 30, "gpt-4o-mini-2024-07-18")).toBe(
      "ProvisionedManaged capacity is in PTUs: at least 25 and a multiple of 25 for gpt-4o-mini-2024-07-18 (got 30)",
    );
    expect(provisionedProblem("ProvisionedManaged", 25, "gpt-4.1-2025-04-14")).toMatch(
      /at least 50 and a multiple of 50/,
    );
    expect(provisionedProblem("ProvisionedManaged", 50, "gpt-4.1-mini-2025-04-14")).toMatch(
      /^ProvisionedManaged is not available for models fine-tuned from gpt-4\.1-mini-2025-04-14/,
    );
  });

  it("fails the config naming the key, following continued fine-tuning to its root", () => {
    expect(
      parse({ m: trained("gpt-4o-mini-2024-07-18", { sku: "provisionedmanaged", capacity: 25 }) }).models.m!.deployment!
        .sku,
    ).toBe("ProvisionedManaged");
    expect(
      failure({ m: trained("gpt-4o-mini-2024-07-18", { sku: "GlobalProvisionedManaged", capacity: 15 }) }),
    ).toContain(
      "foundry-finetune:models.m.deployment.sku: GlobalProvisionedManaged is not offered for fine-tuned models",
    );
    const chain = {
      a: trained("gpt-4.1-mini-2025-04-14", {}),
      b: trained({ from: "a" }, { name: "ee", sku: "ProvisionedManaged", capacity: 50 }),
    };
    expect(failure(chain)).toContain(
      "foundry-finetune:models.b.deployment.sku: ProvisionedManaged is not available for models fine-tuned from gpt-4.1-mini-2025-04-14",
    );
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
    expect(failure({ m: { ...trained("gpt-4o-mini-2024-07-18", {}), protect: "yes" } })).toContain(
      "foundry-finetune:models.m.protect",
    );
  });
});
