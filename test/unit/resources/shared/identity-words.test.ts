// Exact outputs of the resources' pure logic, where the neighbouring tests check only a fragment: the reasons a
// preview prints for a retrain, the messages of a failed job or a missing model, the names given to uploads and
// deployments, and the text identities are hashed over.
import { describe, expect, it } from "vitest";
import { uploadName } from "../../../../foundry/upload-name";
import {
  identityHash,
  identityOf,
  jobTag,
  normalizeMethod,
  retrainReasons,
  type TrainingIdentity,
} from "../../../../resources/fine-tuning-job/identity";
import { failedJobMessage } from "../../../../resources/fine-tuning-job/outputs";
import { type DeploymentInputs, physicalName } from "../../../../resources/model-deployment/contract";
import { deploymentToMakeRoom, missingModelReason } from "../../../../resources/model-deployment/provider";
import { sha256Hex, stableJson } from "../../../../resources/shared/stable-json";
import { targetIdentity } from "../../../../resources/shared/target-inputs";
import { isUnknown, UNKNOWN } from "../../../../resources/shared/unknown";
import { localTarget } from "../../../support/resource-fixtures";

const SHA_A = "3f2a91c0" + "a".repeat(56);
const SHA_B = "8b1d44e2" + "b".repeat(56);
const identity = (overrides: Partial<TrainingIdentity> = {}): TrainingIdentity => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFileSha256: SHA_A,
  method: { type: "supervised", hyperparameters: { n_epochs: 3 } },
  trainingType: "GlobalStandard",
  ...overrides,
});

describe("retrain reasons, word for word", () => {
  it("says what changed from what to what", () => {
    const reasons = (news: Partial<TrainingIdentity>, olds: Partial<TrainingIdentity> = {}) =>
      retrainReasons(identity(olds), identity(news)).reasons;
    expect(reasons({ baseModel: "gpt-4o" })).toEqual(["base model gpt-4.1-mini-2025-04-14 -> gpt-4o-2024-08-06"]);
    expect(reasons({ baseModel: UNKNOWN })).toEqual(["base model will be known after its upstream model trains"]);
    expect(reasons({ trainingFileSha256: SHA_B })).toEqual(["training data changed (sha256 3f2a91c0 -> 8b1d44e2)"]);
    expect(reasons({ validationFileSha256: SHA_B })).toEqual(["validation data changed (sha256 none -> 8b1d44e2)"]);
    expect(reasons({}, { validationFileSha256: SHA_A })).toEqual(["validation data changed (sha256 3f2a91c0 -> none)"]);
    expect(reasons({ method: { type: "dpo", hyperparameters: {} } })).toEqual(["method supervised -> dpo"]);
    expect(reasons({ method: { type: "supervised", hyperparameters: { n_epochs: 4, batch_size: 2 } } })).toEqual([
      "n_epochs 3 -> 4",
      "batch_size auto -> 2",
    ]);
    expect(reasons({ method: { type: "supervised", hyperparameters: { n_epochs: UNKNOWN as never } } })).toEqual([
      "n_epochs 3 -> a value known only after an upstream resource updates",
    ]);
    expect(reasons({ seed: 1 })).toEqual(["seed random -> 1"]);
    expect(reasons({}, { seed: 0 })).toEqual(["seed 0 -> random"]);
    expect(reasons({ suffix: "v2" })).toEqual(["suffix none -> v2"]);
    expect(reasons({}, { suffix: "v1" })).toEqual(["suffix v1 -> none"]);
    expect(reasons({ trainingType: "Developer" })).toEqual(["training type globalstandard -> developer"]);
  });

  it("reports keys in a fixed order, each once", () => {
    const all = retrainReasons(
      identity(),
      identity({
        baseModel: "b",
        trainingFileSha256: SHA_B,
        validationFileSha256: SHA_B,
        method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 1 } },
        seed: 1,
        suffix: "s",
        trainingType: "Standard",
      }),
    );
    expect(all.keys).toEqual([
      "baseModel",
      "trainingFileSha256",
      "validationFileSha256",
      "method",
      "seed",
      "suffix",
      "trainingType",
    ]);
    expect(all.reasons).toHaveLength(8);
  });
});

