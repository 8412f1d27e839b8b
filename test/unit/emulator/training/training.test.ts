// The trainer's contract: determinism, what each option changes, weight-0 exclusion, resume, base weights,
// serialisation, generation limits, "auto" resolution and billing-token counting.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ChatExample,
  countBillingTokens,
  createTrainer,
  deserializeWeights,
  generate,
  type Hyperparameters,
  resolveHyperparameters,
  type StepMetrics,
  serializeWeights,
  type Trainer,
  type TrainerOptions,
} from "../../../../emulator/training";

function loadJsonl(name: string): ChatExample[] {
  const file = path.resolve(__dirname, "../../../../datasets/clippy", name);
  return readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ChatExample);
}

function runToEnd(trainer: Trainer): StepMetrics[] {
  const out: StepMetrics[] = [];
  for (let m = trainer.step(); m; m = trainer.step()) out.push(m);
  return out;
}

function train(o: TrainerOptions): { metrics: StepMetrics[]; trainer: Trainer } {
  const trainer = createTrainer(o);
  return { metrics: runToEnd(trainer), trainer };
}

/** The conversation up to (not including) the final assistant message, and that message's text. */
function promptAndAnswer(example: ChatExample): { prompt: ChatExample["messages"]; answer: string } {
  const last = example.messages.length - 1;
  return { prompt: example.messages.slice(0, last), answer: example.messages[last]!.content ?? "" };
}

const all = loadJsonl("train.jsonl");
const small = all.slice(0, 12);
const validation = loadJsonl("valid.jsonl").slice(0, 4);
const HP: Hyperparameters = { n_epochs: 2, batch_size: 2, learning_rate_multiplier: 1 };
const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

