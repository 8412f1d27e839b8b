// The v1 surface (OpenAI client, baseURL .../openai/v1): files, one running job per account with the next one
// queued, pause and resume, cancel, pagination of jobs and events.

import { type OpenAI, toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_MODEL, sampleFile, startEmulator, type TestEmulator, waitForFile, waitForJob } from "./helpers";

describe("v1 surface", () => {
  let emu: TestEmulator;
  let client: OpenAI;
  let trainingFile: string;
  beforeAll(async () => {
    emu = await startEmulator();
    client = emu.v1("v1acct");
    const f = await client.files.create({
      file: await toFile(sampleFile("train.jsonl"), "train.jsonl"),
      purpose: "fine-tune",
    });
    expect(f).toMatchObject({
      object: "file",
      status: "pending",
      purpose: "fine-tune",
      filename: "train.jsonl",
      bytes: sampleFile("train.jsonl").length,
    });
    trainingFile = (await waitForFile(client, f.id)).status === "processed" ? f.id : "";
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("stores, lists, serves and deletes files", async () => {
    const { data: extra, response } = await client.files
      .create({ file: await toFile(Buffer.from("hello"), "notes.txt"), purpose: "assistants" })
      .withResponse();
    expect(response.status).toBe(200); // v1 answers 200 where the dated surface answers 201
    const page = await client.files.list({ purpose: "fine-tune" });
    expect(page.data.map((f) => f.id)).toEqual([trainingFile]);
    expect(
      Buffer.from(await (await client.files.content(trainingFile)).arrayBuffer()).equals(sampleFile("train.jsonl")),
    ).toBe(true);
    expect(await client.files.delete(extra.id)).toMatchObject({ id: extra.id, deleted: true });
    await expect(client.files.retrieve(extra.id)).rejects.toMatchObject({ status: 404 });
    // Files are per account.
    await expect(emu.v1().files.retrieve(trainingFile)).rejects.toMatchObject({ status: 404 });
  });

  it("stores a file of several 1 MB write batches byte for byte, with its size", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 12345);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 11)) & 0xff;
    const f = await client.files.create({ file: await toFile(body, "blob.bin"), purpose: "assistants" });
    expect(f.bytes).toBe(body.length);
    expect(Buffer.from(await (await client.files.content(f.id)).arrayBuffer()).equals(body)).toBe(true);
    await client.files.delete(f.id);
  });

  it("runs one job at a time per account, pauses, resumes and cancels", async () => {
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.3 });
    try {
      const first = await client.fineTuning.jobs.create({
        model: BASE_MODEL,
        training_file: trainingFile,
        seed: 1,
        hyperparameters: { n_epochs: 2 },
      });
      const second = await client.fineTuning.jobs.create({
        model: BASE_MODEL,
        training_file: trainingFile,
        seed: 2,
        hyperparameters: { n_epochs: 1 },
      });
      await waitForJob(client, first.id, undefined, ["running"]);
      expect((await client.fineTuning.jobs.retrieve(second.id)).status).toBe("pending");
      // Pause once some steps are trained.
      for (
        let i = 0;
        (await client.fineTuning.jobs.listEvents(first.id)).data.every((e) => e.type !== "metrics");
        i++
      ) {
        if (i > 500) throw new Error("no metrics");
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await client.fineTuning.jobs.pause(first.id)).status).toBe("pausing");
      const paused = await waitForJob(client, first.id, undefined, ["paused"]);
      expect(paused.status).toBe("paused");
      expect((await client.fineTuning.jobs.retrieve(second.id)).status).toBe("pending"); // a paused job keeps the slot
      await expect(client.fineTuning.jobs.pause(first.id)).rejects.toMatchObject({
        status: 409,
        code: "unexpectedEntityState",
      });
      expect((await client.fineTuning.jobs.resume(first.id)).status).toBe("resuming");
      await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
      const done = await waitForJob(client, first.id);
      expect(done.status).toBe("succeeded");
      const messages = (await client.fineTuning.jobs.listEvents(first.id, { limit: 1000 })).data.map((e) => e.message);
      expect(messages).toEqual(expect.arrayContaining(["Job pausing.", "Job paused.", "Job resuming."]));
      // The queued job starts once the first is done; cancel it.
      await waitForJob(client, second.id, undefined, ["running", "succeeded"]);
      const third = await client.fineTuning.jobs.create({ model: BASE_MODEL, training_file: trainingFile });
      expect((await client.fineTuning.jobs.cancel(third.id)).status).toBe("cancelled");
      expect((await client.fineTuning.jobs.retrieve(third.id)).status).toBe("cancelled");
      await expect(client.fineTuning.jobs.cancel(third.id)).rejects.toMatchObject({ status: 409 });
    } finally {
      await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    }
  });

  it("paginates jobs and events with after/limit", async () => {
    const all = [];
    for await (const j of client.fineTuning.jobs.list({ limit: 1 })) all.push(j.id);
    const direct = (await client.fineTuning.jobs.list({ limit: 100 })).data.map((j) => j.id);
    expect(all).toEqual(direct);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const jobId = direct.at(-1)!; // the oldest
    const events = [];
    for await (const e of client.fineTuning.jobs.listEvents(jobId, { limit: 7 })) events.push(e.id);
    expect(new Set(events).size).toBe(events.length);
    expect(events).toEqual((await client.fineTuning.jobs.listEvents(jobId, { limit: 10000 })).data.map((e) => e.id));
  });
});
