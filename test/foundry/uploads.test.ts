// Large files the Azure way, through the foundry/ client against a real local service: the Uploads API (parts
// streamed from disk, a failed part retried on its own, the assembled bytes checked by sha256) and Files_Import
// from a URL the service fetches itself (served here on loopback).
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { generate as generateCert } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWholeFileInOrder } from "../../emulator/uploads/service";
import { DataPlane } from "../../foundry/data-plane";
import { CHUNK_BYTES, writeFileRange } from "../../foundry/file-range-writer";
import { fileBodyOf, formFrame, streamedForm } from "../../foundry/multipart-stream";
import { withStreamingUploads } from "../../foundry/streaming-fetch";
import { trustCaCertificate } from "../../foundry/tls";
import { partRanges } from "../../foundry/uploads";
import { inProcessService } from "../support/in-process-service";

const DATED = "api-version=2025-04-01-preview";
const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("partRanges", () => {
  it("cuts a file into inclusive byte ranges, the last one short", () => {
    expect(partRanges(10, 4)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 9 },
    ]);
    expect(partRanges(8, 4)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
    ]);
    expect(partRanges(0, 4)).toEqual([]);
    expect(() => partRanges(10, 0)).toThrow(/positive/);
  });
});

describe("withStreamingUploads (what it leaves to fetch)", () => {
  it("hands every request without a streamed body to the fetch it wraps", async () => {
    const seen: string[] = [];
    const wrapped = withStreamingUploads(async (input) => (seen.push(String(input)), new Response("{}")));
    await wrapped("https://x.invalid/a", { method: "POST", body: "{}" });
    await wrapped("https://x.invalid/b", { method: "GET" });
    expect(seen).toEqual(["https://x.invalid/a", "https://x.invalid/b"]);
  });
});

describe("writeFileRange", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-range-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Holds every chunk until long after write() returned, and copies it only when calling back: a buffer read into
  // again before its write called back would show up here as wrong bytes.
  const slowSink = () => {
    const received: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        setTimeout(() => (received.push(Buffer.from(chunk)), done()), 15);
      },
    });
    return { sink, bytes: () => Buffer.concat(received) };
  };

  it("sends exactly the range, through buffers it reuses only after their writes called back", async () => {
    const file = path.join(dir, "range.bin");
    const bytes = randomBytes(Math.floor(CHUNK_BYTES * 6.5));
    writeFileSync(file, bytes);
    const { sink, bytes: sent } = slowSink();
    await writeFileRange(sink, file, { start: 3, end: bytes.length - 2 });
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(sent().equals(bytes.subarray(3, bytes.length - 1))).toBe(true);
  });

  it("fails when the file is shorter than the range (it changed since its size was taken)", async () => {
    const file = path.join(dir, "short.bin");
    writeFileSync(file, Buffer.alloc(10));
    await expect(writeFileRange(slowSink().sink, file, { start: 0, end: 19 })).rejects.toThrow(
      /ended at byte 10, before the 20 bytes/,
    );
  });

  it("stops when the request closes under it, instead of waiting for writes that will never call back", async () => {
    const file = path.join(dir, "closed.bin");
    writeFileSync(file, Buffer.alloc(CHUNK_BYTES * 8));
    // Like a request whose connection failed before it had a socket: it closes once the first chunk is in, and
    // the writes it had queued never call back.
    const request = Object.assign(new EventEmitter(), {
      destroyed: false,
      write: () => (setImmediate(() => request.emit("close")), false),
    });
    await expect(
      writeFileRange(request as unknown as Writable, file, { start: 0, end: CHUNK_BYTES * 8 - 1 }),
    ).rejects.toThrow(/closed before its body was sent/);
  }, 10_000);
});

