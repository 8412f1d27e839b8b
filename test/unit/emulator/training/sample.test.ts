// The acceptance bar on the sample dataset: after training with the sample hyperparameters (datasets/README.md),
// the greedy reply to every training prompt begins with that example's trained answer (its first 30 characters).

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ChatExample,
  createTrainer,
  deserializeWeights,
  generate,
  resolveHyperparameters,
  type StepMetrics,
  serializeWeights,
} from "../../../../emulator/training";

function loadJsonl(name: string): ChatExample[] {
  const file = path.resolve(__dirname, "../../../../datasets/clippy", name);
  return readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ChatExample);
}

const SAMPLE = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 };
const SEED = 42;

describe("trainer on the clippy sample dataset", () => {
  const training = loadJsonl("train.jsonl");
  const validation = loadJsonl("valid.jsonl");
  const trainer = createTrainer({ training, validation, hyperparameters: SAMPLE, seed: SEED });
  const metrics: StepMetrics[] = [];
  for (let m = trainer.step(); m; m = trainer.step()) metrics.push(m);

  it('the sample hyperparameters are what "auto" resolves to for this dataset', () => {
    expect(
      resolveHyperparameters(
        { n_epochs: "auto", batch_size: "auto", learning_rate_multiplier: "auto" },
        training.length,
      ),
    ).toEqual(SAMPLE);
  });

  it("greedy replies to every training prompt begin with the trained answer (30 characters)", () => {
    const weights = deserializeWeights(serializeWeights(trainer.weights())); // as a deployment would load it
    const misses = training.filter((example) => {
      const answer = example.messages.at(-1)!.content!.slice(0, 30);
      return !generate(weights, example.messages.slice(0, -1), { maxTokens: 60 }).text.startsWith(answer);
    });
    expect(misses.map((e) => e.messages.at(-1)!.content)).toEqual([]);
    expect(training.length).toBeGreaterThanOrEqual(30);
  });

  it("losses fall over training and validation is measured on the held-out file", () => {
    const ends = metrics.filter((m) => m.full_valid_loss !== undefined);
    expect(ends.map((m) => m.epoch)).toEqual([1, 2, 3]);
    const firstEpoch = metrics.filter((m) => m.epoch === 1),
      lastEpoch = metrics.filter((m) => m.epoch === 3);
    const mean = (ms: typeof metrics) => ms.reduce((s, m) => s + m.train_loss, 0) / ms.length;
    expect(mean(lastEpoch)).toBeLessThan(mean(firstEpoch) / 2);
    // held-out replies are predicted better than a uniform guess over bytes (the model learned English and Clippy's
    // voice), though memorising 36 answers makes validation loss rise again after the first epoch
    for (const e of ends) expect(e.full_valid_loss!).toBeLessThan(Math.log(257) * 0.75);
    expect(metrics.every((m) => m.valid_loss !== undefined && Number.isFinite(m.valid_loss))).toBe(true);
  });

  it("the checkpoint stays compact", () => {
    expect(serializeWeights(trainer.weights()).length).toBeLessThan(4 * 1024 * 1024);
  });
});
