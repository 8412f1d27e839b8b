// The catalogue of methods and hyperparameters (azure/methods.ts) against everything derived from it: every
// hyperparameter the stack config accepts is part of the training identity and retrains when it changes, the
// create body carries it to the service on both surfaces, and the local service refuses exactly what the config
// refuses. The config's keys are read from its zod schema, not from the catalogue, so a key added to the schema
// alone fails here.
import { describe, expect, it } from "vitest";
import {
  describeBounds,
  type HyperparameterSpec,
  hyperparametersOf,
  identityHyperparameters,
  isMethodType,
  METHOD_TYPES,
  type MethodType,
  withinBounds,
} from "../../../azure/methods";
import { parseJobRequest } from "../../../emulator/domain/job-request";
import { STRICT } from "../../../emulator/strictness";
import { jobCreateWireBody } from "../../../foundry/job-wire";
import { HYPERPARAMETER_SCHEMAS, parseStackConfig } from "../../../program/config";
import { diffJob, type JobOutputs } from "../../../resources/fine-tuning-job/contract";
import { createBody } from "../../../resources/fine-tuning-job/create-body";
import { identityOf, normalizeMethod } from "../../../resources/fine-tuning-job/identity";
import { jobInputs } from "../../support/resource-fixtures";

const configKeys = (method: MethodType) => Object.keys(HYPERPARAMETER_SCHEMAS[method].shape).sort();

