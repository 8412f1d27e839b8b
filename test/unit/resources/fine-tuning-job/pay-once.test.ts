// Pay once, pure parts: every spelling that sends the same request is one training identity (drawn with
// fast-check through the config schema), and a succeeded job on the account is reused only when it provably
// trained that identity.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTrainingTier } from "../../../../azure/model-tiers";
import type { FoundryFile, FoundryJob } from "../../../../foundry/data-plane-types";
import { uploadName } from "../../../../foundry/upload-name";
import { parseStackConfig, type TrainedModelConfig } from "../../../../program/config";
import { diffJob, type JobInputs, type JobOutputs } from "../../../../resources/fine-tuning-job/contract";
import { createBody, reuseQuery } from "../../../../resources/fine-tuning-job/create-body";
import { needsReuseLookup } from "../../../../resources/fine-tuning-job/find-job";
import { IDENTITY_TAG_KEY, identityHash, retrainReasons } from "../../../../resources/fine-tuning-job/identity";
import { findReusableJob } from "../../../../resources/fine-tuning-job/reuse";
import { holderTag, releaseHold } from "../../../../resources/model-deployment/contract";
import { jobUsingFile, sameBytesOnAccount } from "../../../../resources/training-file/contract";
import { jobInputs } from "../../../support/resource-fixtures";

/** Short names Azure answers with the dated name (recordings cited in docs/azure-sources.md [REC-MODEL]), and the table's. */
const SPELLINGS: [string, string][] = [
  ["gpt-4.1", "gpt-4.1-2025-04-14"],
  ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"],
  ["gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"],
];
const HYPERPARAMETERS = ["n_epochs", "batch_size", "learning_rate_multiplier"] as const;

/** The job the program declares for a parsed config entry (program/fine-tuned-model.ts passes these fields). */
function inputsOf(model: TrainedModelConfig): JobInputs {
  return jobInputs({
    baseModel: model.baseModel as string,
    method: {
      type: model.method.type,
      hyperparameters: { ...model.method.hyperparameters } as Record<string, number | "auto">,
    },
    seed: model.seed,
    suffix: model.suffix,
    trainingType: model.trainingType,
  });
}
const parse = (entry: Record<string, unknown>) =>
  inputsOf(parseStackConfig({ account: { name: "dev" }, models: { m: entry } }).models.m!);

/** One training (values: a number, or undefined for "auto") written in one of its equivalent spellings. */
const spelling = () =>
  fc.record({
    pair: fc.constantFrom(...SPELLINGS),
    short: fc.boolean(),
    autoAsWord: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    order: fc.shuffledSubarray([...HYPERPARAMETERS], { minLength: 3, maxLength: 3 }),
    methodAbsent: fc.boolean(),
    tierCase: fc.constantFrom("as-is", "lower", "upper", "absent"),
    seed: fc.constantFrom(undefined, 7),
  });

type Spelling = ReturnType<typeof spelling> extends fc.Arbitrary<infer T> ? T : never;

function write(values: Record<string, number | undefined>, s: Spelling): Record<string, unknown> {
  const hyperparameters: Record<string, unknown> = {};
  for (const key of s.order) {
    const i = HYPERPARAMETERS.indexOf(key);
    if (values[key] !== undefined) hyperparameters[key] = values[key];
    else if (s.autoAsWord[i]) hyperparameters[key] = "auto"; // else left out: the same request
  }
  const allAuto = Object.keys(hyperparameters).length === 0;
  const tier = defaultTrainingTier(s.pair[1]);
  return {
    baseModel: s.short ? s.pair[0] : s.pair[1],
    trainingFile: "datasets/clippy/train.jsonl",
    suffix: "clippy",
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(allAuto && s.methodAbsent ? {} : { method: { type: "supervised", hyperparameters } }),
    ...(s.tierCase === "absent"
      ? {}
      : {
          trainingType:
            s.tierCase === "lower" ? tier.toLowerCase() : s.tierCase === "upper" ? tier.toUpperCase() : tier,
        }),
  };
}

const trainingValues = fc.record({
  n_epochs: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  batch_size: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  learning_rate_multiplier: fc.option(fc.constantFrom(0.5, 1, 2), { nil: undefined }),
});

