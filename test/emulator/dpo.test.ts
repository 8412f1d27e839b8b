// Direct Preference Optimization in the local service: the trainer (margins against the frozen reference, loss from
// log 2 down, determinism, resume), the HTTP API (upload pairs, train after a supervised model, echo, results.csv,
// the deployed model answers with the preferred reply) and the format/method mismatch.

import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJobRequest } from "../../emulator/domain/job-request";
import { checkLine } from "../../emulator/domain/training-file";
import { STRICT } from "../../emulator/strictness";
import type { ChatMessage, PreferenceExample } from "../../emulator/training";
import * as training from "../../emulator/training";
import {
  BASE_MODEL,
  jsonl,
  parseCsv,
  RESOURCE_GROUP,
  startEmulator,
  type TestEmulator,
  uniqueName,
  untilServing,
  waitForFile,
  waitForJob,
} from "./helpers";

const QA: Array<[string, string, string]> = [
  ["What is the capital of France?", "Paris.", "Lyon."],
  ["What is 2 + 2?", "Four.", "Five."],
  ["What colour is the sky?", "Blue.", "Green."],
  ["Which is the largest planet?", "Jupiter.", "Mars."],
  ["Who wrote Hamlet?", "Shakespeare.", "Dickens."],
  ["At what temperature does water boil?", "100 C.", "50 C."],
  ["What is the opposite of hot?", "Cold.", "Warm."],
  ["How many legs has a spider?", "Eight.", "Six."],
  ["Which metal is liquid at room temperature?", "Mercury.", "Iron."],
  ["What do bees make?", "Honey.", "Milk."],
];
const prompt = (q: string): ChatMessage[] => [
  { role: "system", content: "Answer briefly." },
  { role: "user", content: q },
];
const pairs: PreferenceExample[] = QA.map(([q, good, bad]) => ({
  input: { messages: prompt(q) },
  preferred_output: [{ role: "assistant", content: good }],
  non_preferred_output: [{ role: "assistant", content: bad }],
}));
/** Supervised data that teaches both answers of every question (the model is then undecided between them). */
const both = QA.flatMap(([q, good, bad]) =>
  [good, bad].map((a) => ({ messages: [...prompt(q), { role: "assistant" as const, content: a }] })),
);
const margin = (w: training.ModelWeights, p: PreferenceExample) => {
  const lp = training.preferenceLogProbs(w, p);
  return lp.chosen - lp.rejected;
};
const dpoHp = { n_epochs: 4, batch_size: 2, learning_rate_multiplier: 1, beta: 0.1, l2_multiplier: 0 };

function runAll(t: training.Trainer): training.StepMetrics[] {
  const out: training.StepMetrics[] = [];
  for (let m = t.step(); m; m = t.step()) out.push(m);
  return out;
}

