// Same seed and data give a byte-identical results.csv; another seed gives a different one. The three jobs run
// in three accounts, so they train at the same time (one running job per account).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  SAMPLE_HYPERPARAMETERS,
  startEmulator,
  type TestEmulator,
  uploadSample,
  waitForJob,
} from "./helpers";

describe("determinism", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  async function train(account: string, seed: number) {
    const client = emu.dated("2024-10-21", account);
    const training_file = await uploadSample(client, "train.jsonl");
    const validation_file = await uploadSample(client, "valid.jsonl");
    const job = await client.fineTuning.jobs.create({
      model: BASE_MODEL,
      training_file,
      validation_file,
      seed,
      hyperparameters: { ...SAMPLE_HYPERPARAMETERS, n_epochs: 2 },
    });
    const done = await waitForJob(client, job.id);
    expect(done.status).toBe("succeeded");
    return { csv: await (await client.files.content(done.result_files[0]!)).text(), done };
  }

  it("same seed => identical results.csv, other seed => different", async () => {
    const [a, b, c] = await Promise.all([train("det-a", 1234), train("det-b", 1234), train("det-c", 99)]);
    expect(a.csv.split("\n").length).toBeGreaterThan(50);
    expect(b.csv).toBe(a.csv);
    expect(c.csv).not.toBe(a.csv);
    expect(b.done.trained_tokens).toBe(a.done.trained_tokens);
  });
});
