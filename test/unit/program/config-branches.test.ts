// Branches of the stack config found by mutation testing: the cycle chain starts at the model declared first,
// a bad record key is named by itself, and cross-checks run only on a config that parsed, and the identity's
// normalisation of values that are neither numbers nor strings.
import { describe, expect, it } from "vitest";
import { parseStackConfig, trainingOrder } from "../../../program/config";
import { identityOf, normalizeMethod } from "../../../resources/fine-tuning-job/identity";

const TRAIN = "datasets/clippy/train.jsonl";
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
};

describe("config errors", () => {
  it("states a cycle from the first model declared", () => {
    const models = parseStackConfig({
      account: { name: "dev" },
      models: {
        a: { baseModel: { from: "b" }, trainingFile: TRAIN },
        b: { baseModel: { from: "a" }, trainingFile: TRAIN },
      },
    }).models;
    expect(errorOf(() => trainingOrder(models))).toBe(
      "foundry-finetune:models: continuous fine-tuning forms a cycle: a -> b -> a",
    );
  });

  it("names a bad metadata key by itself", () => {
    const key = "k".repeat(65);
    const message = errorOf(() =>
      parseStackConfig({
        account: { name: "dev" },
        models: { m: { baseModel: "b", trainingFile: TRAIN, metadata: { [key]: "v" } } },
      }),
    );
    expect(message.split("\n")[1]).toBe(
      `  foundry-finetune:models.m.metadata.${key}: key "${key}": Too big: expected string to have <=64 characters`,
    );
  });

  it("reports only the parse errors of a config that failed, not what cross-checks would add", () => {
    const dep = (name: string) => ({ baseModel: "b", trainingFile: TRAIN, deployment: { name } });
    const message = errorOf(() =>
      parseStackConfig({
        account: { name: "dev" },
        models: { a: dep("x1"), b: dep("x1"), c: { ...dep("x2"), seed: -1 } },
      }),
    );
    expect(
      message
        .split("\n")
        .slice(1)
        .map((l) => l.trim().split(":")[1]),
    ).toEqual(["models.c.seed"]);
  });
});

describe("identity values that are neither numbers nor strings", () => {
  it("keeps them as they are, so they diff as a change instead of crashing", () => {
    expect(
      normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: true, batch_size: { n: 1 } } })
        .hyperparameters,
    ).toEqual({
      n_epochs: true,
      batch_size: { n: 1 },
      learning_rate_multiplier: "auto",
    });
  });

  it("has no seed key without a seed", () => {
    const id = identityOf({
      baseModel: "b",
      trainingFileSha256: "a",
      method: { type: "supervised", hyperparameters: {} },
      trainingType: "Standard",
    });
    expect("seed" in id).toBe(false);
    expect("suffix" in id).toBe(false);
    expect("validationFileSha256" in id).toBe(false);
  });
});
