// The local Uploads API with the official openai client: an upload's parts outlive a restart of the service, the
// completed upload is a file checked like any other, and a completed upload takes no more calls.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { open } from "node:fs/promises";
import * as path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { toFile } from "openai";
import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH_BYTES,
  BatchedFileWriter,
  dropBytes,
  type PositionalFile,
  positionalFile,
  SLOW_WRITE_MS,
} from "../../emulator/uploads/batched-file-writer";
import { sampleFile, startEmulator, tempDir, waitForFile } from "./helpers";

describe("BatchedFileWriter", () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("stores a stream of small chunks at its position, in writes of whole batches, leaving the bytes before it alone", async () => {
    const file = path.join(dir, "part");
    const before = Buffer.alloc(1000, 0x7a);
    fs.writeFileSync(file, before);
    const bytes = randomBytes(Math.floor(BATCH_BYTES * 2.5));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 16_000) }, (_, i) =>
      bytes.subarray(i * 16_000, (i + 1) * 16_000),
    );
    const handle = await open(file, "r+");
    const writes: number[] = [];
    try {
      // Counts the writes the writer makes, and passes them on.
      const real = positionalFile(handle);
      const size = (buffers: Buffer[]) => buffers.reduce((n, b) => n + b.length, 0);
      const counting: PositionalFile = {
        writevNow: (buffers, position) => (writes.push(size(buffers)), real.writevNow(buffers, position)),
        writev: (buffers, position) => (writes.push(size(buffers)), real.writev(buffers, position)),
      };
      const writer = new BatchedFileWriter(counting, before.length);
      await pipeline(Readable.from(chunks), writer);
      expect(writer.written).toBe(bytes.length);
    } finally {
      await handle.close();
    }
    expect(fs.readFileSync(file).equals(Buffer.concat([before, bytes]))).toBe(true);
    expect(writes.slice(0, -1).every((n) => n >= BATCH_BYTES)).toBe(true);
    expect(writes.length).toBe(3);
  });

  it("writes again whatever a short write left over, and fails the stream when a write fails", async () => {
    const stored = Buffer.alloc(3000);
    const take700 = (buffers: Buffer[], position: number) =>
      Buffer.concat(buffers).subarray(0, 700).copy(stored, position);
    const stingy: PositionalFile = {
      writevNow: take700,
      writev: async (buffers, position) => ({ bytesWritten: take700(buffers, position) }),
    };
    const bytes = randomBytes(2500);
    await pipeline(Readable.from([bytes.subarray(0, 1200), bytes.subarray(1200)]), new BatchedFileWriter(stingy, 500));
    expect(stored.subarray(500).equals(bytes)).toBe(true);

    const broken: PositionalFile = {
      writevNow: () => {
        throw new Error("disk full");
      },
      writev: async () => Promise.reject(new Error("disk full")),
    };
    await expect(pipeline(Readable.from([bytes]), new BatchedFileWriter(broken, 0))).rejects.toThrow(/disk full/);
    const pooled = new BatchedFileWriter(broken, 0);
    pooled.onThisThread = false;
    await expect(pipeline(Readable.from([bytes]), pooled)).rejects.toThrow(/disk full/);

    // A file that takes nothing fails the stream instead of being asked again for ever, on either path.
    const full: PositionalFile = { writevNow: () => 0, writev: async () => ({ bytesWritten: 0 }) };
    await expect(pipeline(Readable.from([bytes]), new BatchedFileWriter(full, 0))).rejects.toThrow(/took no bytes/);
    const fullPooled = new BatchedFileWriter(full, 0);
    fullPooled.onThisThread = false;
    await expect(pipeline(Readable.from([bytes]), fullPooled)).rejects.toThrow(/took no bytes/);
  });

  it("writes on its own thread until a write is slow, then on the thread pool, the bytes in place either way", async () => {
    const stored = Buffer.alloc(BATCH_BYTES * 4);
    const where: string[] = [];
    const copy = (buffers: Buffer[], position: number) => Buffer.concat(buffers).copy(stored, position);
    const slowSecond: PositionalFile = {
      writevNow: (buffers, position) => {
        where.push("now");
        // The second write is held up as the kernel holds writers up when dirty pages pile up.
        if (where.length === 2) for (const until = performance.now() + SLOW_WRITE_MS + 2; performance.now() < until; );
        return copy(buffers, position);
      },
      writev: async (buffers, position) => (where.push("pool"), { bytesWritten: copy(buffers, position) }),
    };
    const bytes = randomBytes(BATCH_BYTES * 4);
    const chunks = Array.from({ length: 64 }, (_, i) =>
      bytes.subarray((i * bytes.length) / 64, ((i + 1) * bytes.length) / 64),
    );
    await pipeline(Readable.from(chunks), new BatchedFileWriter(slowSecond, 0));
    expect(where).toEqual(["now", "now", "pool", "pool"]);
    expect(stored.equals(bytes)).toBe(true);
  });

  it("dropBytes leaves what a short write did not take", () => {
    const buffers = [Buffer.from("abc"), Buffer.from("defg"), Buffer.from("h")];
    expect(dropBytes(buffers, 0).map(String)).toEqual(["abc", "defg", "h"]);
    expect(dropBytes(buffers, 3).map(String)).toEqual(["defg", "h"]);
    expect(dropBytes(buffers, 5).map(String)).toEqual(["fg", "h"]);
    expect(dropBytes(buffers, 8)).toEqual([]);
  });
});

describe("the Uploads API across a restart", () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("keeps a pending upload's parts through a restart and completes it into a processed file", async () => {
    const bytes = sampleFile("train.jsonl");
    const half = Math.floor(bytes.length / 2);
    let emu = await startEmulator({ dataDir });
    const upload = await emu.dated().uploads.create({
      purpose: "fine-tune",
      filename: "train.jsonl",
      bytes: bytes.length,
      mime_type: "application/json",
    });
    expect(upload).toMatchObject({ object: "upload", status: "pending", bytes: bytes.length });
    const first = await emu
      .dated()
      .uploads.parts.create(upload.id, { data: await toFile(bytes.subarray(0, half), "train.jsonl") });
    await emu.close();

    emu = await startEmulator({ dataDir });
    try {
      const client = emu.dated();
      const second = await client.uploads.parts.create(upload.id, {
        data: await toFile(bytes.subarray(half), "train.jsonl"),
      });
      const blockId = (part: object) => (part as { azure_block_id: string }).azure_block_id; // the spec example's part_ids
      const done = await client.uploads.complete(upload.id, { part_ids: [blockId(first), blockId(second)] });
      expect(done.status).toBe("completed");
      expect((await waitForFile(client, done.file!.id)).status).toBe("processed");
      expect(Buffer.from(await (await client.files.content(done.file!.id)).arrayBuffer()).equals(bytes)).toBe(true);
      await expect(client.uploads.cancel(upload.id)).rejects.toMatchObject({ status: 409 });
    } finally {
      await emu.close();
    }
  });
});
