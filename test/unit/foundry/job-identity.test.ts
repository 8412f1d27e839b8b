// Recognising a job without its metadata tag (the dated spec has no metadata), and noticing a job the service
// did not take as asked (the dated SupervisedMethodRequest has no hyperparameters).
import { describe, expect, it } from "vitest";
import type { CreateJobBody, FoundryJob } from "../../../foundry/data-plane-types";
import { jobMismatches, reportedHyperparameters } from "../../../foundry/job-check";
import { findOwnJob, fingerprintOf, seedFromTag } from "../../../foundry/job-identity";

const body: CreateJobBody = {
  model: "gpt-4.1-mini-2025-04-14",
  training_file: "file-t",
  suffix: "clippy",
  seed: 7,
  method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 } } },
};
const job = (over: Partial<FoundryJob> & Record<string, unknown>): FoundryJob =>
  ({
    id: "ftjob-1",
    object: "fine_tuning.job",
    status: "running",
    created_at: 10,
    model: body.model,
    training_file: "file-t",
    validation_file: null,
    suffix: "clippy",
    seed: 7,
    metadata: null,
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 0.5 },
    ...over,
  }) as unknown as FoundryJob;
const identity = { key: "tag", value: "mine", fingerprint: fingerprintOf(body) };

describe("findOwnJob", () => {
  it("prefers the tagged job, then the newest untagged job with the same fingerprint", () => {
    const tagged = job({ id: "ftjob-tagged", metadata: { tag: "mine" }, created_at: 1, seed: 99 });
    expect(findOwnJob([job({ id: "ftjob-new", created_at: 20 }), tagged], identity)?.id).toBe("ftjob-tagged");
    expect(
      findOwnJob([job({ id: "ftjob-old", created_at: 5 }), job({ id: "ftjob-new", created_at: 20 })], identity)?.id,
    ).toBe("ftjob-new");
  });
  it("never takes a job tagged for another identity, another seed, file, suffix or model, or one made too early", () => {
    for (const other of [
      { metadata: { tag: "theirs" } },
      { seed: 8 },
      { training_file: "file-u" },
      { suffix: null },
      { model: "gpt-4.1-2025-04-14" },
      { validation_file: "file-v" },
    ]) {
      expect(findOwnJob([job(other)], identity)).toBeUndefined();
    }
    expect(findOwnJob([job({ created_at: 10 })], { ...identity, createdAfter: 11 })).toBeUndefined();
    expect(findOwnJob([job({ user_provided_suffix: "clippy", suffix: undefined })], identity)?.id).toBe("ftjob-1"); // v1 spelling
  });
  it("applies the caller's further test to fingerprint matches only", () => {
    expect(findOwnJob([job({})], { ...identity, accepts: () => false })).toBeUndefined();
    expect(findOwnJob([job({ metadata: { tag: "mine" } })], { ...identity, accepts: () => false })?.id).toBe("ftjob-1");
  });
  it("derives a stable seed in the service's range", () => {
    expect(seedFromTag("a")).toBe(seedFromTag("a"));
    expect(seedFromTag("a")).not.toBe(seedFromTag("b"));
    expect(seedFromTag("a")).toBeGreaterThanOrEqual(0);
    expect(seedFromTag("a")).toBeLessThanOrEqual(2_147_483_647);
  });
});

describe("jobMismatches", () => {
  it("agrees when the resolved values are the asked ones (either in hyperparameters or under the method)", () => {
    expect(jobMismatches(body, job({}))).toEqual([]);
    expect(
      jobMismatches(
        body,
        job({
          hyperparameters: undefined,
          method: {
            type: "supervised",
            supervised: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 } },
          },
        }),
      ),
    ).toEqual([]);
  });
  it("says nothing while the values are placeholders (-1, -1, 1 on older pending jobs)", () => {
    expect(
      jobMismatches(
        body,
        job({ status: "pending", hyperparameters: { n_epochs: -1, batch_size: -1, learning_rate_multiplier: 1 } }),
      ),
    ).toEqual([]);
    expect(
      jobMismatches(body, job({ hyperparameters: { n_epochs: -1, batch_size: -1, learning_rate_multiplier: 1 } })),
    ).toEqual([]);
    expect(jobMismatches(body, job({ status: "pending", hyperparameters: undefined }))).toEqual([]);
  });
  it("checks a pending job's values as soon as it reports them (Azure echoes the requested ones at once)", () => {
    expect(
      jobMismatches(
        body,
        job({ status: "pending", hyperparameters: { n_epochs: 5, batch_size: 1, learning_rate_multiplier: 0.5 } }),
      ),
    ).toEqual(["n_epochs: asked 3, the service reports 5"]);
    const echoed = {
      type: "supervised" as const,
      supervised: { hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 0.5 } },
    };
    expect(jobMismatches(body, job({ status: "pending", hyperparameters: undefined, method: echoed }))).toEqual([]);
  });
  it("names each setting the service replaced, and a method it changed", () => {
    expect(
      jobMismatches(body, job({ hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1.8 } })),
    ).toEqual([
      "n_epochs: asked 3, the service reports 2",
      "learning_rate_multiplier: asked 0.5, the service reports 1.8",
    ]);
    expect(jobMismatches(body, job({ method: { type: "dpo" } }))).toEqual([
      "method: asked supervised, the service reports dpo",
    ]);
  });
  it("accepts anything for auto", () => {
    const auto = {
      ...body,
      method: { type: "supervised" as const, supervised: { hyperparameters: { n_epochs: "auto" as const } } },
    };
    expect(
      jobMismatches(auto, job({ hyperparameters: { n_epochs: 9, batch_size: 1, learning_rate_multiplier: 2 } })),
    ).toEqual([]);
  });
});

// Shapes from the recorded Azure answers (test/fixtures/azure-recordings/).
describe("what a recorded Azure job reports", () => {
  it("trainingType: the echo's own casing agrees with the asked tier; another tier is named", () => {
    const asked = (trainingType: CreateJobBody["trainingType"]) => ({ ...body, trainingType });
    expect(jobMismatches(asked("Standard"), job({ trainingType: "standard" }))).toEqual([]);
    expect(jobMismatches(asked("GlobalStandard"), job({ trainingType: "globalStandard" }))).toEqual([]);
    expect(jobMismatches(asked("Developer"), job({ trainingType: "developerTier" }))).toEqual([]);
    // Checked while pending too: the echo is there at once.
    expect(jobMismatches(asked("GlobalStandard"), job({ status: "pending", trainingType: "standard" }))).toEqual([
      "trainingType: asked GlobalStandard, the service reports standard",
    ]);
    expect(jobMismatches(asked("GlobalStandard"), job({}))).toEqual([]); // no echo: nothing to compare
  });

  it("reportedHyperparameters: a DPO job's are under method.dpo (no top-level block), a job without method has only the top-level block", () => {
    const dpo = { beta: 0.1, l2_multiplier: 0, n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 };
    expect(
      reportedHyperparameters(
        job({ hyperparameters: undefined, method: { type: "dpo", dpo: { hyperparameters: dpo } } }),
      ),
    ).toEqual(dpo);
    expect(
      reportedHyperparameters(job({ hyperparameters: { n_epochs: 10, batch_size: 1, learning_rate_multiplier: 1 } })),
    ).toEqual({
      n_epochs: 10,
      batch_size: 1,
      learning_rate_multiplier: 1,
    });
    expect(reportedHyperparameters(job({ hyperparameters: undefined }))).toBeUndefined();
  });
});