describe("identity normalisation", () => {
  it("reads blank or non-numeric strings as values that differ, not as numbers", () => {
    expect(normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: " " } }).hyperparameters.n_epochs).toBe(
      " ",
    );
    expect(
      normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: "three" } }).hyperparameters.n_epochs,
    ).toBe("three");
    expect(
      normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: "Infinity" } }).hyperparameters.n_epochs,
    ).toBe("Infinity");
    expect(normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: 0 } }).hyperparameters.n_epochs).toBe(0);
  });

  it("keeps seed 0, drops an empty suffix or validation hash, and lower-cases the training type", () => {
    expect(identityOf(identity({ seed: 0, suffix: "", validationFileSha256: "", trainingType: "Standard" }))).toEqual({
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFileSha256: SHA_A,
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: "auto" },
      },
      seed: 0,
      trainingType: "standard",
    });
  });

  it("hashes the stable JSON of the normalised identity; the tag hashes stack, resource and that hash", () => {
    const id = identity();
    expect(identityHash(id)).toBe(sha256Hex(stableJson(identityOf(id))));
    expect(jobTag("dev", "clippy", id)).toBe(sha256Hex(`dev\u0000clippy\u0000${identityHash(id)}`).slice(0, 40));
  });
});

describe("stableJson and isUnknown", () => {
  it("writes sorted keys without spaces, and null for undefined", () => {
    expect(stableJson({ b: [2, { d: 1, c: undefined }], a: "x" })).toBe('{"a":"x","b":[2,{"d":1}]}');
    expect(stableJson({ B: 1, a: 2, _: 3 })).toBe('{"B":1,"_":3,"a":2}');
    expect(stableJson(undefined)).toBe("null");
    expect(stableJson(null)).toBe("null");
    expect(stableJson(new Date(0))).toBe("{}");
  });

  it("finds the unknown sentinel at any depth, and nothing else", () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown([1, [UNKNOWN]])).toBe(true);
    expect(isUnknown({ a: { b: UNKNOWN } })).toBe(true);
    for (const value of [null, undefined, "", 0, [], {}, [1, "x"], { a: null }, UNKNOWN.toUpperCase()])
      expect(isUnknown(value), String(value)).toBe(false);
  });
});

describe("names on the service", () => {
  it("names an upload <stem>.sha256-<32 hex of the bytes>.jsonl", () => {
    expect(uploadName({ path: "d/train.v2.JSONL", sha256: SHA_A })).toBe(`train.v2.sha256-${SHA_A.slice(0, 32)}.jsonl`);
  });

  it("names a deployment <name>-<first 8 hex of the model's sha256>", () => {
    expect(physicalName("clippy", "m")).toBe(`clippy-${sha256Hex("m").slice(0, 8)}`);
  });

  it("makes room with a sibling of the same configured name only, its name escaped", () => {
    const a = physicalName("c.v1", "m1");
    expect(deploymentToMakeRoom(["cXv1-0123abcd", "c.v1", a], "c.v1", physicalName("c.v1", "m2"))).toBe(a);
    expect(deploymentToMakeRoom([a], "c.v1", a)).toBeUndefined();
    expect(
      deploymentToMakeRoom(
        ["c.v1-0123ABCD", "c.v1-0123abc", "c.v1-0123abcde", "xc.v1-0123abcd"],
        "c.v1",
        "c.v1-ffffffff",
      ),
    ).toBeUndefined();
  });

  it("identifies an account by kind, subscription, group and name, in any case; not by the endpoint or project it is reached through", () => {
    expect(targetIdentity(localTarget)).toBe("local|00000000-0000-0000-0000-000000000000|local|dev");
    expect(
      targetIdentity({ ...localTarget, kind: "azure", accountName: "Prod", endpoint: "https://X", project: "p1" }),
    ).toBe("azure|00000000-0000-0000-0000-000000000000|local|prod");
  });
});

describe("messages", () => {
  it("says why a job failed and what to do, with one full stop", () => {
    expect(failedJobMessage("ftjob-1", "failed", " Bad file... ")).toBe(
      "fine-tuning job ftjob-1 failed: Bad file. Change the model's training inputs to train again.",
    );
    expect(failedJobMessage("ftjob-2", "cancelled", undefined)).toBe(
      "fine-tuning job ftjob-2 cancelled: no reason given by the service. Change the model's training inputs to train again.",
    );
  });

  it("says why a deployment has no model yet", () => {
    const inputs = {
      modelName: "clippy",
      model: "",
      jobStatus: "running",
      jobEstimatedFinish: 159,
    } as DeploymentInputs;
    expect(missingModelReason(inputs, 100)).toBe(
      "model clippy cannot be deployed yet: its fine-tuning job is running (ETA 59 s). Wait for it (wait: true) or run `pulumi up` again later.",
    );
    expect(
      missingModelReason({ ...inputs, model: undefined, jobStatus: undefined, jobEstimatedFinish: undefined }, 100),
    ).toBe(
      "model clippy cannot be deployed yet: its fine-tuning job is not finished. Wait for it (wait: true) or run `pulumi up` again later.",
    );
  });
});