describe("DPO trainer", () => {
  it("raises every pair's margin over the reference model and brings the loss below log 2", () => {
    const trainer = training.createDpoTrainer({
      training: pairs,
      validation: pairs.slice(0, 4),
      hyperparameters: dpoHp,
      seed: 11,
    });
    const reference = trainer.weights(); // before the first step: the starting weights
    const rows = runAll(trainer);
    expect(rows).toHaveLength(4 * 5);
    expect(rows[0]!.train_loss).toBeCloseTo(Math.LN2, 10); // pi = pi_ref at step 1
    const lastEpoch = rows.filter((r) => r.epoch === 4);
    expect(lastEpoch.reduce((a, r) => a + r.train_loss, 0) / lastEpoch.length).toBeLessThan(Math.LN2 - 0.1);
    const w = trainer.weights();
    for (const p of pairs) expect(margin(w, p)).toBeGreaterThan(margin(reference, p));
    expect(rows.at(-1)!.full_valid_loss).toBeLessThan(Math.LN2);
    for (const r of rows) {
      expect(r.train_mean_token_accuracy).toBeGreaterThanOrEqual(0);
      expect(r.train_mean_token_accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(r.valid_loss)).toBe(true);
    }
    // same seed, same numbers
    const again = runAll(
      training.createDpoTrainer({ training: pairs, validation: pairs.slice(0, 4), hyperparameters: dpoHp, seed: 11 }),
    );
    expect(again).toEqual(rows);
  });

  it("keeps the starting weights as the reference when resuming, and after SFT turns greedy replies to the preferred ones", () => {
    const sft = training.createTrainer({
      training: both,
      hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
      seed: 3,
    });
    runAll(sft);
    const base = sft.weights();
    const make = (resume?: { weights: training.ModelWeights; completedEpochs: number; step: number }) =>
      training.createDpoTrainer({
        training: pairs,
        hyperparameters: { ...dpoHp, n_epochs: 3, batch_size: 1 },
        seed: 5,
        base,
        resume,
      });
    const full = make();
    const rows = runAll(full);
    expect(rows[0]!.train_loss).toBeCloseTo(Math.LN2, 10);
    // resume from the end of epoch 1: the same later steps (the reference stays `base`, not the checkpoint)
    const first = make();
    for (let i = 0; i < first.stepsPerEpoch; i++) first.step();
    const resumed = runAll(make({ weights: first.weights(), completedEpochs: 1, step: first.stepsPerEpoch }));
    expect(resumed).toEqual(rows.slice(first.stepsPerEpoch));
    const w = full.weights();
    for (const p of pairs) expect(margin(w, p)).toBeGreaterThan(margin(base, p));
    // DPO does not guarantee every greedy reply flips (shared prefixes are not trained, margins can grow by
    // lowering the other reply); with this seed 2/10 greedy replies are the preferred ones before and 9/10 after
    const preferred = (m: training.ModelWeights) =>
      pairs.filter(
        (p) => training.generate(m, p.input.messages, { maxTokens: 40 }).text === p.preferred_output[0]!.content,
      ).length;
    expect(preferred(base)).toBeLessThanOrEqual(5);
    expect(preferred(w)).toBeGreaterThanOrEqual(8);
  });

  it("l2_multiplier changes the training; beta is resolved to 0.1 by default", () => {
    const l2 = runAll(
      training.createDpoTrainer({
        training: pairs,
        hyperparameters: { ...dpoHp, n_epochs: 1, l2_multiplier: 1 },
        seed: 11,
      }),
    );
    const none = runAll(
      training.createDpoTrainer({ training: pairs, hyperparameters: { ...dpoHp, n_epochs: 1 }, seed: 11 }),
    );
    expect(l2.at(-1)!.train_loss).not.toBe(none.at(-1)!.train_loss);
    expect(training.resolveDpoHyperparameters({ beta: "auto" }, 10)).toEqual({
      n_epochs: 10,
      batch_size: 1,
      learning_rate_multiplier: 1,
      beta: 0.1,
      l2_multiplier: 0,
    });
    expect(training.resolveDpoHyperparameters({ beta: 0.5, l2_multiplier: 0.01 }, 10)).toMatchObject({
      beta: 0.5,
      l2_multiplier: 0.01,
    });
  });
});

const V1_STRICT = { surface: "v1" as const, strict: STRICT };

describe("DPO request and line checks", () => {
  it("parses the dpo method and accepts what validate/ accepts", () => {
    expect(
      parseJobRequest(
        {
          model: "m",
          training_file: "f",
          method: { type: "dpo", dpo: { hyperparameters: { beta: 0.2, n_epochs: "auto" } } },
        },
        V1_STRICT,
      ),
    ).toMatchObject({
      method: "dpo",
      requested: { beta: 0.2, n_epochs: "auto" },
    });
    expect(parseJobRequest({ model: "m", training_file: "f", method: { type: "dpo" } }, V1_STRICT)).toMatchObject({
      method: "dpo",
      requested: {},
    });
    const line = JSON.stringify({
      input: { messages: prompt("q"), tools: [], parallel_tool_calls: false },
      preferred_output: [{ role: "assistant", content: [{ type: "text", text: "a" }] }],
      non_preferred_output: [{ role: "assistant", content: "b" }],
    });
    expect(checkLine(line, "f line 1")).toMatchObject({
      ok: true,
      format: "preference",
      example: { input: { messages: prompt("q") }, preferred_output: [{ role: "assistant", content: "a" }] },
    });
  });
});

