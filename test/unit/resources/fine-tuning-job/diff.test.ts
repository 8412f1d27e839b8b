// FineTuningJob's pure logic (resources/fine-tuning-job/provider.ts): what retrains (replace) and what does
// not, the message of a failed job, and the body sent to the service.
import { describe, expect, it } from "vitest";
import { seedFromTag } from "../../../../foundry/job-identity";
import type { JobInputs, JobOutputs } from "../../../../resources/fine-tuning-job/contract";
import { diffJob } from "../../../../resources/fine-tuning-job/contract";
import { createBody } from "../../../../resources/fine-tuning-job/create-body";
import { IDENTITY_TAG_KEY, identityHash, JOB_TAG_KEY } from "../../../../resources/fine-tuning-job/identity";
import { failedJobMessage } from "../../../../resources/fine-tuning-job/outputs";
import { UNKNOWN } from "../../../../resources/shared/unknown";
import { jobInputs, localTarget as target } from "../../../support/resource-fixtures";

const SHA_B = "8b1d44e2" + "b".repeat(56);

const inputs = jobInputs;

/** What the state holds after a job finished: the inputs plus the job's outputs. */
function outputs(overrides: Partial<JobOutputs> = {}): JobOutputs {
  return {
    ...inputs(),
    jobId: "ftjob-abc",
    tag: "t".repeat(40),
    status: "succeeded",
    fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-abc-clippy",
    ...overrides,
  };
}

