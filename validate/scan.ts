// One streaming pass over a file's bytes: hash every chunk, and hand on regions that end at a line break, so
// memory stays flat whatever the file size (one chunk plus one partial line).

import { createHash } from "node:crypto";
import { open } from "node:fs/promises";

const CHUNK_BYTES = 1 << 20;

export interface ScanOptions {
  hash: boolean;
  /**
   * Called with a region of whole lines (the last region may lack its final newline). The region's bytes are
   * reused once the returned promise settles: copy what must outlive the call.
   */
  onRegion?: (region: Buffer) => void | Promise<void>;
}

export interface ScanResult {
  bytes: number;
  sha256: string;
}

export async function scanFile(path: string, options: ScanOptions): Promise<ScanResult> {
  const hash = options.hash ? createHash("sha256") : undefined;
  const onRegion = options.onRegion;
  // One read buffer for the whole file: a fresh 1 MB buffer per chunk (what a read stream does) piles up as
  // garbage outside the heap until a collection, about 100 MB at the peak of a threaded check.
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let bytes = 0;
  let carry: Buffer[] = [];
  const file = await open(path, "r");
  try {
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      bytes += bytesRead;
      hash?.update(chunk);
      if (!onRegion) continue;
      const lastBreak = chunk.lastIndexOf(10);
      if (lastBreak < 0) {
        carry.push(Buffer.from(chunk)); // a line longer than a chunk: kept until its end arrives
        continue;
      }
      const head = chunk.subarray(0, lastBreak + 1);
      const region = carry.length ? Buffer.concat([...carry, head]) : head;
      const rest = chunk.subarray(lastBreak + 1);
      carry = rest.length ? [Buffer.from(rest)] : [];
      await onRegion(region);
    }
  } finally {
    await file.close();
  }
  if (onRegion && carry.length) await onRegion(Buffer.concat(carry));
  return { bytes, sha256: hash ? hash.digest("hex") : "" };
}

/** sha256 and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const { sha256, bytes } = await scanFile(path, { hash: true });
  return { sha256, bytes };
}