describe("withStreamingUploads", () => {
  let server: http.Server;
  let url = "";
  const bodies: Buffer[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => (bodies.push(Buffer.concat(chunks)), res.end("{}")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/parts`;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  const send = withStreamingUploads(async () => new Response("not streamed", { status: 599 }));

  it("sends a form's file range read from the file itself, byte for byte, and again on a second attempt", async () => {
    const bytes = readFileSync(TRAIN);
    const form = streamedForm(
      TRAIN,
      { start: 5, end: bytes.length - 1 },
      { purpose: "fine-tune" },
      { field: "data", filename: "t.jsonl" },
    );
    const body = form.body();
    expect(fileBodyOf(body)).toMatchObject({ path: TRAIN, range: { start: 5, end: bytes.length - 1 } });
    for (const attempt of [body, form.body()]) {
      const response = await send(url, {
        method: "POST",
        body: attempt,
        headers: { "content-length": String(form.contentLength) },
      });
      expect(response.status).toBe(200);
    }
    const expected = Buffer.concat([fileBodyOf(body)!.head, bytes.subarray(5), fileBodyOf(body)!.tail]);
    expect(bodies.slice(-2).map((b) => b.equals(expected))).toEqual([true, true]);
  }, 10_000); // a body shorter than its Content-Length would leave the request waiting

  it("sends any other stream as it reads it", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of ["one ", "two ", "three"]) controller.enqueue(Buffer.from(piece));
        controller.close();
      },
    });
    expect(fileBodyOf(stream)).toBeUndefined();
    expect((await send(url, { method: "POST", body: stream })).status).toBe(200);
    expect(bodies.at(-1)!.toString()).toBe("one two three");
  });
});

describe("the v1 surface", () => {
  it("has no file import and no Uploads API: a clear error, no request", async () => {
    const data = new DataPlane({} as never, {}, "v1");
    await expect(data.importFile("https://x/y.jsonl", "y.jsonl")).rejects.toThrow(
      /dated data plane only; set foundry-finetune:dataPlane to dated/,
    );
    await expect(data.uploadFile(TRAIN, "fine-tune", { partsAboveBytes: 1 })).rejects.toThrow(
      /over the Files API's limit: the Uploads API is on the dated data plane only/,
    );
  });
});

describe("isWholeFileInOrder", () => {
  it("is true only for every recorded part, listed in arrival order, without gaps", () => {
    const parts = [
      { offset: 0, bytes: 4 },
      { offset: 4, bytes: 6 },
    ];
    expect(isWholeFileInOrder(parts, 10)).toBe(true);
    expect(isWholeFileInOrder([parts[1]!, parts[0]!], 10)).toBe(false);
    expect(isWholeFileInOrder([parts[0]!], 10)).toBe(false); // a part left out
    expect(isWholeFileInOrder([parts[1]!], 6)).toBe(false);
  });
});

describe("streamedForm", () => {
  it("frames one file field (and text fields) as multipart/form-data, quotes made harmless", () => {
    const { head, tail } = formFrame("B", { purpose: "fine-tune" }, { field: "data", filename: 'a"b.jsonl' });
    expect(head.toString()).toBe(
      '--B\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n--B\r\nContent-Disposition: form-data; name="data"; filename="a_b.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n',
    );
    expect(tail.toString()).toBe("\r\n--B--\r\n");
  });

  it("streams exactly the byte range it declares, again on every call", async () => {
    const form = streamedForm(TRAIN, { start: 100, end: 1099 }, {}, { field: "data", filename: "t.jsonl" });
    const read = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of form.body()) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks);
    };
    const first = await read();
    expect(first.length).toBe(form.contentLength);
    expect(first.includes(readFileSync(TRAIN).subarray(100, 1100))).toBe(true);
    expect((await read()).equals(first)).toBe(true);
  });
});

describe("the Uploads API and file import against the local service", () => {
  const service = inProcessService("foundry-uploads-", 0.01);
  const admin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${service.emulator.url}${route}`, {
      method,
      headers: { "api-key": service.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a JSON body of the service under test, whose fields each test reads and asserts
    return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as any };
  };
  const requests = async () =>
    (await admin("GET", "/_emulator/requests?since=0")).body.requests as {
      method: string;
      route: string;
      status: number;
    }[];
  const content = async (id: string) =>
    Buffer.from(
      await (
        await fetch(`${service.emulator.url}/accounts/${service.account}/openai/files/${id}/content?${DATED}`, {
          headers: { "api-key": service.apiKey },
        })
      ).arrayBuffer(),
    );

  let server: http.Server;
  let baseUrl = "";
  let served = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      served++;
      if (req.url?.startsWith("/data/train.jsonl")) return res.end(readFileSync(TRAIN));
      res.statusCode = 404;
      res.end("no such file");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends a file in parts, retries the part that failed (not the file), and assembles the same bytes", async () => {
    const file = path.join(service.scratch, "parts.jsonl");
    writeFileSync(file, readFileSync(TRAIN));
    const bytes = readFileSync(file);
    // The first part's first attempt loses its connection (a drop before the service stores anything).
    await admin("PUT", "/_emulator/faults", { rules: [{ route: "/uploads/[^/]+/parts$", dropRate: 1, times: 1 }] });
    const { data } = service.clients({ retry: { sleep: async () => undefined } });
    const partBytes = Math.ceil(bytes.length / 3);
    const uploaded = await data.uploadFile(file, "fine-tune", {
      filename: "parts.0123456789abcdef.jsonl",
      partsAboveBytes: 1024,
      partBytes,
    });
    await admin("PUT", "/_emulator/faults", { rules: [] });

    const log = await requests();
    expect(log.filter((r) => /\/uploads\/[^/]+\/parts$/.test(r.route))).toHaveLength(4); // 3 parts, one sent twice
    expect(log.filter((r) => r.route.endsWith("/parts")).map((r) => r.status)).toEqual([0, 200, 200, 200]);
    expect(log.some((r) => r.route.endsWith("/openai/files") && r.method === "POST")).toBe(false);
    expect(uploaded.filename).toBe("parts.0123456789abcdef.jsonl");
    expect((await data.waitForFile(uploaded.id, { pollMs: 20 })).status).toBe("processed");
    expect(sha256(await content(uploaded.id))).toBe(sha256(bytes));
  });

  it("drops a part cut off mid-body, and assembles parts in the order listed (moved when in arrival order, copied otherwise)", async () => {
    const account = `/accounts/${service.account}/openai`;
    const sendPart = async (id: string, bytes: Buffer) => {
      const form = new FormData();
      form.append("data", new Blob([bytes]), "x.jsonl");
      const response = await fetch(`${service.emulator.url}${account}/uploads/${id}/parts?${DATED}`, {
        method: "POST",
        headers: { "api-key": service.apiKey },
        body: form,
      });
      return ((await response.json()) as { azure_block_id: string }).azure_block_id; // the spec example's part_ids
    };
    const cutOff = (id: string) =>
      new Promise<void>((resolve) => {
        const url = new URL(`${service.emulator.url}${account}/uploads/${id}/parts?${DATED}`);
        const req = https.request(url, {
          method: "POST",
          headers: {
            "api-key": service.apiKey,
            "content-type": "multipart/form-data; boundary=X",
            "content-length": "100000",
          },
        });
        req.on("error", () => resolve());
        req.write(
          `--X\r\nContent-Disposition: form-data; name="data"; filename="x.jsonl"\r\n\r\n${"z".repeat(5000)}`,
          () =>
            setTimeout(() => {
              req.destroy();
              resolve();
            }, 100),
        );
      });
    const a = Buffer.alloc(40, 0x61);
    const b = Buffer.alloc(60, 0x62);
    for (const order of ["arrival", "reversed"] as const) {
      const start = await admin("POST", `${account}/uploads?${DATED}`, {
        purpose: "batch",
        filename: `${order}.jsonl`,
        bytes: 100,
        mime_type: "application/json",
      });
      const first = await sendPart(start.body.id, a);
      await cutOff(start.body.id);
      const second = await sendPart(start.body.id, b);
      const done = await admin("POST", `${account}/uploads/${start.body.id}/complete?${DATED}`, {
        part_ids: order === "arrival" ? [first, second] : [second, first],
      });
      expect(done.body.status).toBe("completed");
      expect(
        (await content(done.body.file.id)).equals(order === "arrival" ? Buffer.concat([a, b]) : Buffer.concat([b, a])),
      ).toBe(true);
    }
  });

  it("refuses a complete whose parts do not add up to the declared bytes, and cancels", async () => {
    const account = `/accounts/${service.account}/openai`;
    const start = await admin("POST", `${account}/uploads?${DATED}`, {
      purpose: "fine-tune",
      filename: "x.jsonl",
      bytes: 100,
      mime_type: "application/json",
    });
    expect(start.status).toBe(200);
    const form = new FormData();
    form.append("data", new Blob([Buffer.alloc(60, 0x61)]), "x.jsonl");
    const part = await fetch(`${service.emulator.url}${account}/uploads/${start.body.id}/parts?${DATED}`, {
      method: "POST",
      headers: { "api-key": service.apiKey },
      body: form,
    });
    const partDoc = (await part.json()) as { id: string; object: string; azure_block_id: string };
    expect(partDoc.object).toBe("upload.part");
    // Strict: part_ids are the parts' azure_block_id (the spec's example), not their ids.
    const byId = await admin("POST", `${account}/uploads/${start.body.id}/complete?${DATED}`, {
      part_ids: [partDoc.id],
    });
    expect(byId).toMatchObject({ status: 400, body: { error: { target: "part_ids" } } });
    const short = await admin("POST", `${account}/uploads/${start.body.id}/complete?${DATED}`, {
      part_ids: [partDoc.azure_block_id],
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/60 bytes, but the upload declared 100/);
    const cancelled = await admin("POST", `${account}/uploads/${start.body.id}/cancel?${DATED}`);
    expect(cancelled.body.status).toBe("cancelled");
    expect(
      (
        await admin("POST", `${account}/uploads/${start.body.id}/complete?${DATED}`, {
          part_ids: [partDoc.azure_block_id],
        })
      ).status,
    ).toBe(409);
  });

  it("imports a file from a URL the service fetches itself", async () => {
    const { data } = service.clients();
    const before = served;
    const imported = await data.importFile(`${baseUrl}/data/train.jsonl?sig=secret`, "train.feedfacecafebeef.jsonl");
    expect(served).toBe(before + 1);
    expect(imported.status).toBe("pending");
    expect((await data.waitForFile(imported.id, { pollMs: 20 })).status).toBe("processed");
    expect(sha256(await content(imported.id))).toBe(sha256(readFileSync(TRAIN)));
  });

  it("imports over https too (the service trusts what the process trusts)", async () => {
    const cert = await generateCert([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
    });
    trustCaCertificate(cert.cert);
    const secure = https.createServer({ key: cert.private, cert: cert.cert }, (_req, res) =>
      res.end(readFileSync(TRAIN)),
    );
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    try {
      const { data } = service.clients();
      const imported = await data.importFile(
        `https://127.0.0.1:${(secure.address() as { port: number }).port}/train.jsonl`,
        "train.secure.jsonl",
      );
      expect((await data.waitForFile(imported.id, { pollMs: 20 })).status).toBe("processed");
    } finally {
      await new Promise<void>((resolve) => secure.close(() => resolve()));
    }
  });

  it("a URL that cannot be fetched fails the import with fileImportFailed, without echoing the query", async () => {
    const { data } = service.clients({ maxRetries: 0 });
    const error = await data
      .importFile(`${baseUrl}/missing.jsonl?sig=secret`, "missing.jsonl")
      .catch((e: Error & { code?: string }) => e);
    expect((error as { code?: string }).code).toBe("fileImportFailed");
    expect((error as Error).message).toMatch(/GET answered 404/);
    expect((error as Error).message).not.toMatch(/secret/);
  });
});
