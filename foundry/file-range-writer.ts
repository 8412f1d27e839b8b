// Writes a byte range of a file to a writable (a request) through a few reused buffers. Reading into a fresh
// buffer per chunk allocates the whole file again as external memory, and V8 answers every 64 MB of that with a
// full mark-compact of the process's heap: for a 1 GB upload that was the uploading process's largest cost.
import { open } from "node:fs/promises";
import type { Writable } from "node:stream";

export const CHUNK_BYTES = 1 << 20;
/** Buffers in flight at once: reading one while others are being encrypted and sent. */
const POOL_SIZE = 4;

/**
 * Writes bytes `start`..`end` (inclusive) of `path` to `out`. A buffer is read into again only after `out` has
 * called back for its write, so nothing still queued is overwritten; at most POOL_SIZE chunks are in flight.
 */
export async function writeFileRange(
  out: Writable,
  path: string,
  range: { start: number; end: number },
): Promise<void> {
  const file = await open(path, "r");
  try {
    const free = Array.from(
      { length: Math.min(POOL_SIZE, Math.ceil((range.end - range.start + 1) / CHUNK_BYTES)) },
      () => Buffer.allocUnsafeSlow(CHUNK_BYTES),
    );
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const stop = (error: Error) => {
      failure ??= error;
      wake?.();
    };
    const closed = () => stop(new Error("the request closed before its body was sent"));
    out.once("close", closed);
    if (out.destroyed) closed();
    try {
      for (let at = range.start; at <= range.end; ) {
        while (free.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        if (failure) throw failure;
        const buffer = free.pop()!;
        const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK_BYTES, range.end + 1 - at), at);
        if (bytesRead === 0)
          throw new Error(`${path} ended at byte ${at}, before the ${range.end + 1} bytes it was to send`);
        at += bytesRead;
        out.write(buffer.subarray(0, bytesRead), (error) => {
          if (error) return stop(error);
          free.push(buffer);
          wake?.();
        });
      }
    } finally {
      out.off("close", closed);
    }
  } finally {
    await file.close();
  }
}
