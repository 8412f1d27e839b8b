// A writable that stores what it is given at a position of an open file, gathering chunks into batches of at
// least BATCH_BYTES per write. A part arrives as 16 kB TLS records; written one by one (fs.WriteStream with its
// default 16 kB mark) each record cost a thread-pool round trip: about a third of the service's CPU for a 1 GB
// upload. Batches of 1 MB cost the other way: on a 2-core machine the kernel took 1.8-1.9 s of CPU per GB to copy
// them into the page cache, against 0.35-0.45 s in 256 kB batches (128 kB: 0.45-0.55 s, with more round trips on
// the main thread). The records are fresh buffers the main thread has just written, copied on another core; pinned
// to one core, 1 MB batches cost as little. See docs/benchmarks.md, Uploads API.
import { Writable } from "node:stream";

export const BATCH_BYTES = 256 * 1024;

/** What the writer needs of a file (a FileHandle has it). */
export interface PositionalFile {
  writev(buffers: Buffer[], position: number): Promise<{ bytesWritten: number }>;
}

export class BatchedFileWriter extends Writable {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** One batch is written while the next one gathers; a failed write fails the next call. */
  private writing: Promise<void> = Promise.resolve();
  /** Bytes handed to writes so far. */
  written = 0;

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
    this.writing = writeAll(this.file, buffers, position);
  }
}

/** writev at a position, again for whatever a short write left over. */
async function writeAll(file: PositionalFile, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten: written } = await file.writev(rest, at);
    if (written === 0) throw new Error("the file took no bytes");
    at += written;
    rest = dropBytes(rest, written);
  }
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