describe("diffJob", () => {
  it("changes nothing when nothing changed on a finished job", () => {
    for (const status of ["succeeded", "failed", "cancelled"]) {
      const diff = diffJob(outputs({ status }), inputs());
      expect(diff).toMatchObject({ changes: false, replaces: [], reasons: [] });
    }
  });

  it("changes nothing when the inputs only echo the same identity in another spelling", () => {
    const news = inputs({
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: "3" as never, batch_size: 1, learning_rate_multiplier: 1 },
      },
      trainingType: "globalstandard",
    });
    expect(diffJob(outputs(), news)).toMatchObject({ changes: false, replaces: [] });
    const auto = outputs({
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: "auto" },
      },
    });
    expect(diffJob(auto, inputs({ method: { type: "supervised", hyperparameters: { n_epochs: 3 } } })).changes).toBe(
      false,
    );
  });

  const retrains: [string, Partial<JobInputs>, string][] = [
    ["base model", { baseModel: "gpt-4o-mini-2024-07-18" }, "baseModel"],
    ["training data", { trainingFileSha256: SHA_B }, "trainingFileSha256"],
    ["validation data", { validationFileSha256: SHA_B }, "validationFileSha256"],
    [
      "hyperparameters",
      { method: { type: "supervised", hyperparameters: { n_epochs: 4, batch_size: 1, learning_rate_multiplier: 1 } } },
      "method",
    ],
    ["method", { method: { type: "dpo", hyperparameters: {} } }, "method"],
    ["seed", { seed: 1 }, "seed"],
    ["suffix", { suffix: "other" }, "suffix"],
    ["training type", { trainingType: "Standard" }, "trainingType"],
    ["account", { target: { ...target, accountName: "prod" } }, "target"],
    ["subscription", { target: { ...target, subscriptionId: "11111111-1111-1111-1111-111111111111" } }, "target"],
  ];
  for (const [what, change, key] of retrains) {
    it(`replaces (retrains) when the ${what} changes, with a reason, creating before deleting`, () => {
      const diff = diffJob(outputs(), inputs(change));
      expect(diff.changes).toBe(true);
      expect(diff.replaces).toEqual([key]);
      expect(diff.reasons.length).toBeGreaterThan(0);
      expect(diff.deleteBeforeReplace).toBe(false);
    });
  }

  it("says the job moved to another account, but not for the local port or the spelling of the account", () => {
    expect(diffJob(outputs(), inputs({ target: { ...target, accountName: "prod" } })).reasons.join(" ")).toMatch(
      /account/,
    );
    expect(diffJob(outputs(), inputs({ target: { ...target, localPort: 50123 } })).changes).toBe(false);
    expect(diffJob(outputs(), inputs({ target: { ...target, accountName: "DEV" } })).changes).toBe(false);
  });

  it("replaces when the base model or the target is unknown during a preview", () => {
    const upstream = diffJob(outputs(), inputs({ baseModel: UNKNOWN }));
    expect(upstream.replaces).toEqual(["baseModel"]);
    expect(upstream.reasons).toHaveLength(1);
    expect(diffJob(outputs(), inputs({ target: UNKNOWN as never })).replaces).toEqual(["target"]);
  });

  it("follows a job still training with an update, and never updates a finished one", () => {
    expect(diffJob(outputs({ status: "running" }), inputs())).toMatchObject({ changes: true, replaces: [] });
    expect(diffJob(outputs(), inputs())).toMatchObject({ changes: false, replaces: [] });
  });

  it("ignores the thresholds and deleteModelOnDestroy an older release recorded in the job's state", () => {
    const legacy = outputs({
      deleteModelOnDestroy: true,
      quality: { maxValidLossRise: 0.5 },
      deploysBestCheckpoint: true,
    } as never);
    expect(diffJob(legacy, inputs())).toMatchObject({ changes: false, replaces: [] });
  });

  const recorded: [string, Partial<JobInputs>][] = [
    ["wait policy", { wait: { enabled: false, timeoutMinutes: 0 } }],
    ["wait timeout", { wait: { enabled: true, timeoutMinutes: 30 } }],
    ["metadata", { metadata: { team: "research" } }],
    ["metadata removed", { metadata: undefined }],
    ["re-uploaded file with the same bytes", { trainingFileId: "file-train2" }],
    ["re-uploaded validation file with the same bytes", { validationFileId: "file-valid2" }],
    ["file id unknown during a preview", { trainingFileId: UNKNOWN }],
    ["estimate", { estimate: { ...inputs().estimate!, estimatedCostUsd: 0.02 } }],
    [
      "findings",
      {
        findings: [
          { file: "datasets/clippy/train.jsonl", line: 3, rule: "long-example", severity: "warning", message: "long" },
        ],
      },
    ],
    ["reportsDir", { reportsDir: "reports/out/dev/clippy2" }],
    ["adoptJobId", { adoptJobId: "ftjob-other" }],
  ];
  for (const [what, change] of recorded) {
    it(`records a change of the ${what} of a finished job without an update, and never retrains`, () => {
      expect(diffJob(outputs(), inputs(change))).toMatchObject({ changes: false, replaces: [], reasons: [] });
    });
    it(`follows a job still training when its ${what} changes`, () => {
      expect(diffJob(outputs({ status: "running" }), inputs(change))).toMatchObject({
        changes: true,
        replaces: [],
        reasons: [],
      });
    });
  }

  it("sees no change when only the key order of the metadata or the estimate differs", () => {
    const reordered = inputs({
      metadata: { ...inputs().metadata },
      estimate: Object.fromEntries(Object.entries(inputs().estimate!).reverse()) as JobInputs["estimate"],
    });
    const withTwoKeys = (metadata: Record<string, string>) =>
      diffJob(
        outputs({ metadata } as never),
        inputs({ metadata: Object.fromEntries(Object.entries(metadata).reverse()) }),
      );
    expect(diffJob(outputs(), reordered).changes).toBe(false);
    expect(withTwoKeys({ team: "docs", owner: "ml" }).changes).toBe(false);
  });

  it("updates a job that is still training (to follow it), without retraining", () => {
    for (const status of ["validating_files", "queued", "running"]) {
      expect(diffJob(outputs({ status }), inputs())).toMatchObject({ changes: true, replaces: [] });
    }
  });

  it("does not retrain for outputs the service filled in (status, model, metrics)", () => {
    const done = outputs({
      trainedTokens: 12345,
      metrics: { finalTrainLoss: 0.5 },
      resolvedHyperparameters: { n_epochs: 3 },
      checkpoints: [],
    });
    expect(diffJob(done, inputs()).changes).toBe(false);
  });
});

