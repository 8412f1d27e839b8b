// A multipart/form-data body streamed from a byte range of a file, with its exact length known up front, so the
// request carries a Content-Length instead of a chunked body, and every attempt reads the range afresh.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";

/** What a form's body sends: a head, a byte range of a file, a tail. */
export interface FileBody {
  head: Buffer;
  path: string;
  range: { start: number; end: number };
  tail: Buffer;
  /** Called by whoever sends the body once it has handed over its last byte. */
  handedOver(): void;
}

export interface StreamedForm {
  contentType: string;
  contentLength: number;
  /** A fresh stream per call: each attempt of a request reads the range again. */
  body(): ReadableStream<Uint8Array>;
  /**
   * Settles once an attempt has handed its body's last byte to the connection (the answer may still be on its
   * way). It never settles if no attempt gets that far: wait for it beside the request.
   */
  sent: Promise<void>;
}

// The body streams stay plain ReadableStreams (the openai client passes them to fetch as they are); a sender
// that knows this registry can read the file itself instead (streaming-fetch.ts does, with reused buffers).
const fileBodies = new WeakMap<object, FileBody>();

/** The file range behind a body made by streamedForm, if it is one. */
export function fileBodyOf(body: unknown): FileBody | undefined {
  return typeof body === "object" && body !== null ? fileBodies.get(body) : undefined;
}

/** Pure: the bytes around the file's content, for text fields and one file field. */
export function formFrame(
  boundary: string,
  fields: Record<string, string>,
  file: { field: string; filename: string },
): { head: Buffer; tail: Buffer } {
  const quote = (s: string) => s.replace(/["\r\n\\]/g, "_");
  const text = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
  );
  const head = `${text.join("")}--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

/** The form for bytes `start`..`end` (inclusive) of `path`. */
export function streamedForm(
  path: string,
  range: { start: number; end: number },
  fields: Record<string, string>,
  file: { field: string; filename: string },
): StreamedForm {
  const boundary = `----foundry${randomBytes(12).toString("hex")}`;
  const { head, tail } = formFrame(boundary, fields, file);
  let handedOver!: () => void;
  const sent = new Promise<void>((resolve) => (handedOver = resolve));
  const parts: FileBody = { head, path, range, tail, handedOver };
  return {
    sent,
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + (range.end - range.start + 1) + tail.length,
    body() {
      const stream = ReadableStream.from(chunks(parts));
      fileBodies.set(stream, parts);
      return stream as ReadableStream<Uint8Array>;
    },
  };
}

async function* chunks({ head, path, range, tail, handedOver }: FileBody): AsyncGenerator<Uint8Array> {
  yield head;
  for await (const chunk of createReadStream(path, { ...range, highWaterMark: 1 << 20 })) yield chunk as Buffer;
  yield tail;
  handedOver();
}
