// The training identity decides when a model retrains (and pays again): these are the properties a user
// relies on, checked on the pure functions of resources/fine-tuning-job/identity.ts.
import { describe, expect, it } from "vitest";
import {
  identityHash,
  identityOf,
  jobTag,
  normalizeMethod,
  retrainReasons,
  type TrainingIdentity,
} from "../../../../resources/fine-tuning-job/identity";
import { UNKNOWN } from "../../../../resources/shared/unknown";

const SHA_A = "3f2a91c0" + "a".repeat(56);
const SHA_B = "8b1d44e2" + "b".repeat(56);
const SHA_V = "0c0ffee0" + "c".repeat(56);

function identity(overrides: Partial<TrainingIdentity> = {}): TrainingIdentity {
  return {
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFileSha256: SHA_A,
    validationFileSha256: SHA_V,
    method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
    seed: 42,
    suffix: "clippy",
    trainingType: "GlobalStandard",
    ...overrides,
  };
}

/** Hyperparameters as the service or an older state may echo them: strings, nulls, extra keys. */
const hp = (values: Record<string, unknown>) => values as Record<string, number | "auto">;

describe("normalizeMethod", () => {
  it('treats a missing, null or "auto" hyperparameter as auto, and lists every hyperparameter of the method', () => {
    const supervised = normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: null, batch_size: "auto" } });
    expect(supervised).toEqual({
      type: "supervised",
      hyperparameters: { n_epochs: "auto", batch_size: "auto", learning_rate_multiplier: "auto" },
    });
    const dpo = normalizeMethod({ type: "dpo" });
    expect(Object.keys(dpo.hyperparameters).sort()).toEqual([
      "batch_size",
      "beta",
      "l2_multiplier",
      "learning_rate_multiplier",
      "n_epochs",
    ]);
    expect(Object.values(dpo.hyperparameters).every((v) => v === "auto")).toBe(true);
  });

  it("reads numbers given as strings as numbers, and drops keys the method does not have", () => {
    const method = normalizeMethod({
      type: "supervised",
      hyperparameters: { n_epochs: "3", batch_size: " 8 ", learning_rate_multiplier: "0.5", beta: 0.1 },
    });
    expect(method.hyperparameters).toEqual({ n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5 });
  });

  it("keeps the preview's unknown sentinel as it is (so it diffs as a change) instead of reading it as a number", () => {
    const method = normalizeMethod({ type: "supervised", hyperparameters: { n_epochs: UNKNOWN } });
    expect(method.hyperparameters.n_epochs).toBe(UNKNOWN);
  });
});