describe("one training identity per request", () => {
  it("every spelling that sends the same request (short or dated model, auto or absent, key order, default method, tier casing) is one identity and one request", () => {
    fc.assert(
      fc.property(
        trainingValues.chain((values) => fc.tuple(fc.constant(values), spelling(), spelling())),
        ([values, a, b]) => {
          fc.pre(a.pair === b.pair && a.seed === b.seed);
          const one = parse(write(values, a));
          const other = parse(write(values, b));
          expect(identityHash(one)).toBe(identityHash(other));
          expect(createBody(one, "tag")).toEqual(createBody(other, "tag"));
          expect(retrainReasons(one, other).keys).toEqual([]);
          const old = { ...one, jobId: "ftjob-1", tag: "t", status: "succeeded" } as JobOutputs;
          expect(diffJob(old, other).changes).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a different value is another identity (and another request)", () => {
    fc.assert(
      fc.property(trainingValues, spelling(), fc.constantFrom(...HYPERPARAMETERS), (values, s, key) => {
        const changed = { ...values, [key]: (values[key] ?? 1) + 1 };
        const one = parse(write(values, s));
        const other = parse(write(changed, s));
        expect(identityHash(one)).not.toBe(identityHash(other));
        expect(retrainReasons(one, other).keys).toEqual(["method"]);
      }),
      { numRuns: 100 },
    );
  });
});

// --- reuse of a succeeded job ---
const TRAIN_SHA = jobInputs().trainingFileSha256;
const VALID_SHA = jobInputs().validationFileSha256!;
const files: FoundryFile[] = [
  {
    id: "file-t0",
    object: "file",
    filename: uploadName({ path: "train.jsonl", sha256: TRAIN_SHA }),
    purpose: "fine-tune",
    status: "processed",
    bytes: 10,
    created_at: 1,
  },
  {
    id: "file-v0",
    object: "file",
    filename: uploadName({ path: "valid.jsonl", sha256: VALID_SHA }),
    purpose: "fine-tune",
    status: "processed",
    bytes: 5,
    created_at: 1,
  },
] as FoundryFile[];

/** What the service echoes for a job another resource submitted with these inputs (dated surface: no metadata). */
function echoOf(inputs: JobInputs, overrides: Partial<FoundryJob> & Record<string, unknown> = {}): FoundryJob {
  const body = createBody(inputs, "another stack's tag");
  const resolved = {
    n_epochs: 3,
    batch_size: 1,
    learning_rate_multiplier: 1,
    ...(body.method as { supervised: { hyperparameters: object } }).supervised.hyperparameters,
  };
  return {
    id: "ftjob-old",
    object: "fine_tuning.job",
    status: "succeeded",
    model: body.model,
    fine_tuned_model: `${body.model}.ft-old-clippy`,
    training_file: "file-t0",
    validation_file: "file-v0",
    seed: body.seed!,
    suffix: body.suffix,
    method: { type: "supervised", supervised: { hyperparameters: resolved } },
    hyperparameters: resolved,
    trainingType: "globalStandard",
    created_at: 1_780_000_000,
    finished_at: 1_780_000_600,
    ...overrides,
  } as unknown as FoundryJob;
}
// This resource's own (new) files: other ids, the same bytes.
const mine = (overrides: Partial<JobInputs> = {}) =>
  jobInputs({ trainingFileId: "file-t1", validationFileId: "file-v1", ...overrides });
const find = (inputs: JobInputs, jobs: FoundryJob[], onAccount = files) =>
  findReusableJob(jobs, onAccount, reuseQuery(inputs));

describe("findReusableJob", () => {
  it("reuses a succeeded job of the same identity, known by what it echoes and its files' content hashes, and dates it", () => {
    expect(find(mine(), [echoOf(mine())])).toEqual({
      jobId: "ftjob-old",
      fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-old-clippy",
      trainedAt: "2026-05-28",
    });
    // The short name sends the same request.
    expect(find(mine({ baseModel: "gpt-4.1-mini" }), [echoOf(mine())])?.jobId).toBe("ftjob-old");
  });

  it("never reuses a job that did not succeed, or that trained anything else", () => {
    const base = mine();
    for (const status of ["failed", "cancelled", "running", "pending"])
      expect(find(base, [echoOf(base, { status } as never)]), status).toBeUndefined();
    expect(find(mine({ trainingFileSha256: "f".repeat(64) }), [echoOf(base)])).toBeUndefined();
    expect(
      find(mine({ validationFileSha256: undefined, validationFileId: undefined }), [echoOf(base)]),
    ).toBeUndefined();
    expect(find(mine({ suffix: "other" }), [echoOf(base)])).toBeUndefined();
    expect(find(mine({ seed: 43 }), [echoOf(base)])).toBeUndefined();
    expect(find(mine({ trainingType: "Standard" }), [echoOf(base)])).toBeUndefined();
    expect(find(mine({ baseModel: "gpt-4.1-nano-2025-04-14" }), [echoOf(base)])).toBeUndefined();
    expect(
      find(
        mine({
          method: { type: "supervised", hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1 } },
        }),
        [echoOf(base)],
      ),
    ).toBeUndefined();
    expect(
      find(
        mine({ method: { type: "dpo", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } } }),
        [echoOf(base)],
      ),
    ).toBeUndefined();
    // Files whose names carry no content hash (uploaded by someone else) prove nothing.
    expect(
      find(
        base,
        [echoOf(base)],
        files.map((f) => ({ ...f, filename: "train.jsonl" })),
      ),
    ).toBeUndefined();
  });

  it("with a configured seed, an auto hyperparameter is proven only by the identity tag (the echo shows a resolved number)", () => {
    const auto = mine({
      method: { type: "supervised", hyperparameters: { n_epochs: "auto", batch_size: 1, learning_rate_multiplier: 1 } },
    });
    const job = echoOf(auto);
    expect(find(auto, [job])).toBeUndefined();
    expect(find(auto, [{ ...job, metadata: { [IDENTITY_TAG_KEY]: identityHash(auto) } }])?.jobId).toBe("ftjob-old");
    expect(find(auto, [{ ...job, metadata: { [IDENTITY_TAG_KEY]: "another identity" } }])).toBeUndefined();
  });

  it("without a configured seed, the seed derived from the identity proves it all, even once its files are deleted", () => {
    const seedless = mine({ seed: undefined, method: { type: "supervised", hyperparameters: { n_epochs: "auto" } } });
    expect(find(seedless, [echoOf(seedless)], [])?.jobId).toBe("ftjob-old");
    expect(find(seedless, [echoOf(seedless, { seed: 12345 })], [])).toBeUndefined();
  });

  it("takes the newest of several identical trainings", () => {
    const base = mine();
    const older = echoOf(base, { id: "ftjob-a", finished_at: 1_700_000_000 });
    const newer = echoOf(base, { id: "ftjob-b", finished_at: 1_790_000_000 });
    expect(find(base, [older, newer])?.jobId).toBe("ftjob-b");
  });
});

describe("when check looks for a reusable job", () => {
  const old = jobInputs();
  it("for a new resource, or one whose training or account changes, unless retrain: always or adoptJobId", () => {
    expect(needsReuseLookup({}, mine())).toBe(true);
    expect(needsReuseLookup(old, mine({ seed: 43 }))).toBe(true);
    expect(needsReuseLookup(old, mine({ target: { ...old.target, accountName: "other" } }))).toBe(true);
    expect(needsReuseLookup(old, mine())).toBe(false);
    expect(needsReuseLookup({}, mine({ retrain: "always" }))).toBe(false);
    expect(needsReuseLookup({}, mine({ adoptJobId: "ftjob-x" }))).toBe(false);
  });
});

describe("shared files and deployments", () => {
  it("finds the same bytes by content hash and size, processed first, never a rejected or deleted one", () => {
    const named = (id: string, status: string, bytes = 10) =>
      ({
        id,
        filename: uploadName({ path: "x.jsonl", sha256: TRAIN_SHA }),
        status,
        bytes,
        purpose: "fine-tune",
      }) as FoundryFile;
    expect(
      sameBytesOnAccount([named("a", "pending"), named("b", "processed")], { sha256: TRAIN_SHA, bytes: 10 })?.id,
    ).toBe("b");
    expect(
      sameBytesOnAccount([named("a", "error"), named("b", "deleted")], { sha256: TRAIN_SHA, bytes: 10 }),
    ).toBeUndefined();
    expect(sameBytesOnAccount([named("a", "processed", 11)], { sha256: TRAIN_SHA, bytes: 10 })).toBeUndefined();
    expect(sameBytesOnAccount([named("a", "processed")], { sha256: VALID_SHA, bytes: 10 })).toBeUndefined();
  });

  it("keeps a file while a job that did not fail or get cancelled names it", () => {
    const job = (status: string) =>
      ({ id: `ftjob-${status}`, status, training_file: "file-t0", validation_file: null }) as unknown as FoundryJob;
    expect(jobUsingFile([job("succeeded")], "file-t0")?.id).toBe("ftjob-succeeded");
    expect(jobUsingFile([job("running")], "file-t0")?.id).toBe("ftjob-running");
    expect(jobUsingFile([job("failed"), job("cancelled")], "file-t0")).toBeUndefined();
    expect(jobUsingFile([job("succeeded")], "file-other")).toBeUndefined();
  });

  it("a deployment's delete releases its own hold and leaves it to the other holders", () => {
    const a = "urn:pulumi:dev::p::foundry:ModelDeployment::clippy";
    const b = "urn:pulumi:dev::p::foundry:ModelDeployment::helper";
    const tags = { owner: "team", ...holderTag(a), ...holderTag(b) };
    expect(releaseHold(tags, a)).toEqual({ tags: { owner: "team", ...holderTag(b) }, others: [b] });
    expect(releaseHold(holderTag(a), a)).toEqual({ tags: {}, others: [] });
    expect(releaseHold(undefined, a)).toEqual({ tags: {}, others: [] });
    expect(Object.keys(holderTag(a))).not.toEqual(Object.keys(holderTag(b)));
  });
});
