// A base model's retirement (AccountModel.deprecation: fineTune and inference): the preview warns when either is
// near or past, the job refuses to train on a model retired for fine-tuning (but keeps an existing one), and a
// policy can forbid training on a model that retires within N days.
import { describe, expect, it } from "vitest";
import { type PreflightPlan, retirementsOf, runChecks } from "../../../foundry/preflight-checks";
import type { PreflightReads, Read } from "../../../foundry/preflight-read";
import { jobFacts } from "../../../policy/facts";
import { checkTrainingRetirement } from "../../../policy/rules/training";
import { type JobOutputs, retiredTrainingProblem } from "../../../resources/fine-tuning-job/contract";
import { jobInputs } from "../../support/resource-fixtures";

const NOW = Date.parse("2026-12-06T00:00:00Z");
const ok = <T>(value: T): Read<T> => ({ ok: true, value, evidence: "GET models: 200" });
const base = "gpt-4.1-mini-2025-04-14";
const reads = (deprecation?: { fineTune?: string; inference?: string }): PreflightReads => ({
  location: ok("swedencentral"),
  models: ok([
    {
      id: base,
      capabilities: { fineTune: "true" },
      finetuneCapabilities: { trainingTypes: "GlobalStandard", methods: "supervised" },
      skus: [],
      ...(deprecation ? { deprecation } : {}),
    },
  ]),
  usages: ok([]),
  deployments: ok([]),
  permissions: ok([{ actions: ["*"], notActions: [], dataActions: ["*"], notDataActions: [] }]),
  dataPlane: ok(0),
  files: ok([]),
  dataPlaneAuth: "api-key",
  sources: {},
});
const plan: PreflightPlan = {
  account: "a",
  trainings: [{ key: "m", baseModel: base, method: "supervised", trainingType: "GlobalStandard" }],
  deployments: [],
};
const row = (r: PreflightReads, days?: number) =>
  runChecks(plan, r, undefined, { now: NOW, ...(days !== undefined ? { retirementWarningDays: days } : {}) }).find(
    (x) => x.check === "retirement: m",
  );

describe("the preview on a base model's retirement", () => {
  it("warns when training or inference retires within the window (90 days by default), and says nothing otherwise", () => {
    expect(row(reads({ fineTune: "2027-01-15T00:00:00Z", inference: "2028-01-01T00:00:00Z" }))).toMatchObject({
      result: "warn",
      detail: `${base}: training (fine-tuning) retires on 2027-01-15, in 40 days`,
    });
    expect(row(reads({ fineTune: "2027-01-15T00:00:00Z" }), 30)).toBeUndefined();
    expect(row(reads({ inference: "2027-02-01T00:00:00Z" }))!.detail).toBe(
      `${base}: inference retires on 2027-02-01, in 57 days`,
    );
    expect(row(reads({ fineTune: "2026-11-01T00:00:00Z" }))!.detail).toBe(
      `${base}: training (fine-tuning) retired on 2026-11-01`,
    );
    expect(row(reads({ fineTune: "2028-01-01T00:00:00Z", inference: "2028-06-01T00:00:00Z" }))).toBeUndefined();
    expect(row(reads())).toBeUndefined();
  });

  it("gives the dates per model, for the stack's outputs", () => {
    expect(retirementsOf(plan, reads({ fineTune: "2027-01-15", inference: "2027-06-01" }))).toEqual({
      m: { fineTune: "2027-01-15", inference: "2027-06-01" },
    });
    expect(retirementsOf(plan, reads())).toEqual({});
  });
});

describe("training on a model retired for fine-tuning", () => {
  const retired = { fineTune: "2026-11-01T00:00:00Z" };
  const done = (): JobOutputs => ({ ...jobInputs(), jobId: "ftjob-1", tag: "t", status: "succeeded" });

  it("is refused for a new job and for a retrain, at preview (the job's check)", () => {
    expect(retiredTrainingProblem(undefined, jobInputs({ retirement: retired }), NOW)).toBe(
      "clippy: gpt-4.1-mini-2025-04-14 was retired for fine-tuning on 2026-11-01 (the account's model list): it cannot be trained; choose another base model",
    );
    expect(retiredTrainingProblem(done(), jobInputs({ retirement: retired, seed: 7 }), NOW)).toMatch(
      /cannot be trained again/,
    );
  });

  it("leaves an existing job that does not retrain alone, and a model not yet retired", () => {
    expect(retiredTrainingProblem(done(), jobInputs({ retirement: retired }), NOW)).toBeUndefined();
    expect(
      retiredTrainingProblem(undefined, jobInputs({ retirement: { fineTune: "2027-01-01T00:00:00Z" } }), NOW),
    ).toBeUndefined();
    expect(retiredTrainingProblem(undefined, jobInputs(), NOW)).toBeUndefined();
  });
});

describe("policy foundry-training-retirement", () => {
  const job = (fineTune?: string) =>
    jobFacts(
      { modelName: "m", trainingType: "GlobalStandard", ...(fineTune ? { retirement: { fineTune } } : {}) },
      "m",
    );
  it("forbids training on a model that retires within withinDays, or has retired", () => {
    expect(checkTrainingRetirement(job("2027-01-01T00:00:00Z"), { withinDays: 30 }, NOW)).toEqual([
      "model m: its base model retires for fine-tuning in 26 days (2027-01-01); this stack trains only on models that retire more than 30 days from now",
    ]);
    expect(checkTrainingRetirement(job("2026-12-01T00:00:00Z"), { withinDays: 0 }, NOW)[0]).toContain(
      "was retired for fine-tuning",
    );
  });
  it("allows a model retiring later, and a job without dates", () => {
    expect(checkTrainingRetirement(job("2027-03-01T00:00:00Z"), { withinDays: 30 }, NOW)).toEqual([]);
    expect(checkTrainingRetirement(job(), { withinDays: 30 }, NOW)).toEqual([]);
  });
});