describe("identityOf / identityHash", () => {
  const same = (a: TrainingIdentity, b: TrainingIdentity) => expect(identityHash(a)).toBe(identityHash(b));
  const differ = (a: TrainingIdentity, b: TrainingIdentity) => expect(identityHash(a)).not.toBe(identityHash(b));

  it('never differs between "auto" and a missing hyperparameter', () => {
    same(
      identity({ method: { type: "supervised", hyperparameters: { n_epochs: 3 } } }),
      identity({
        method: {
          type: "supervised",
          hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: "auto" },
        },
      }),
    );
    same(
      identity({ method: { type: "dpo", hyperparameters: {} } }),
      identity({ method: { type: "dpo", hyperparameters: hp({ beta: null }) } }),
    );
  });

  it("equals numbers given as strings to numbers", () => {
    same(
      identity(),
      identity({
        method: {
          type: "supervised",
          hyperparameters: hp({ n_epochs: "3", batch_size: "1", learning_rate_multiplier: "1.0" }),
        },
      }),
    );
  });

  it("does not depend on the key order of the identity, the method or its hyperparameters", () => {
    const reordered = {
      trainingType: "GlobalStandard",
      suffix: "clippy",
      seed: 42,
      method: {
        hyperparameters: { learning_rate_multiplier: 1, batch_size: 1, n_epochs: 3 },
        type: "supervised" as const,
      },
      validationFileSha256: SHA_V,
      trainingFileSha256: SHA_A,
      baseModel: "gpt-4.1-mini-2025-04-14",
    };
    same(identity(), reordered);
  });

  it("reads the training type case-insensitively", () => {
    same(identity({ trainingType: "GlobalStandard" }), identity({ trainingType: "globalstandard" }));
    same(identity({ trainingType: "Developer" }), identity({ trainingType: "DEVELOPER" }));
  });

  it("ignores what does not train differently: an empty suffix, an empty validation sha, hyperparameters of another method", () => {
    same(identity({ suffix: undefined }), identity({ suffix: "" }));
    same(identity({ validationFileSha256: undefined }), identity({ validationFileSha256: "" }));
    same(
      identity(),
      identity({
        method: {
          type: "supervised",
          hyperparameters: hp({ n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1, beta: 0.5 }),
        },
      }),
    );
  });

  it("changes with every identity key, seed 0 included (it is a seed, not 'no seed')", () => {
    const base = identity();
    const changes: Partial<TrainingIdentity>[] = [
      { baseModel: "gpt-4o-mini-2024-07-18" },
      { trainingFileSha256: SHA_B },
      { validationFileSha256: SHA_B },
      { validationFileSha256: undefined },
      { method: { type: "dpo", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } } },
      { method: { type: "supervised", hyperparameters: { n_epochs: 4, batch_size: 1, learning_rate_multiplier: 1 } } },
      { method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 2, learning_rate_multiplier: 1 } } },
      {
        method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 0.5 } },
      },
      {
        method: {
          type: "supervised",
          hyperparameters: { n_epochs: "auto", batch_size: 1, learning_rate_multiplier: 1 },
        },
      },
      { seed: 43 },
      { seed: 0 },
      { seed: undefined },
      { suffix: "clippy2" },
      { suffix: undefined },
      { trainingType: "Standard" },
    ];
    const hashes = changes.map((c) => identityHash(identity(c)));
    for (const h of hashes) expect(h).not.toBe(identityHash(base));
    // seed 0 and "no seed" are two different identities, and so are all the others.
    differ(identity({ seed: 0 }), identity({ seed: undefined }));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("is the same hash for an identity and its normalized form (state holds identityOf's output)", () => {
    const raw = identity({
      method: { type: "supervised", hyperparameters: hp({ n_epochs: "3" }) },
      trainingType: "GLOBALSTANDARD",
    });
    expect(identityHash(identityOf(raw))).toBe(identityHash(raw));
    expect(identityOf(raw).trainingType).toBe("globalstandard");
  });

  it("does not crash on the unknown sentinel and gives another hash than any known value", () => {
    const unknownBase = identity({ baseModel: UNKNOWN });
    const unknownEpochs = identity({
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: UNKNOWN as never, batch_size: 1, learning_rate_multiplier: 1 },
      },
    });
    expect(() => identityHash(unknownBase)).not.toThrow();
    expect(() => identityHash(unknownEpochs)).not.toThrow();
    differ(unknownBase, identity());
    differ(unknownEpochs, identity());
  });
});

