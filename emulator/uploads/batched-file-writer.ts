// A writable that stores what it is given at a position of an open file, gathering chunks into batches of at
// least BATCH_BYTES per write. A part arrives as 16 kB TLS records; written one by one (fs.WriteStream with its
// default 16 kB mark) each record cost a thread-pool round trip: about a third of the service's CPU for a 1 GB
// upload. Batches are written on the main thread, which has just decrypted the records and still holds them in
// its core's cache: the kernel's copy into the page cache is cheap there, and the upload ran at 0.85-1.41 of the
// bare sink against 0.81-0.94 with the same batches written by the thread pool, where the copy runs on the other
// core (1 MB batches from the pool cost 1.8-1.9 s of kernel CPU per GB). A write to the page cache takes well
// under a millisecond, unless the kernel makes writers wait for the disk (too many dirty pages): once one write
// takes SLOW_WRITE_MS, the writer hands the rest to the thread pool, so the service's event loop waits on the
// disk for that one write at most. See docs/benchmarks.md, Uploads API.
import { writevSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";

export const BATCH_BYTES = 256 * 1024;

/** A write on the main thread this slow means the kernel is holding writers back: the rest go to the thread pool. */
export const SLOW_WRITE_MS = 10;

/** What the writer needs of a file: a positional write, now (on this thread) or on the thread pool. */
export interface PositionalFile {
  writevNow(buffers: Buffer[], position: number): number;
  writev(buffers: Buffer[], position: number): Promise<{ bytesWritten: number }>;
}

/** An open file as the writer uses it. */
export function positionalFile(handle: FileHandle): PositionalFile {
  return {
    writevNow: (buffers, position) => writevSync(handle.fd, buffers, position),
    writev: (buffers, position) => handle.writev(buffers, position),
  };
}

export class BatchedFileWriter extends Writable {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** One batch is written while the next one gathers; a failed write fails the next call. */
  private writing: Promise<void> = Promise.resolve();
  /** Bytes handed to writes so far. */
  written = 0;
  /** Writes run on this thread until one is slow (see SLOW_WRITE_MS). */
  onThisThread = true;

  constructor(
    private readonly file: PositionalFile,
    private position: number,
  ) {
    super({ highWaterMark: BATCH_BYTES });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes < BATCH_BYTES) done();
    else this.startBatch().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.startBatch()
      .then(() => this.writing)
      .then(() => done(), done);
  }

  // Waits for a write still under way, so nothing lands in the file after the stream has closed (the caller may
  // cut the file back after a failure).
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.writing.then(
      () => done(error),
      () => done(error),
    );
  }

  /** Waits for the write under way, then starts writing the gathered batch (without waiting for it). */
  private async startBatch(): Promise<void> {
    await this.writing;
    if (this.batchBytes === 0) return;
    const buffers = this.batch;
    const position = this.position;
    this.position += this.batchBytes;
    this.written += this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    if (!this.onThisThread) {
      this.writing = writeAll(this.file, buffers, position);
      return;
    }
    const started = performance.now();
    writeAllNow(this.file, buffers, position);
    if (performance.now() - started >= SLOW_WRITE_MS) this.onThisThread = false;
  }
}

/** writev at a position on this thread, again for whatever a short write left over. */
function writeAllNow(file: PositionalFile, buffers: Buffer[], position: number): void {
  for (let rest = buffers, at = position; rest.length > 0; ) {
    const written = file.writevNow(rest, at);
    rest = leftAfter(rest, written);
    at += written;
  }
}

/** writev at a position on the thread pool, again for whatever a short write left over. */
async function writeAll(file: PositionalFile, buffers: Buffer[], position: number): Promise<void> {
  for (let rest = buffers, at = position; rest.length > 0; ) {
    const { bytesWritten: written } = await file.writev(rest, at);
    rest = leftAfter(rest, written);
    at += written;
  }
}

/** What a write of `written` bytes left to write; a write that took nothing would be asked again for ever. */
function leftAfter(buffers: Buffer[], written: number): Buffer[] {
  if (written === 0) throw new Error("the file took no bytes");
  return dropBytes(buffers, written);
}

/** Pure: the buffers without their first `count` bytes. */
export function dropBytes(buffers: Buffer[], count: number): Buffer[] {
  let left = count;
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (left >= b.length) {
      left -= b.length;
      continue;
    }
    out.push(left > 0 ? b.subarray(left) : b);
    left = 0;
  }
  return out;
}
