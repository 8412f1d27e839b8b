// The retry loop. How the layers combine: both SDKs are built with their own retries OFF
// (openai `maxRetries: 0`, Azure `retryOptions.maxRetries: 0`), so this loop is the only one and a
// throttled call is retried `maxRetries` times in total, never maxRetries x sdkRetries. ARM long-running
// operations are retried as a whole (a re-PUT of the same body is idempotent); their polling interval
// is the poller's, not ours.
import { type FoundryError, toFoundryError } from "./errors";
import { type BackoffPolicy, classify, DEFAULT_BACKOFF, delayFor, mayHaveBeenApplied } from "./retry-policy";

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** No retry starts after this many ms from the first attempt (the last attempt may still run past it). */
  deadlineMs?: number;
  backoff?: BackoffPolicy;
  /** Called before each pause; for progress logs. */
  onRetry?: (info: { attempt: number; delayMs: number; error: FoundryError }) => void;
  /**
   * For non-idempotent writes: when a failure may have been applied (a dropped connection after sending),
   * look for the result before trying again. A defined answer is returned instead of retrying.
   */
  recover?: () => Promise<unknown>;
  /** Seams for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_RETRY_DEADLINE_MS = 10 * 60_000;

/** Runs `operation`, retrying what the policy calls transient; always throws a FoundryError. */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = now() + (options.deadlineMs ?? DEFAULT_RETRY_DEADLINE_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (raw) {
      const error = toFoundryError(raw);
      if (classify(error) === "fail" || attempt > maxRetries) throw error;
      const delayMs = delayFor(attempt, error, options.backoff ?? DEFAULT_BACKOFF, options.random);
      if (now() + delayMs > deadline) throw error;
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
      if (options.recover && mayHaveBeenApplied(error)) {
        const recovered = await options.recover();
        if (recovered !== undefined) return recovered as T;
      }
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