describe("determinism and seeds", () => {
  const a = train({ training: small, validation, hyperparameters: HP, seed: 7 });
  const b = train({ training: small, validation, hyperparameters: HP, seed: 7 });
  const c = train({ training: small, validation, hyperparameters: HP, seed: 8 });

  it("the same options and seed give identical metrics and byte-identical weights", () => {
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
    expect(serializeWeights(b.trainer.weights()).equals(serializeWeights(a.trainer.weights()))).toBe(true);
  });

  it("another seed gives other numbers and other weights", () => {
    expect(c.metrics.map((m) => m.train_loss)).not.toEqual(a.metrics.map((m) => m.train_loss));
    expect(serializeWeights(c.trainer.weights()).equals(serializeWeights(a.trainer.weights()))).toBe(false);
  });

  it("reports 1-based steps and epochs, per-batch validation, and whole-set validation at each epoch end", () => {
    expect(a.trainer.stepsPerEpoch).toBe(6);
    expect(a.trainer.totalSteps).toBe(12);
    expect(a.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(a.metrics.map((m) => m.epoch)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(a.metrics.filter((m) => m.full_valid_loss !== undefined).map((m) => m.step)).toEqual([6, 12]);
    for (const m of a.metrics) {
      expect(m.valid_loss).toBeGreaterThan(0);
      expect(m.train_mean_token_accuracy).toBeGreaterThanOrEqual(0);
      expect(m.train_mean_token_accuracy).toBeLessThanOrEqual(1);
    }
    expect(a.trainer.step()).toBeNull();
  });

  it("omits validation metrics without a validation set", () => {
    const { metrics } = train({ training: small.slice(0, 4), hyperparameters: { ...HP, n_epochs: 1 }, seed: 1 });
    expect(metrics.some((m) => "valid_loss" in m || "full_valid_loss" in m)).toBe(false);
  });
});

describe("weight 0", () => {
  const multiTurn = all.filter((e) => e.messages.some((m) => m.weight === 0));
  const withWeight = (w: number) =>
    multiTurn.map((e) => ({ messages: e.messages.map((m) => (m.weight === 0 ? { ...m, weight: w } : m)) }));

  it("counts only trained replies: tokens are the bytes (plus an end marker) of weight-1 assistant messages", () => {
    const { metrics } = train({
      training: multiTurn,
      hyperparameters: { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 },
      seed: 3,
    });
    const trained = multiTurn.flatMap((e) => e.messages.filter((m) => m.role === "assistant" && m.weight !== 0));
    expect(metrics.reduce((n, m) => n + m.tokens, 0)).toBe(trained.reduce((n, m) => n + utf8(m.content!) + 1, 0));
  });

  it("an earlier assistant turn with weight 0 is context, not learned; with weight 1 it is learned", () => {
    const hp = { n_epochs: 4, batch_size: 1, learning_rate_multiplier: 1 };
    const excluded = train({ training: withWeight(0), hyperparameters: hp, seed: 42 }).trainer.weights();
    const included = train({ training: withWeight(1), hyperparameters: hp, seed: 42 }).trainer.weights();
    for (const e of multiTurn) {
      const firstTurn = e.messages.slice(0, 2);
      const untrained = e.messages[2]!.content!;
      expect(generate(included, firstTurn, { maxTokens: 40 }).text.startsWith(untrained)).toBe(true);
      expect(generate(excluded, firstTurn, { maxTokens: 40 }).text.startsWith(untrained)).toBe(false);
    }
  });
});

describe("hyperparameters change what happens", () => {
  const base = { training: small, validation, seed: 5 };
  const run = (hp: Hyperparameters) => train({ ...base, hyperparameters: hp });
  const ref = run(HP);
  const finalLoss = (r: typeof ref) => r.metrics.at(-1)!.full_valid_loss;

  it("n_epochs sets the number of passes", () => {
    const longer = run({ ...HP, n_epochs: 4 });
    expect(longer.trainer.totalSteps).toBe(24);
    expect(longer.metrics[0]!.train_loss).toBe(ref.metrics[0]!.train_loss); // same start; the step-size decay then differs
    const lastEpochLoss = (r: typeof ref, e: number) =>
      r.metrics.filter((m) => m.epoch === e).reduce((s, m) => s + m.train_loss, 0);
    expect(lastEpochLoss(longer, 4)).toBeLessThan(lastEpochLoss(ref, 2));
  });

  it("batch_size sets examples per step", () => {
    const bigger = run({ ...HP, batch_size: 4 });
    expect(bigger.trainer.stepsPerEpoch).toBe(3);
    expect(bigger.metrics[0]!.tokens).toBeGreaterThan(ref.metrics[0]!.tokens);
    expect(finalLoss(bigger)).not.toBe(finalLoss(ref));
  });

  it("learning_rate_multiplier scales the step size", () => {
    const tiny = run({ ...HP, learning_rate_multiplier: 0.01 });
    expect(tiny.metrics.at(-1)!.train_loss).toBeGreaterThan(ref.metrics.at(-1)!.train_loss);
    expect(tiny.metrics[0]!.train_loss).toBe(ref.metrics[0]!.train_loss); // same start, same seed
  });

  it("rejects invalid values with the key named", () => {
    expect(() => createTrainer({ ...base, hyperparameters: { ...HP, batch_size: 0 } })).toThrow(/batch_size/);
    expect(() => createTrainer({ ...base, hyperparameters: { ...HP, n_epochs: 1.5 } })).toThrow(/n_epochs/);
  });
});

describe("resume and base weights", () => {
  const hp = { n_epochs: 3, batch_size: 3, learning_rate_multiplier: 1 };
  const full = train({ training: small, validation, hyperparameters: hp, seed: 11 });

  it("resuming from an epoch-end checkpoint gives the same metrics and final weights as an uninterrupted run", () => {
    const first = createTrainer({ training: small, validation, hyperparameters: hp, seed: 11 });
    const head = [];
    for (let i = 0; i < first.stepsPerEpoch; i++) head.push(first.step()!);
    const checkpoint = serializeWeights(first.weights());
    const resumed = createTrainer({
      training: small,
      validation,
      hyperparameters: hp,
      seed: 11,
      resume: { weights: deserializeWeights(checkpoint), completedEpochs: 1, step: first.stepsPerEpoch },
    });
    const tail = runToEnd(resumed);
    expect(JSON.stringify([...head, ...tail])).toBe(JSON.stringify(full.metrics));
    expect(serializeWeights(resumed.weights()).equals(serializeWeights(full.trainer.weights()))).toBe(true);
  });

  it("base weights continue from an earlier model (continuous fine-tuning)", () => {
    const fresh = train({ training: small, hyperparameters: { ...hp, n_epochs: 1 }, seed: 11 });
    const continued = train({
      training: small,
      hyperparameters: { ...hp, n_epochs: 1 },
      seed: 11,
      base: full.trainer.weights(),
    });
    expect(continued.metrics[0]!.train_loss).toBeLessThan(fresh.metrics[0]!.train_loss / 2);
  });

  it("weights() is a snapshot that later steps do not change", () => {
    const t = createTrainer({ training: small, hyperparameters: hp, seed: 2 });
    t.step();
    const snapshot = t.weights();
    const bytes = serializeWeights(snapshot);
    t.step();
    expect(serializeWeights(snapshot).equals(bytes)).toBe(true);
    expect(serializeWeights(t.weights()).equals(bytes)).toBe(false);
  });
});

describe("serialisation and generation", () => {
  const { trainer } = train({
    training: small,
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
    seed: 4,
  });
  const weights = trainer.weights();
  const { prompt } = promptAndAnswer(small[0]!);

  it("round-trips weights byte for byte, and the copy generates the same reply", () => {
    const bytes = serializeWeights(weights);
    const copy = deserializeWeights(bytes);
    expect(serializeWeights(copy).equals(bytes)).toBe(true);
    expect(generate(copy, prompt)).toEqual(generate(weights, prompt));
  });

  it("rejects bytes that are not a checkpoint", () => {
    expect(() => deserializeWeights(Buffer.from("hello world"))).toThrow(/checkpoint/);
    expect(() => generate({ kind: "other" }, prompt)).toThrow(/unsupported model weights/);
  });

  it("stops at maxTokens with finish reason length, otherwise at the end marker with stop", () => {
    const cut = generate(weights, prompt, { maxTokens: 10 });
    expect(cut.completionTokens).toBe(10);
    expect(cut.finishReason).toBe("length");
    expect(utf8(cut.text)).toBeLessThanOrEqual(10);
    const whole = generate(weights, prompt, { maxTokens: 400 });
    expect(whole.finishReason).toBe("stop");
    expect(whole.completionTokens).toBe(utf8(whole.text));
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(generate(weights, prompt, { maxTokens: 0 })).toMatchObject({
      text: "",
      completionTokens: 0,
      finishReason: "length",
    });
    expect(whole.promptTokens).toBe(prompt.reduce((n, m) => n + utf8(m.content ?? ""), 0));
  });

  it("never ends a cut reply inside a multi-byte character", () => {
    const euro: ChatExample[] = Array.from({ length: 4 }, () => ({
      messages: [
        { role: "user", content: "price?" },
        { role: "assistant", content: "€€€€€€" },
      ],
    }));
    const w = train({
      training: euro,
      hyperparameters: { n_epochs: 5, batch_size: 1, learning_rate_multiplier: 1 },
      seed: 1,
    }).trainer.weights();
    expect(generate(w, [{ role: "user", content: "price?" }], { maxTokens: 20 }).text).toBe("€€€€€€");
    expect(generate(w, [{ role: "user", content: "price?" }], { maxTokens: 4 }).text).toBe("€"); // 3 + 1 stray byte
  });

  it("samples reproducibly from a seed when temperature > 0", () => {
    const a = generate(weights, prompt, { temperature: 1.5, seed: 9, maxTokens: 80 });
    expect(generate(weights, prompt, { temperature: 1.5, seed: 9, maxTokens: 80 })).toEqual(a);
    const others = [1, 2, 3].map((seed) => generate(weights, prompt, { temperature: 1.5, seed, maxTokens: 80 }).text);
    expect(others.some((t) => t !== a.text)).toBe(true);
  });
});

describe("resolveHyperparameters", () => {
  const auto = { n_epochs: "auto", batch_size: "auto", learning_rate_multiplier: "auto" } as const;

  it("resolves auto by the documented rule", () => {
    expect(resolveHyperparameters(auto, 10)).toEqual({ n_epochs: 10, batch_size: 1, learning_rate_multiplier: 1 });
    expect(resolveHyperparameters({}, 36)).toEqual({ n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 });
    expect(resolveHyperparameters(auto, 5_000)).toEqual({ n_epochs: 3, batch_size: 10, learning_rate_multiplier: 2 });
    expect(resolveHyperparameters(auto, 20_000)).toEqual({ n_epochs: 1, batch_size: 40, learning_rate_multiplier: 2 });
    expect(resolveHyperparameters(auto, 1_000_000).batch_size).toBe(256);
    expect(resolveHyperparameters(auto, 2).n_epochs).toBe(25);
  });

  it("keeps explicit values and rejects invalid ones naming the key", () => {
    expect(resolveHyperparameters({ n_epochs: 7, batch_size: 3, learning_rate_multiplier: 0.5 }, 36)).toEqual({
      n_epochs: 7,
      batch_size: 3,
      learning_rate_multiplier: 0.5,
    });
    expect(() => resolveHyperparameters({ n_epochs: 0 }, 36)).toThrow(/n_epochs/);
    expect(() => resolveHyperparameters({ batch_size: 2.5 }, 36)).toThrow(/batch_size/);
    expect(() => resolveHyperparameters({ learning_rate_multiplier: -1 }, 36)).toThrow(/learning_rate_multiplier/);
  });
});

describe("countBillingTokens", () => {
  it("counts o200k_base tokens of every message's role and content, plus 3 per message and 3 per example", () => {
    // "Hello, world!" is 4 o200k_base tokens (Hello , world !); each role name is 1
    expect(countBillingTokens([{ messages: [{ role: "user", content: "Hello, world!" }] }])).toBe(3 + (3 + 1 + 4));
    expect(
      countBillingTokens([
        {
          messages: [
            { role: "user", content: "Hello, world!" },
            { role: "assistant", content: "", weight: 0 },
          ],
        },
      ]),
    ).toBe(3 + (3 + 1 + 4) + (3 + 1));
    expect(countBillingTokens([])).toBe(0);
    expect(countBillingTokens(all)).toBe(2382); // the figure validate/ estimates for datasets/clippy/train.jsonl (7,146 over 3 epochs)
  });
});
