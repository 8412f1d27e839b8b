// The local Uploads API with the official openai client: an upload's parts outlive a restart of the service, the
// completed upload is a file checked like any other, and a completed upload takes no more calls.
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { toFile } from "openai";
import { sampleFile, startEmulator, tempDir, waitForFile } from "./helpers";

describe("the Uploads API across a restart", () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("keeps a pending upload's parts through a restart and completes it into a processed file", async () => {
    const bytes = sampleFile("train.jsonl");
    const half = Math.floor(bytes.length / 2);
    let emu = await startEmulator({ dataDir });
    const upload = await emu.dated().uploads.create({ purpose: "fine-tune", filename: "train.jsonl", bytes: bytes.length, mime_type: "application/json" });
    expect(upload).toMatchObject({ object: "upload", status: "pending", bytes: bytes.length });
    const first = await emu.dated().uploads.parts.create(upload.id, { data: await toFile(bytes.subarray(0, half), "train.jsonl") });
    await emu.close();

    emu = await startEmulator({ dataDir });
    try {
      const client = emu.dated();
      const second = await client.uploads.parts.create(upload.id, { data: await toFile(bytes.subarray(half), "train.jsonl") });
      const done = await client.uploads.complete(upload.id, { part_ids: [first.id, second.id] });
      expect(done.status).toBe("completed");
      expect((await waitForFile(client, done.file!.id)).status).toBe("processed");
      expect(Buffer.from(await (await client.files.content(done.file!.id)).arrayBuffer()).equals(bytes)).toBe(true);
      await expect(client.uploads.cancel(upload.id)).rejects.toMatchObject({ status: 409 });
    } finally {
      await emu.close();
    }
  });
});
