// The emulator's pure pieces: training-file checks, job body validation, results.csv, faults, pagination.
import { describe, expect, it } from "vitest";
import { Faults } from "../../emulator/domain/faults";
import { parseJobRequest } from "../../emulator/domain/job-request";
import { resultsCsv } from "../../emulator/domain/results-csv";
import { checkLine } from "../../emulator/domain/training-file";
import { ServiceError } from "../../emulator/http/errors";
import { page } from "../../emulator/http/paging";
import { LENIENT, STRICT } from "../../emulator/strictness";

const line = (messages: unknown[]) => JSON.stringify({ messages });
const user = { role: "user", content: "hi" };

describe("training-file line checks", () => {
  it("accepts chat lines and keeps weights", () => {
    const r = checkLine(
      line([user, { role: "assistant", content: "a", weight: 0 }, { role: "assistant", content: "b" }]),
      "f line 1",
    );
    expect(r).toEqual({
      ok: true,
      format: "chat",
      example: {
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "a", weight: 0 },
          { role: "assistant", content: "b" },
        ],
      },
    });
  });
  it.each([
    ["{", /f line 1: not valid JSON/],
    [JSON.stringify({ prompt: "x" }), /key 'messages': must be a non-empty array/],
    [line([{ role: "bot", content: "x" }]), /key 'messages\[0\]\.role': must be one of system, user, assistant, tool/],
    [
      line([user, { role: "assistant", content: "x", weight: 2 }]),
      /key 'messages\[1\]\.weight': must be 0 or 1 \(got 2\)/,
    ],
    [
      line([
        { ...user, weight: 1 },
        { role: "assistant", content: "x" },
      ]),
      /key 'messages\[0\]\.weight': only assistant messages may carry a weight/,
    ],
    [line([user, { role: "assistant", content: "x", weight: 0 }]), /needs at least one assistant message/],
    [
      line([
        { role: "user", content: null },
        { role: "assistant", content: "x" },
      ]),
      /messages\[0\]\.content': may be null only for assistant/,
    ],
    [
      JSON.stringify({ input: {}, preferred_output: [], non_preferred_output: [] }),
      /key 'input\.messages': must be a non-empty array/,
    ],
    [
      JSON.stringify({ input: { messages: [user] }, preferred_output: [{ role: "assistant", content: "a" }] }),
      /missing non_preferred_output: a preference \(DPO\) line/,
    ],
    [
      JSON.stringify({
        input: { messages: [user] },
        preferred_output: [{ role: "user", content: "a" }],
        non_preferred_output: [{ role: "assistant", content: "b" }],
      }),
      /key 'preferred_output': holds role 'user'/,
    ],
    [
      JSON.stringify({
        input: { messages: [user], extra: 1 },
        preferred_output: [{ role: "assistant", content: "a" }],
        non_preferred_output: [{ role: "assistant", content: "b" }],
      }),
      /key 'input': has unexpected extra/,
    ],
    [
      JSON.stringify({
        input: { messages: [user] },
        preferred_output: [{ role: "assistant", content: "a" }],
        non_preferred_output: [{ role: "tool", content: "b" }],
      }),
      /key 'non_preferred_output': has no assistant message/,
    ],
  ])("rejects %s", (text, error) => {
    const r = checkLine(text, "f line 1");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });
});

const V1_STRICT = { surface: "v1" as const, strict: STRICT };

describe("strict surfaces (strictness.ts)", () => {
  const body = {
    model: "m",
    training_file: "f",
    metadata: { tag: "x" },
    method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
  };
  it("the dated surface drops metadata and the nested supervised hyperparameters its spec lacks", () => {
    expect(parseJobRequest(body, { surface: "dated", strict: STRICT })).toMatchObject({
      metadata: null,
      requested: {},
    });
    expect(
      parseJobRequest({ ...body, hyperparameters: { n_epochs: 2 } }, { surface: "dated", strict: STRICT }),
    ).toMatchObject({ requested: { n_epochs: 2 } });
  });
  it("v1, and the lenient dated surface, keep both", () => {
    for (const rules of [V1_STRICT, { surface: "dated" as const, strict: LENIENT }]) {
      expect(parseJobRequest(body, rules)).toMatchObject({ metadata: { tag: "x" }, requested: { n_epochs: 2 } });
    }
  });
});

