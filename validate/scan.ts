// One streaming pass over a file's bytes: hash every chunk, and hand on regions that end at a line break, so
// memory stays flat whatever the file size (one chunk plus one partial line).

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

const CHUNK_BYTES = 1 << 20;

export interface ScanOptions {
  hash: boolean;
  /** Called with a region of whole lines (the last region may lack its final newline). */
  onRegion?: (region: Buffer) => void | Promise<void>;
}

export interface ScanResult {
  bytes: number;
  sha256: string;
}

export async function scanFile(path: string, options: ScanOptions): Promise<ScanResult> {
  const hash = options.hash ? createHash("sha256") : undefined;
  const onRegion = options.onRegion;
  let bytes = 0;
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    hash?.update(buf);
    if (!onRegion) continue;
    const lastBreak = buf.lastIndexOf(10);
    if (lastBreak < 0) {
      carry.push(buf);
      continue;
    }
    const head = buf.subarray(0, lastBreak + 1);
    const region = carry.length ? Buffer.concat([...carry, head]) : head;
    carry = lastBreak + 1 < buf.length ? [buf.subarray(lastBreak + 1)] : [];
    await onRegion(region);
  }
  if (onRegion && carry.length) await onRegion(Buffer.concat(carry));
  return { bytes, sha256: hash ? hash.digest("hex") : "" };
}

/** sha256 and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const { sha256, bytes } = await scanFile(path, { hash: true });
  return { sha256, bytes };
}