describe("failedJobMessage", () => {
  it("names the job, its status and the service's reason, with one full stop", () => {
    const message = failedJobMessage("ftjob-1", "failed", "Training file has invalid format..");
    expect(message).toContain("ftjob-1");
    expect(message).toContain("failed");
    expect(message).toContain("Training file has invalid format");
    expect(message).not.toMatch(/\.\./);
    expect(message).toMatch(/train again/);
  });

  it("trims the reason and says so when the service gave none", () => {
    expect(failedJobMessage("ftjob-2", "cancelled", "  quota exceeded.  ")).toContain("cancelled: quota exceeded. ");
    const none = failedJobMessage("ftjob-3", "failed", undefined);
    expect(none).toContain("no reason given");
    expect(none).not.toMatch(/\.\./);
  });
});

describe("createBody", () => {
  const TAG = "f".repeat(40);

  it("sends a supervised job: model, files, suffix, seed, hyperparameters without the auto ones, and the tag", () => {
    const supervised = inputs({
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: 0.5 },
      },
    });
    const body = createBody(supervised, TAG);
    expect(body.model).toBe("gpt-4.1-mini-2025-04-14");
    expect(body.training_file).toBe("file-train1");
    expect(body.validation_file).toBe("file-valid1");
    expect(body.suffix).toBe("clippy");
    expect(body.seed).toBe(42);
    expect(body.trainingType).toBe("GlobalStandard");
    expect(body.method).toEqual({
      type: "supervised",
      supervised: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 } },
    });
    expect(body.metadata).toEqual({ team: "docs", [JOB_TAG_KEY]: TAG, [IDENTITY_TAG_KEY]: identityHash(supervised) });
  });

  it("sends a dpo job's hyperparameters under dpo, not supervised", () => {
    const body = createBody(
      inputs({ method: { type: "dpo", hyperparameters: { n_epochs: 2, beta: 0.1, l2_multiplier: "auto" } } }),
      TAG,
    );
    expect(body.method).toEqual({ type: "dpo", dpo: { hyperparameters: { n_epochs: 2, beta: 0.1 } } });
    expect(body.method).not.toHaveProperty("supervised");
  });

  it("leaves out what is not set: validation file, suffix; derives the seed from the training identity when none is set; sends seed 0", () => {
    const unseeded = inputs({
      validationFileId: undefined,
      validationFileSha256: undefined,
      suffix: undefined,
      seed: undefined,
      metadata: undefined,
    });
    const body = createBody(unseeded, TAG);
    expect(body).not.toHaveProperty("validation_file");
    expect(body).not.toHaveProperty("suffix");
    expect(body.seed).toBe(seedFromTag(identityHash(unseeded)));
    // Another stack or resource (another tag) sends the same request; another identity does not.
    expect(createBody(unseeded, `${TAG}x`).seed).toBe(body.seed);
    expect(createBody({ ...unseeded, suffix: "other" }, TAG).seed).not.toBe(body.seed);
    // `retrain: always` asks for a training of the resource's own: its seed comes from its tag.
    expect(createBody({ ...unseeded, retrain: "always" }, TAG).seed).toBe(seedFromTag(TAG));
    expect(body.metadata).toEqual({ [JOB_TAG_KEY]: TAG, [IDENTITY_TAG_KEY]: identityHash(unseeded) });
    expect(createBody(inputs({ seed: 0 }), TAG).seed).toBe(0);
    expect(createBody(inputs({ suffix: "" }), TAG)).not.toHaveProperty("suffix");
  });

  it("sends a short base-model name as its dated name", () => {
    expect(createBody(inputs({ baseModel: "gpt-4.1-mini" }), TAG).model).toBe("gpt-4.1-mini-2025-04-14");
  });

  it("keeps the idempotency tag even if the user's metadata uses its key", () => {
    const body = createBody(inputs({ metadata: { [JOB_TAG_KEY]: "mine", team: "docs" } }), TAG);
    expect(body.metadata?.[JOB_TAG_KEY]).toBe(TAG);
    expect(body.metadata?.team).toBe("docs");
  });

  it("sends an empty hyperparameters object when everything is auto", () => {
    const body = createBody(inputs({ method: { type: "supervised", hyperparameters: { n_epochs: "auto" } } }), TAG);
    expect(body.method).toEqual({ type: "supervised", supervised: { hyperparameters: {} } });
  });
});