describe("job body validation", () => {
  const base = { model: "m", training_file: "file-1" };
  it("normalises defaults and accepts the method form", () => {
    const r = parseJobRequest(
      {
        ...base,
        method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2, batch_size: "auto" } } },
        trainingType: "DEVELOPERTIER",
      },
      V1_STRICT,
    );
    expect(r).toMatchObject({
      requested: { n_epochs: 2, batch_size: "auto" },
      trainingType: "developerTier",
      suffix: null,
      seed: null,
    });
  });
  it.each([
    [{ model: "" }, "model"],
    [{ suffix: "a b" }, "suffix"],
    [{ seed: 2 ** 31 }, "seed"],
    [{ hyperparameters: { learning_rate_multiplier: 0 } }, "hyperparameters.learning_rate_multiplier"],
    [{ hyperparameters: { warmup: 1 } }, "hyperparameters.warmup"],
    [{ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
    [{ method: { type: "supervised", supervised: { hyperparameters: {}, beta: 0.1 } } }, "method.supervised.beta"],
    [{ method: { type: "dpo", dpo: { beta: 0.1 } } }, "method.dpo.beta"],
    [{ method: { type: "dpo", supervised: {} } }, "method.supervised"],
  ])("names the bad parameter: %j", (patch, param) => {
    try {
      parseJobRequest({ ...base, ...patch }, V1_STRICT);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).param).toBe(param);
      expect((e as ServiceError).status).toBe(400);
    }
  });
});

describe("results.csv", () => {
  it("has the documented header and empty cells for absent metrics", () => {
    expect(
      resultsCsv([
        {
          step: 1,
          train_loss: 1.234567,
          train_mean_token_accuracy: 0.5,
          valid_loss: 2,
          valid_mean_token_accuracy: 0.25,
        },
        {
          step: 2,
          train_loss: 1,
          train_mean_token_accuracy: 0.75,
          full_valid_loss: 1.5,
          full_valid_mean_token_accuracy: 0.6,
        },
      ]),
    ).toBe(
      [
        "step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy",
        "1,1.23457,0.50000,2.00000,0.25000,,",
        "2,1.00000,0.75000,,,1.50000,0.60000",
        "",
      ].join("\n"),
    );
  });
});

describe("faults", () => {
  it("matches route and method, and repeats decisions for a seed", () => {
    const rules = { rules: [{ route: "^/openai/files", method: "POST", rate429: 0.5, retryAfterSeconds: 3 }], seed: 9 };
    const run = () => {
      const f = new Faults(rules);
      return Array.from({ length: 20 }, () => f.decide("POST", "/openai/files").kind);
    };
    expect(run()).toEqual(run());
    expect(new Set(run())).toEqual(new Set(["none", "429"]));
    const f = new Faults(rules);
    expect(Array.from({ length: 20 }, () => f.decide("GET", "/openai/files").kind).every((k) => k === "none")).toBe(
      true,
    );
  });
  it("rejects bad rules with the rule's position", () => {
    expect(() => new Faults({ rules: [{}, { route: "(" }] })).toThrow(/rules\[1\]\.route/);
    expect(() => new Faults({ rules: [{ dropRate: -1 }] })).toThrow(/rules\[0\]\.dropRate/);
  });
});

describe("pagination", () => {
  const items = ["a", "b", "c", "d"].map((id) => ({ id }));
  it("continues after the last id seen", () => {
    expect(page(items, { limit: "2" }, 20, 100)).toEqual({ data: [{ id: "a" }, { id: "b" }], has_more: true });
    expect(page(items, { after: "b", limit: "2" }, 20, 100)).toEqual({
      data: [{ id: "c" }, { id: "d" }],
      has_more: false,
    });
    expect(() => page(items, { limit: "0" }, 20, 100)).toThrow(/limit/);
    expect(() => page(items, { after: "zz" }, 20, 100)).toThrow(/after/);
  });
});