describe("DPO through the service", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  async function upload(name: string, lines: unknown[]) {
    const client = emu.dated();
    const f = await client.files.create({ file: await toFile(jsonl(lines), name), purpose: "fine-tune" });
    const done = await waitForFile(client, f.id);
    expect(done.status, String(done.status_details)).toBe("processed");
    return f.id;
  }

  it("trains a DPO job on a fine-tuned model; the deployment mostly answers with the preferred replies", async () => {
    const client = emu.dated();
    const sftFile = await upload("both.jsonl", both);
    const dpoFile = await upload("pairs.jsonl", pairs);
    const validFile = await upload("pairs-valid.jsonl", pairs);
    const sft = await waitForJob(
      client,
      (
        await client.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file: sftFile,
          seed: 3,
          hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
        })
      ).id,
    );
    expect(sft.status).toBe("succeeded");

    const created = await client.fineTuning.jobs.create({
      model: sft.fine_tuned_model!,
      training_file: dpoFile,
      validation_file: validFile,
      seed: 5,
      suffix: "dpo",
      method: { type: "dpo", dpo: { hyperparameters: { n_epochs: 3, batch_size: 1, beta: "auto" } } },
    });
    expect(created.method?.type).toBe("dpo");
    // pending: the requested values and the beta/l2_multiplier defaults at once, no top-level hyperparameters (recorded DPO jobs)
    expect(created.method).toEqual({
      type: "dpo",
      dpo: {
        hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1, beta: 0.1, l2_multiplier: 0 },
      },
    });
    expect(Object.hasOwn(created, "hyperparameters")).toBe(false);
    const job = await waitForJob(client, created.id);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    const resolved = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1, beta: 0.1, l2_multiplier: 0 };
    expect(job.method).toEqual({ type: "dpo", dpo: { hyperparameters: resolved } });
    expect(Object.hasOwn(job, "hyperparameters")).toBe(false);
    expect(job.trained_tokens).toBe(training.countPreferenceBillingTokens(pairs) * 3);
    expect(job.trained_tokens).toBeGreaterThan(
      training.countBillingTokens(pairs.map((p) => ({ messages: [...p.input.messages, ...p.preferred_output] }))) * 3,
    );

    const csv = parseCsv(await (await client.files.content(job.result_files[0]!)).text());
    expect(csv.header.join(",")).toBe(
      "step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy",
    );
    expect(csv.rows).toHaveLength(30);
    expect(Number(csv.rows[0]![1])).toBeCloseTo(Math.LN2, 4);
    expect(Number(csv.rows.at(-1)![5])).toBeLessThan(Math.LN2);
    expect(csv.rows.every((r) => r[3] !== "" && r[4] !== "")).toBe(true);
    expect((await client.fineTuning.jobs.checkpoints.list(job.id)).data.map((c) => c.step_number)).toEqual([
      30, 20, 10,
    ]);

    const name = uniqueName("dpo");
    await emu.arm().deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "local",
      name,
      {
        sku: { name: "standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: job.fine_tuned_model!, version: "1" } },
      },
      { updateIntervalInMs: 20 },
    );
    await untilServing(client, name);
    let preferred = 0;
    for (const [q, good] of QA) {
      const reply = await client.chat.completions.create({
        model: name,
        messages: prompt(q) as never,
        temperature: 0,
        max_tokens: 40,
      });
      if (reply.choices[0]!.message.content === good) preferred++;
    }
    expect(preferred).toBeGreaterThanOrEqual(8); // the supervised model it started from answers 2 of 10 this way
  });

  it("fails a job whose file format does not match its method, naming the file and method", async () => {
    const client = emu.dated();
    const chatFile = await upload("chat.jsonl", both);
    const dpoFile = await upload("prefs.jsonl", pairs);
    const dpoOnChat = await waitForJob(
      client,
      (
        await client.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file: chatFile,
          method: { type: "dpo", dpo: {} },
        })
      ).id,
    );
    expect(dpoOnChat.status).toBe("failed");
    expect(dpoOnChat.error?.message).toMatch(
      /training file 'chat\.jsonl'.*holds chat examples.*a dpo job needs preference \(DPO\) examples/,
    );
    const sftOnDpo = await waitForJob(
      client,
      (await client.fineTuning.jobs.create({ model: BASE_MODEL, training_file: dpoFile })).id,
    );
    expect(sftOnDpo.status).toBe("failed");
    expect(sftOnDpo.error?.message).toMatch(
      /training file 'prefs\.jsonl'.*holds preference \(DPO\) examples.*a supervised job needs chat examples/,
    );
    const validMismatch = await waitForJob(
      client,
      (
        await client.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file: dpoFile,
          validation_file: chatFile,
          method: { type: "dpo" },
        })
      ).id,
    );
    expect(validMismatch.error?.message).toMatch(/validation file 'chat\.jsonl'/);

    // a file mixing the two formats fails validation at the line that breaks the pattern
    const mixed = await emu.dated().files.create({
      file: await toFile(jsonl([...pairs.slice(0, 5), ...both.slice(0, 6)]), "mixed.jsonl"),
      purpose: "fine-tune",
    });
    const done = await waitForFile(client, mixed.id);
    expect(done.status).toBe("error");
    expect(done.status_details).toMatch(
      /mixed\.jsonl line 6: holds chat examples .* but line 1 holds preference \(DPO\) examples/,
    );
  });
});
