// A multipart/form-data body streamed from a byte range of a file, with its exact length known up front, so the
// request carries a Content-Length instead of a chunked body, and every attempt reads the range afresh.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";

export interface StreamedForm {
  contentType: string;
  contentLength: number;
  /** A fresh iterable per call: each attempt of a request reads the range again. */
  body(): AsyncIterable<Uint8Array>;
}

/** Pure: the bytes around the file's content, for text fields and one file field. */
export function formFrame(boundary: string, fields: Record<string, string>, file: { field: string; filename: string }): { head: Buffer; tail: Buffer } {
  const quote = (s: string) => s.replace(/["\r\n\\]/g, "_");
  const text = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`);
  const head = `${text.join("")}--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

/** The form for bytes `start`..`end` (inclusive) of `path`. */
export function streamedForm(path: string, range: { start: number; end: number }, fields: Record<string, string>, file: { field: string; filename: string }): StreamedForm {
  const boundary = `----foundry${randomBytes(12).toString("hex")}`;
  const { head, tail } = formFrame(boundary, fields, file);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + (range.end - range.start + 1) + tail.length,
    async *body() {
      yield head;
      for await (const chunk of createReadStream(path, { ...range, highWaterMark: 256 << 10 })) yield chunk as Buffer;
      yield tail;
    },
  };
}
