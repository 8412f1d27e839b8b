// Two parts on their way at once (foundry/uploads.ts): the next part is sent while the service answers the one
// before, never sooner than the previous body is out, never more than two, and a failure leaves nothing on its
// way when the upload is cancelled. A client that records what it is asked stands in for the service.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OpenAI } from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { PARTS_IN_FLIGHT, uploadInParts } from "../../../foundry/uploads";

const dir = mkdtempSync(path.join(os.tmpdir(), "parts-in-flight-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PART = 1000;
const file = path.join(dir, "five-parts.jsonl");
const bytes = Buffer.from(Array.from({ length: PART * 5 - 7 }, (_, i) => 97 + (i % 26)));
writeFileSync(file, bytes);

interface Recorder {
  events: string[];
  bodies: Buffer[];
  maxOnTheirWay: number;
  completedWith?: string[];
  cancelled: boolean;
}

/**
 * A client whose part requests read their whole body, then answer after `answerAfterMs(index)` (or once its
 * promise settles); `fail(index)` makes a part fail once its body is read.
 */
function recordingClient(
  answerAfterMs: (index: number, r: Recorder) => number | Promise<unknown>,
  fail: (index: number) => boolean = () => false,
) {
  const r: Recorder = { events: [], bodies: [], maxOnTheirWay: 0, cancelled: false };
  let onTheirWay = 0;
  let index = 0;
  const client = {
    uploads: {
      create: async () => ({ id: "upload-1" }),
      complete: async (_id: string, body: { part_ids: string[] }) => {
        r.completedWith = body.part_ids;
        return { file: { id: "file-1", status: "processed" } };
      },
      cancel: async () => {
        r.events.push("cancel");
        r.cancelled = true;
      },
    },
    post: async (_route: string, options: { body: ReadableStream<Uint8Array> }) => {
      const i = index++;
      onTheirWay++;
      r.maxOnTheirWay = Math.max(r.maxOnTheirWay, onTheirWay);
      r.events.push(`start ${i}`);
      const chunks: Buffer[] = [];
      for await (const chunk of options.body) chunks.push(Buffer.from(chunk));
      r.bodies[i] = Buffer.concat(chunks);
      r.events.push(`sent ${i}`);
      const wait = answerAfterMs(i, r);
      await (typeof wait === "number" ? new Promise((resolve) => setTimeout(resolve, wait)) : wait);
      onTheirWay--;
      r.events.push(`answer ${i}`);
      if (fail(i)) throw Object.assign(new Error(`part ${i} refused`), { status: 400 });
      return { id: `part-${i}`, azure_block_id: `block-${i}` };
    },
  };
  return { client: client as unknown as OpenAI, r };
}

const passThrough = <T>(operation: () => Promise<T>) => operation();
const options = { filename: "five-parts.jsonl", purpose: "fine-tune" as const, partBytes: PART, timeoutMs: 10_000 };

/** The file bytes inside a part's multipart body: between the head's blank line and the tail's boundary. */
const fileBytesOf = (body: Buffer) => body.subarray(body.indexOf("\r\n\r\n") + 4, body.lastIndexOf("\r\n--"));

describe("uploadInParts with parts on their way at once", () => {
  it("starts each part once the one before has sent its body, before its answer, and keeps two on their way", async () => {
    // A part answers only once the next one has started (the last at once): without two on their way, it never would.
    const started = (i: number, r: Recorder) =>
      new Promise<void>((resolve) => {
        const poll = () => (i === 4 || r.events.includes(`start ${i + 1}`) ? resolve() : setTimeout(poll, 1));
        poll();
      });
    const { client, r } = recordingClient(started);
    await uploadInParts(client, passThrough, file, options);

    expect(PARTS_IN_FLIGHT).toBe(2);
    expect(r.maxOnTheirWay).toBe(2);
    for (let i = 1; i < 5; i++) {
      expect(r.events.indexOf(`start ${i}`)).toBeGreaterThan(r.events.indexOf(`sent ${i - 1}`));
      if (i >= 2) expect(r.events.indexOf(`start ${i}`)).toBeGreaterThan(r.events.indexOf(`answer ${i - 2}`));
    }
  }, 5_000); // one part at a time would wait here for ever

  it("completes with the parts in file order when their answers come back out of order", async () => {
    const { client, r } = recordingClient((i) => 40 - i * 8); // later parts answer sooner
    const done = await uploadInParts(client, passThrough, file, options);

    expect(done).toMatchObject({ id: "file-1" });
    expect(r.events.indexOf("answer 1")).toBeLessThan(r.events.indexOf("answer 0"));
    expect(r.completedWith).toEqual(["block-0", "block-1", "block-2", "block-3", "block-4"]);
    expect(Buffer.concat(r.bodies.map(fileBytesOf)).equals(bytes)).toBe(true);
    expect(r.cancelled).toBe(false);
  });

  it("on a part that fails for good while another is on its way: starts no other, waits for it, then cancels", async () => {
    const { client, r } = recordingClient(
      (i) => [5, 30][i] ?? 60,
      (i) => i === 1,
    );
    await expect(uploadInParts(client, passThrough, file, options)).rejects.toThrow(/part 1 refused/);

    expect(r.events).toContain("start 2"); // on its way when part 1 failed
    expect(r.events).not.toContain("start 3");
    expect(r.events.indexOf("answer 2")).toBeGreaterThan(r.events.indexOf("answer 1"));
    expect(r.events.indexOf("cancel")).toBeGreaterThan(r.events.indexOf("answer 2"));
    expect(r.completedWith).toBeUndefined();
  });

  it("starts no part after one that failed while the loop waited for an earlier answer", async () => {
    // Part 1 fails before part 0 answers: part 2 would be next, and must not start.
    const { client, r } = recordingClient(
      (i) => (i === 0 ? 30 : 5),
      (i) => i === 1,
    );
    await expect(uploadInParts(client, passThrough, file, options)).rejects.toThrow(/part 1 refused/);

    expect(r.events).not.toContain("start 2");
    expect(r.events.at(-1)).toBe("cancel");
  });
});
