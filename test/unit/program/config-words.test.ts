// Words and anchors of the stack config's id and name rules, and the job tag's key (found by mutation testing).
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../../program/config";
import { JOB_TAG_KEY } from "../../../resources/fine-tuning-job/identity";

const TRAIN = "datasets/clippy/train.jsonl";
const lineOf = (model: Record<string, unknown>) => {
  try {
    parseStackConfig({ account: { name: "dev" }, models: { m: { baseModel: "b", trainingFile: TRAIN, ...model } } });
  } catch (error) {
    return (error as Error).message.split("\n")[1]!.trim();
  }
  return "";
};

describe("id and name rules", () => {
  it("say what a deployment name, a checkpoint id and a job id must be", () => {
    expect(lineOf({ deployment: { name: "a b" } })).toBe(
      "foundry-finetune:models.m.deployment.name: must be 2-51 characters of letters, digits, '_', '.' or '-'",
    );
    expect(lineOf({ deployment: { name: "ab", checkpoint: { id: "x" } } })).toBe(
      "foundry-finetune:models.m.deployment.checkpoint.id: must be a checkpoint id (ftchkpt-...)",
    );
    expect(lineOf({ adoptJobId: "x" })).toBe("foundry-finetune:models.m.adoptJobId: must be a job id (ftjob-...)");
  });

  it("anchor ids at both ends", () => {
    expect(lineOf({ deployment: { name: "ab", checkpoint: { id: "xftchkpt-a" } } })).toMatch(
      /checkpoint\.id: must be a checkpoint id/,
    );
    expect(lineOf({ adoptJobId: "ftjob-a-b" })).toMatch(/adoptJobId: must be a job id/);
  });

  it("accepts each upgrade option written out, NoAutoUpgrade included", () => {
    for (const option of ["NoAutoUpgrade", "OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"])
      expect(lineOf({ deployment: { name: "ab", versionUpgradeOption: option } }), option).toBe("");
  });
});

describe("the job tag", () => {
  it("is stored under the key foundry-finetune: jobs tagged by earlier versions are found by it", () => {
    expect(JOB_TAG_KEY).toBe("foundry-finetune");
  });
});

describe("the method's words", () => {
  it("names the hyperparameters a method takes when one it does not take is given", () => {
    expect(lineOf({ method: { type: "supervised", hyperparameters: { beta: 0.1 } } })).toBe(
      'foundry-finetune:models.m.method.hyperparameters: supervised takes no "beta" (it takes n_epochs, batch_size, learning_rate_multiplier)',
    );
  });

  it("lists the methods for a type that is none of them", () => {
    expect(lineOf({ method: { type: "reinforcement" } })).toBe(
      "foundry-finetune:models.m.method.type: must be one of supervised, dpo",
    );
  });
});
