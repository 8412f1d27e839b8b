// A small pool of tokenizer threads, so tokenizing (the slow part) runs on every core while the main thread
// reads, hashes and applies the rules. Bounded in-flight work keeps memory flat: submit waits for room.

import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { TokenCounts, TokenTask } from "./token-job";

// Workers start from this plain-JS stub; when the library runs from TypeScript sources (tsx, vitest, ts-node)
// it first registers tsx's CommonJS hook so the .ts worker entry can load.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.tsxApi) require(workerData.tsxApi).register();
require(workerData.entry);
`;

const IN_FLIGHT_PER_WORKER = 2;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class TokenPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, { worker: number } & Pending>();
  private readonly waiters: (() => void)[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    private readonly onCounts: (counts: TokenCounts) => void,
    size = defaultPoolSize(),
  ) {
    const fromTs = __filename.endsWith(".ts");
    const workerData = {
      entry: join(__dirname, fromTs ? "token-worker.ts" : "token-worker.js"),
      tsxApi: fromTs ? require.resolve("tsx/cjs/api") : undefined,
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
      worker.on("message", (msg: { id: number; counts?: TokenCounts; error?: string }) => this.settle(msg));
      worker.on("error", (err) => this.fail(err));
      this.workers.push(worker);
      this.busy.push(0);
    }
  }

  /** Queue a region; resolves once there is room for more (not when this one is done). */
  async submit(task: TokenTask): Promise<void> {
    while (this.idleSlot() < 0 && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
    const w = this.idleSlot();
    const id = this.nextId++;
    this.busy[w]++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { worker: w, resolve, reject }));
    done.catch(() => undefined); // surfaced through drain()
    this.workers[w].postMessage({ id, task }, [task.region.buffer as ArrayBuffer]);
  }

  /** Wait for every submitted region, then stop the threads. */
  async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
      if (this.failure) throw this.failure;
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
  }

  private idleSlot(): number {
    let best = -1;
    for (let i = 0; i < this.busy.length; i++) {
      if (this.busy[i] < IN_FLIGHT_PER_WORKER && (best < 0 || this.busy[i] < this.busy[best])) best = i;
    }
    return best;
  }

  private settle(msg: { id: number; counts?: TokenCounts; error?: string }): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    this.busy[p.worker]--;
    if (msg.error !== undefined || !msg.counts) this.fail(new Error(`tokenizer thread failed: ${msg.error}`));
    else this.onCounts(msg.counts);
    p.resolve();
    this.wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
