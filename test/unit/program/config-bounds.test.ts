// The stack config's bounds and defaults, each at its edge: the champion gate, the quality thresholds, retrain,
// and the account's project named by the endpoint or by its own key.
import { describe, expect, it } from "vitest";
import { ConfigError, parseStackConfig } from "../../../program/config";

const model = (extra: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
  deployment: { name: "clippy" },
  ...extra,
});
const parse = (extra: Record<string, unknown>, account: Record<string, unknown> = { name: "dev" }) =>
  parseStackConfig({ target: "local", account, models: { clippy: model(extra) } }, "Pulumi.dev.yaml");
const errorOf = (extra: Record<string, unknown>, account?: Record<string, unknown>): string => {
  try {
    parse(extra, account);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the config parsed; it should not have");
};
const gate = (g: Record<string, unknown>) => ({ evaluation: { file: "datasets/clippy/eval.jsonl", gate: g } });

describe("evaluation.gate", () => {
  it("measures token overlap unless told exact match, and knows no other metric", () => {
    expect(parse(gate({})).models.clippy).toMatchObject({ evaluation: { gate: { metric: "tokenOverlap" } } });
    expect(parse(gate({ metric: "exactMatch" })).models.clippy).toMatchObject({
      evaluation: { gate: { metric: "exactMatch" } },
    });
    expect(errorOf(gate({ metric: "bleu" }))).toMatch(/models\.clippy\.evaluation\.gate\.metric/);
  });

  it("takes an improvement over the live model from -1 to 1, a regression from 0 to 1, and a whole count of refusals", () => {
    for (const ok of [-1, 0, 1]) expect(() => parse(gate({ minImprovementOverLive: ok }))).not.toThrow();
    for (const bad of [-1.01, 1.01])
      expect(errorOf(gate({ minImprovementOverLive: bad }))).toMatch(/gate\.minImprovementOverLive/);
    for (const ok of [0, 1]) expect(() => parse(gate({ maxRegression: ok }))).not.toThrow();
    for (const bad of [-0.01, 1.01]) expect(errorOf(gate({ maxRegression: bad }))).toMatch(/gate\.maxRegression/);
    expect(() => parse(gate({ maxContentFiltered: 0 }))).not.toThrow();
    expect(errorOf(gate({ maxContentFiltered: -1 }))).toMatch(/gate\.maxContentFiltered/);
    expect(errorOf(gate({ maxContentFiltered: 0.5 }))).toMatch(/gate\.maxContentFiltered/);
  });
});

describe("quality and retrain", () => {
  it("takes a train/valid gap of zero or more", () => {
    expect(parse({ quality: { maxTrainValidGap: 0 } }).models.clippy).toMatchObject({
      quality: { maxTrainValidGap: 0 },
    });
    expect(errorOf({ quality: { maxTrainValidGap: -0.1 } })).toMatch(/quality\.maxTrainValidGap/);
  });

  it("takes retrain: always and says what leaving it out does", () => {
    expect(parse({ retrain: "always" }).models.clippy).toMatchObject({ retrain: "always" });
    expect(errorOf({ retrain: "sometimes" })).toContain(
      'must be "always" (leave it out to reuse an identical training)',
    );
  });
});

describe("account.project", () => {
  const endpoint = "https://acct.services.ai.azure.com/api/projects/support";
  it("comes from the project endpoint, or from its own key, and the endpoint loses the project's path", () => {
    expect(parse({}, { name: "dev", endpoint }).account).toMatchObject({
      project: "support",
      endpoint: "https://acct.services.ai.azure.com",
    });
    expect(parse({}, { name: "dev", project: "support" }).account).toMatchObject({ project: "support" });
    expect(parse({}, { name: "dev", endpoint, project: "support" }).account).toMatchObject({ project: "support" });
    expect(parse({}, { name: "dev" }).account).not.toHaveProperty("project");
  });

  it("refuses a project the endpoint contradicts, and an endpoint it cannot read", () => {
    expect(errorOf({}, { name: "dev", endpoint, project: "other" })).toContain(
      'is "other" but the endpoint names project "support"',
    );
    expect(errorOf({}, { name: "dev", endpoint: "not a url" })).toMatch(/account\.endpoint/);
  });
});
