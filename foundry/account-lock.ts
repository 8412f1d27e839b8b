// One ARM write at a time per account inside this process: Azure answers concurrent sibling
// deployment writes with 409 RequestConflict (the azurerm provider locks the account the same way, [TF] in
// docs/azure-sources.md). Writes from other
// processes still collide; the retry policy handles those.

export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier holder of `key` has finished (in call order). */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow forever.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Number of keys with a holder or waiters (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

/** The process-wide lock used around ARM writes. */
export const accountWriteLock = new KeyedMutex();