describe("jobTag", () => {
  const tag = (stack: string, resource: string, id: TrainingIdentity) => jobTag(stack, resource, id);

  it("is the same for the same stack, resource and identity, however the identity is spelled", () => {
    const spelledOtherwise = identity({
      method: {
        type: "supervised",
        hyperparameters: hp({ n_epochs: "3", batch_size: 1, learning_rate_multiplier: 1 }),
      },
      trainingType: "globalstandard",
    });
    expect(tag("dev", "clippy", identity())).toBe(tag("dev", "clippy", { ...identity() }));
    expect(tag("dev", "clippy", spelledOtherwise)).toBe(tag("dev", "clippy", identity()));
  });

  it("differs when the stack, the resource or the identity differs, and cannot be confused across the separator", () => {
    const base = tag("dev", "clippy", identity());
    const others = [
      tag("prod", "clippy", identity()),
      tag("dev", "clippy2", identity()),
      tag("dev", "clippy", identity({ seed: 7 })),
      tag("dev", "clippy", identity({ trainingFileSha256: SHA_B })),
    ];
    for (const other of others) expect(other).not.toBe(base);
    expect(tag("de", "vclippy", identity())).not.toBe(base);
  });

  it("fits a metadata value: 40 lowercase hex characters", () => {
    expect(tag("dev", "clippy", identity())).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("retrainReasons", () => {
  it("finds nothing when the identity only differs in spelling", () => {
    const echoed = identity({
      method: {
        type: "supervised",
        hyperparameters: hp({ n_epochs: "3", batch_size: "1", learning_rate_multiplier: 1 }),
      },
      trainingType: "globalStandard",
    });
    expect(retrainReasons(identity(), echoed)).toEqual({ keys: [], reasons: [] });
    const auto = identity({ method: { type: "supervised", hyperparameters: { n_epochs: "auto" } } });
    expect(retrainReasons(auto, identity({ method: { type: "supervised", hyperparameters: {} } }))).toEqual({
      keys: [],
      reasons: [],
    });
  });

  // Each change: the key it is reported under, and the old and new values the reason must name, in that order.
  const cases: { name: string; change: Partial<TrainingIdentity>; key: string; old: string; new: string }[] = [
    {
      name: "base model",
      change: { baseModel: "gpt-4o-mini-2024-07-18" },
      key: "baseModel",
      old: "gpt-4.1-mini-2025-04-14",
      new: "gpt-4o-mini-2024-07-18",
    },
    {
      name: "training data",
      change: { trainingFileSha256: SHA_B },
      key: "trainingFileSha256",
      old: SHA_A.slice(0, 8),
      new: SHA_B.slice(0, 8),
    },
    {
      name: "validation data",
      change: { validationFileSha256: SHA_B },
      key: "validationFileSha256",
      old: SHA_V.slice(0, 8),
      new: SHA_B.slice(0, 8),
    },
    {
      name: "validation data removed",
      change: { validationFileSha256: undefined },
      key: "validationFileSha256",
      old: SHA_V.slice(0, 8),
      new: "none",
    },
    {
      name: "method type",
      change: { method: { type: "dpo", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } } },
      key: "method",
      old: "supervised",
      new: "dpo",
    },
    {
      name: "a hyperparameter",
      change: {
        method: { type: "supervised", hyperparameters: { n_epochs: 5, batch_size: 1, learning_rate_multiplier: 1 } },
      },
      key: "method",
      old: "3",
      new: "5",
    },
    {
      name: "a hyperparameter back to auto",
      change: { method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1 } } },
      key: "method",
      old: "1",
      new: "auto",
    },
    { name: "seed", change: { seed: 7 }, key: "seed", old: "42", new: "7" },
    { name: "seed removed", change: { seed: undefined }, key: "seed", old: "42", new: "random" },
    { name: "suffix", change: { suffix: "clippy-v2" }, key: "suffix", old: "clippy", new: "clippy-v2" },
    {
      name: "training type",
      change: { trainingType: "Developer" },
      key: "trainingType",
      old: "globalstandard",
      new: "developer",
    },
  ];
  const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  for (const c of cases) {
    it(`names old -> new when the ${c.name} changes`, () => {
      const { keys, reasons } = retrainReasons(identity(), identity(c.change));
      expect(keys).toEqual([c.key]);
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(new RegExp(`${escapeRegex(c.old)}.*->.*${escapeRegex(c.new)}`));
    });
  }

  it("gives one reason per changed hyperparameter, under one key, naming each", () => {
    const news = identity({
      method: { type: "supervised", hyperparameters: { n_epochs: 4, batch_size: 2, learning_rate_multiplier: 1 } },
    });
    const { keys, reasons } = retrainReasons(identity(), news);
    expect(keys).toEqual(["method"]);
    expect(reasons).toHaveLength(2);
    expect(reasons.some((r) => r.includes("n_epochs") && /3.*->.*4/.test(r))).toBe(true);
    expect(reasons.some((r) => r.includes("batch_size") && /1.*->.*2/.test(r))).toBe(true);
  });

  it("reports several changed keys together, each once", () => {
    const { keys, reasons } = retrainReasons(identity(), identity({ seed: 1, suffix: "x", trainingFileSha256: SHA_B }));
    expect([...keys].sort()).toEqual(["seed", "suffix", "trainingFileSha256"]);
    expect(reasons).toHaveLength(3);
  });

  it("reports an unknown base model (its upstream model retrains) as a change, without crashing", () => {
    const { keys, reasons } = retrainReasons(identity(), identity({ baseModel: UNKNOWN }));
    expect(keys).toEqual(["baseModel"]);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/base model/);
  });

  it("reports an unknown hyperparameter as a change of the method, without crashing", () => {
    const news = identity({
      method: {
        type: "supervised",
        hyperparameters: { n_epochs: UNKNOWN as never, batch_size: 1, learning_rate_multiplier: 1 },
      },
    });
    const { keys, reasons } = retrainReasons(identity(), news);
    expect(keys).toEqual(["method"]);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain("n_epochs");
    expect(reasons[0]).not.toContain(String(UNKNOWN)); // the reviewer reads words, not the preview's sentinel
  });
});
