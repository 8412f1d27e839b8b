// A shared pool of validation threads, so parsing, rules and tokenizing (the slow part) run on every core while
// the main thread reads and hashes. Threads start once per process (loading the tokenizer takes a while) and are
// unref'd while idle so they never keep the process alive. Bounded in-flight work keeps memory flat: submit
// waits for room. Each batch gets its results in submission order.

import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Encoding } from "../azure/models";
import type { RegionResult, RegionTask } from "./region";
import type { TokenTables } from "./token-set";
import { tokenTables, useTokenTables } from "./tokens";

// Workers start from this plain-JS stub; when the library runs from TypeScript sources (tsx, vitest, ts-node)
// it first registers tsx's CommonJS hook so the .ts worker entry can load.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.tsxApi) require(workerData.tsxApi).register();
require(workerData.entry);
`;

// Enough queued regions (~1 MB each) that a thread never waits on a briefly descheduled main thread.
const IN_FLIGHT_PER_WORKER = 4;

// A region is a read chunk (1 MB, validate/scan.ts) plus the partial line before it: room for both, so a buffer
// handed back fits the next region.
const REGION_BUFFER_BYTES = (1 << 20) + (64 << 10);

// A thread's garbage is short-lived (parsed lines, token arrays): V8's default young generation lets it pile up to
// tens of MB per thread before a scavenge, and the peak RSS with it. A small one keeps each thread near its live
// data (the tokenizer's tables); measured on 100 MB with 2 threads: 637 -> 420 MB, and no slower.
const YOUNG_GENERATION_MB = 4;

/** The regions one caller (one file) has submitted. */
export interface RegionBatch {
  /**
   * Queue a region; resolves once there is room for more (not when this one is done). The region's bytes are
   * copied: the caller may reuse them once this resolves.
   */
  submit(task: RegionTask): Promise<void>;
  /** Resolves when every region of this batch is delivered; rejects if a thread failed. */
  done(): Promise<void>;
}

interface BatchState {
  onResult: (result: RegionResult) => void;
  submitted: number;
  delivered: number;
  /** Results that arrived ahead of an earlier region, by sequence number. */
  early: Map<number, RegionResult>;
  failure?: Error;
}

interface Pending {
  worker: number;
  batch: BatchState;
  seq: number;
}

class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly tablesSent: Set<Encoding>[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Region buffers the threads have handed back, reused so the check allocates none per region. */
  private readonly spare: ArrayBuffer[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 0;
  broken: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startThread("region-worker");
      worker.on("message", (msg: { id: number; result?: RegionResult; error?: string; region?: Uint8Array }) =>
        this.settle(msg),
      );
      worker.on("error", (err) => this.breakDown(err));
      worker.unref();
      this.workers.push(worker);
      this.busy.push(0);
      this.tablesSent.push(new Set());
    }
  }

  get size(): number {
    return this.workers.length;
  }

  batch(onResult: (result: RegionResult) => void): RegionBatch {
    const state: BatchState = { onResult, submitted: 0, delivered: 0, early: new Map() };
    return {
      submit: (task) => this.submit(task, state),
      done: async () => {
        while (state.delivered < state.submitted && !this.broken && !state.failure) await this.wait();
        if (state.failure ?? this.broken) throw state.failure ?? this.broken;
      },
    };
  }

  get idle(): boolean {
    return this.pending.size === 0;
  }

  terminate(): void {
    for (const w of this.workers) void w.terminate();
  }

  private async submit(task: RegionTask, batch: BatchState): Promise<void> {
    if (task.ctx.encoding) await tablesBuiltOffThread(task.ctx.encoding);
    while (this.idleSlot() < 0 && !this.broken) await this.wait();
    if (this.broken) throw this.broken;
    const w = this.idleSlot();
    const id = this.nextId++;
    this.busy[w]++;
    this.pending.set(id, { worker: w, batch, seq: batch.submitted++ });
    if (this.pending.size === 1) for (const worker of this.workers) worker.ref(); // keep the process up while busy
    // A thread's first region of an encoding carries its token tables: shared memory, built once per process.
    const encoding = task.ctx.encoding;
    const tables = encoding && !this.tablesSent[w].has(encoding) ? tokenTables(encoding) : undefined;
    if (encoding) this.tablesSent[w].add(encoding);
    const region = this.regionCopy(task.region);
    this.workers[w].postMessage({ id, task: { ...task, region }, tables }, [region.buffer as ArrayBuffer]);
  }

  private regionCopy(bytes: Uint8Array): Uint8Array {
    let buffer = this.spare.pop();
    if (!buffer || buffer.byteLength < bytes.byteLength)
      buffer = new ArrayBuffer(Math.max(bytes.byteLength, REGION_BUFFER_BYTES));
    const copy = new Uint8Array(buffer, 0, bytes.byteLength);
    copy.set(bytes);
    return copy;
  }

  private wait(): Promise<void> {
    return new Promise<void>((r) => this.waiters.push(r));
  }

  private idleSlot(): number {
    let best = -1;
    for (let i = 0; i < this.busy.length; i++) {
      if (this.busy[i] < IN_FLIGHT_PER_WORKER && (best < 0 || this.busy[i] < this.busy[best])) best = i;
    }
    return best;
  }

  private settle(msg: { id: number; result?: RegionResult; error?: string; region?: Uint8Array }): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.region && this.spare.length < this.workers.length * IN_FLIGHT_PER_WORKER)
      this.spare.push(msg.region.buffer as ArrayBuffer);
    this.pending.delete(msg.id);
    if (this.pending.size === 0) for (const worker of this.workers) worker.unref();
    this.busy[p.worker]--;
    const b = p.batch;
    if (msg.error !== undefined || !msg.result) {
      b.failure ??= new Error(`validation thread failed: ${msg.error}`);
    } else {
      b.early.set(p.seq, msg.result);
      for (let next = b.early.get(b.delivered); next; next = b.early.get(b.delivered)) {
        b.early.delete(b.delivered);
        b.delivered++;
        if (!b.failure) {
          try {
            b.onResult(next);
          } catch (err) {
            b.failure = err as Error;
          }
        }
      }
    }
    if (b.failure) b.delivered = b.submitted; // let done() settle with the failure
    this.wake();
  }

  private breakDown(err: Error): void {
    this.broken ??= err;
    if (shared === this) shared = undefined;
    this.terminate();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A thread running `entry` (region-worker, tables-worker) from this module's folder, TypeScript or built JS. */
function startThread(entry: string, data: object = {}): Worker {
  const fromTs = __filename.endsWith(".ts");
  const workerData = {
    ...data,
    entry: join(__dirname, `${entry}${fromTs ? ".ts" : ".js"}`),
    tsxApi: fromTs ? require.resolve("tsx/cjs/api") : undefined,
  };
  return new Worker(BOOTSTRAP, {
    eval: true,
    workerData,
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}

const tablesBuilt = new Map<Encoding, Promise<void>>();

/** Builds an encoding's token tables on a thread of its own, once per process (see tables-worker.ts). */
function tablesBuiltOffThread(encoding: Encoding): Promise<void> {
  let built = tablesBuilt.get(encoding);
  if (!built) {
    built = new Promise<void>((resolve, reject) => {
      const thread = startThread("tables-worker", { encoding });
      thread.once("message", (tables: TokenTables) => {
        useTokenTables(encoding, tables);
        resolve();
      });
      thread.once("error", reject);
      thread.once("exit", (code) => reject(new Error(`token tables thread exited with code ${code}`)));
    });
    built.catch(() => tablesBuilt.delete(encoding)); // a later check tries again
    tablesBuilt.set(encoding, built);
  }
  return built;
}

let shared: WorkerPool | undefined;

/** A batch on the process-wide pool of `size` threads (recreated if the size changes or a thread died). */
export function regionBatch(size: number, onResult: (result: RegionResult) => void): RegionBatch {
  if (!shared || shared.size !== size || shared.broken) {
    if (shared?.idle) shared.terminate(); // a busy one finishes its work, then sits unref'd
    shared = new WorkerPool(size);
  }
  return shared.batch(onResult);
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