/** The stack config of one model with these method settings, parsed; a ConfigError's message when refused. */
function parseMethod(method: Record<string, unknown>): {
  method?: { type: MethodType; hyperparameters: Record<string, unknown> };
  error?: string;
} {
  const raw = {
    account: { name: "dev" },
    models: { m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl", method } },
  };
  try {
    return { method: parseStackConfig(raw).models.m!.method };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Two different values the spec allows (neither "auto"). */
function twoValid(spec: HyperparameterSpec): [number, number] {
  const low = spec.minExclusive ? spec.min + (spec.type === "int" ? 1 : (spec.max - spec.min) / 4) : spec.min;
  return [low, spec.max];
}

/** Values at and around each bound, of the wrong type, and the wrong shape. */
function probes(spec: HyperparameterSpec): unknown[] {
  return [
    spec.min,
    spec.min + 1e-6,
    spec.min - 1,
    spec.min + 0.5,
    spec.max,
    spec.max + 1e-6,
    spec.max + 1,
    -1,
    0,
    "auto",
    "fast",
    "3",
    null,
    true,
  ];
}

const everyHyperparameter = METHOD_TYPES.flatMap((method) =>
  Object.entries(hyperparametersOf(method)).map(([key, spec]) => ({ method, key, spec })),
);

describe("the catalogue is what the config accepts", () => {
  it("has a config schema for every method, and the config accepts every method type", () => {
    expect(Object.keys(HYPERPARAMETER_SCHEMAS).sort()).toEqual([...METHOD_TYPES].sort());
    for (const type of METHOD_TYPES) expect(parseMethod({ type }).method).toEqual({ type, hyperparameters: {} });
  });

  it.each(METHOD_TYPES)("%s: the config's hyperparameters are the catalogue's", (method) => {
    expect(configKeys(method)).toEqual(Object.keys(hyperparametersOf(method)).sort());
  });
});

describe("every configurable hyperparameter is part of the training identity", () => {
  it.each(METHOD_TYPES)("%s: the config's keys (from its schema) are the identity's keys", (method) => {
    expect(Object.keys(normalizeMethod({ type: method }).hyperparameters).sort()).toEqual(configKeys(method));
    expect([...identityHyperparameters(method)].sort()).toEqual(configKeys(method));
  });

  it.each(everyHyperparameter)(
    "$method $key: a configured value reaches the identity as configured",
    ({ method, key, spec }) => {
      const [value] = twoValid(spec);
      const parsed = parseMethod({ type: method, hyperparameters: { [key]: value } }).method!;
      expect(normalizeMethod(parsed).hyperparameters[key]).toBe(value);
    },
  );

  it.each(everyHyperparameter)(
    "$method $key: changing it retrains, and the reason names it",
    ({ method, key, spec }) => {
      const [a, b] = twoValid(spec);
      const withValue = (value: number | "auto") =>
        jobInputs({ method: { type: method, hyperparameters: { [key]: value } } });
      const olds: JobOutputs = { ...withValue(a), jobId: "ftjob-abc", tag: "t".repeat(40), status: "succeeded" };
      for (const [news, words] of [
        [withValue(b), `${key} ${a} -> ${b}`],
        [withValue("auto"), `${key} ${a} -> auto`],
      ] as const) {
        const diff = diffJob(olds, news);
        expect(diff.replaces).toContain("method");
        expect(diff.reasons).toContain(words);
      }
      expect(identityOf(withValue(a))).not.toEqual(identityOf(withValue(b)));
    },
  );
});

describe("the local service takes what the config takes, by the same names and bounds", () => {
  it.each(everyHyperparameter)(
    "$method $key: the create body carries it to the service on both surfaces",
    ({ method, key, spec }) => {
      const [value] = twoValid(spec);
      const body = createBody(
        jobInputs({ method: { type: method, hyperparameters: { [key]: value } } }),
        "t".repeat(40),
      );
      for (const surface of ["dated", "v1"] as const) {
        const request = parseJobRequest(jobCreateWireBody(body, surface), { surface, strict: STRICT });
        expect(request.method).toBe(method);
        expect((request.requested as Record<string, unknown>)[key], surface).toBe(value);
      }
    },
  );

  it('sends only the method\'s own hyperparameters, and none left to "auto"', () => {
    const hyperparameters = { n_epochs: 2, batch_size: "auto" as const, beta: 0.5 }; // beta is dpo's only
    const body = createBody(jobInputs({ method: { type: "supervised", hyperparameters } }), "t".repeat(40));
    expect(body.method).toEqual({ type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } });
  });

  it.each(everyHyperparameter)(
    "$method $key: refuses what the config refuses, naming the key, and above a guessed bound refuses alone",
    ({ method, key, spec }) => {
      for (const value of probes(spec)) {
        const config = parseMethod({ type: method, hyperparameters: { [key]: value } });
        let serviceError: { param?: string } | undefined;
        try {
          parseJobRequest(
            {
              model: "m",
              training_file: "f",
              method: { type: method, [method]: { hyperparameters: { [key]: value } } },
            },
            { surface: "v1", strict: STRICT },
          );
        } catch (error) {
          serviceError = error as { param?: string };
        }
        // Above an undocumented upper bound (a guess), the strict local service refuses what the config lets through.
        const aboveGuess = !spec.maxDocumented && typeof value === "number" && value > spec.max;
        expect(
          serviceError === undefined,
          `${key} = ${JSON.stringify(value)}: config ${config.error ? "refuses" : "accepts"}`,
        ).toBe(config.error === undefined && !aboveGuess);
        if (aboveGuess) expect(config.error, `${key} = ${value}: Azure may allow it`).toBeUndefined();
        if (config.error) {
          expect(config.error).toContain(`foundry-finetune:models.m.method.hyperparameters.${key}:`);
          expect(serviceError).toMatchObject({ param: `method.${method}.hyperparameters.${key}` });
        }
      }
    },
  );

  it.each(METHOD_TYPES)("%s: both refuse a hyperparameter the method does not take", (method) => {
    const foreign = everyHyperparameter.find((h) => !(h.key in hyperparametersOf(method)))?.key ?? "warmup";
    expect(parseMethod({ type: method, hyperparameters: { [foreign]: 1 } }).error).toContain(
      `${method} takes no "${foreign}"`,
    );
    expect(() =>
      parseJobRequest(
        { model: "m", training_file: "f", method: { type: method, [method]: { hyperparameters: { [foreign]: 1 } } } },
        { surface: "v1", strict: STRICT },
      ),
    ).toThrow(/not a supported hyperparameter/);
  });
});

describe("the catalogue's own rules", () => {
  const rate: HyperparameterSpec = {
    type: "number",
    min: 0,
    minExclusive: true,
    max: 2,
    maxDocumented: false,
    auto: true,
    identity: true,
  };
  const count: HyperparameterSpec = {
    type: "int",
    min: 1,
    minExclusive: false,
    max: 50,
    maxDocumented: true,
    auto: false,
    identity: true,
  };

  it("states each rule in words the service's errors use", () => {
    expect(describeBounds(rate)).toBe('a number above 0 and at most 2 or "auto"');
    expect(describeBounds(count)).toBe("an integer from 1 to 50");
    expect(() =>
      parseJobRequest(
        { model: "m", training_file: "f", method: { type: "dpo", dpo: { hyperparameters: { beta: 0 } } } },
        { surface: "v1", strict: STRICT },
      ),
    ).toThrow('method.dpo.hyperparameters.beta must be a number above 0 and at most 2 or "auto".');
  });

  it("keeps each bound, inclusive or not, and refuses what is no finite number of the right kind", () => {
    expect([0, 1e-9, 2, 2 + 1e-9].map((v) => withinBounds(rate, v))).toEqual([false, true, true, false]);
    expect([0, 1, 50, 51, 1.5].map((v) => withinBounds(count, v))).toEqual([false, true, true, false, false]);
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY].map((v) => withinBounds({ ...rate, max: Number.POSITIVE_INFINITY }, v)),
    ).toEqual([false, false]);
  });

  it("knows only its own methods as method types (reinforcement is validated, not trained)", () => {
    expect(METHOD_TYPES.map(isMethodType)).toEqual(METHOD_TYPES.map(() => true));
    expect(["reinforcement", "toString", "", undefined].map(isMethodType)).toEqual([false, false, false, false]);
  });
});
