// Streams a dataset URL to a temporary file, only when the config asks to validate it (`validate: true`).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { displayUrl } from "./remote-dataset";

/** Runs `use` on a local copy of the URL's bytes, removed afterwards whatever happens. */
export async function withDownload<T>(url: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "foundry-remote-"));
  try {
    const response = await fetch(url).catch((error: Error) => {
      throw new Error(`${displayUrl(url)}: cannot download it to validate it: ${error.message}`);
    });
    if (!response.ok || !response.body)
      throw new Error(`${displayUrl(url)}: cannot download it to validate it: GET answered ${response.status}`);
    const file = path.join(dir, "dataset.jsonl");
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
