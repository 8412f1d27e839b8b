// The one retry policy, as pure functions: which failures are worth another try, and how long to wait.
// The loop that applies it lives in retry.ts; the SDKs' own retries are switched off (see retry.ts).
import { ARM_CONFLICT_CODES } from "../azure/faults";

/** What the policy needs to know about a failure (a normalised FoundryError satisfies it). */
export interface FailureFacts {
  status?: number;
  code?: string;
  message?: string;
  /** Server-requested pause, from Retry-After / retry-after-ms. */
  retryAfterMs?: number;
}

export type RetryDecision = "retry" | "fail";

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for longer than this is still obeyed only up to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Error codes of a connection that failed or dropped before a response arrived. */
const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
  "ERR_STREAM_PREMATURE_CLOSE",
  "REQUEST_SEND_ERROR",
  "CONNECTION_ERROR",
  "TIMEOUT",
]);

const CONNECTION_MESSAGES =
  /socket hang up|fetch failed|other side closed|connection (error|reset|refused)|network error|request timed out|terminated/i;

/** Codes that mean the request never reached the service, so it was certainly not applied. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export function isConnectionFailure(facts: FailureFacts): boolean {
  if (facts.status !== undefined) return false;
  // A known code decides on its own: a TLS or DNS failure also says "fetch failed", but will not heal.
  if (facts.code !== undefined) return CONNECTION_CODES.has(facts.code);
  return CONNECTION_MESSAGES.test(facts.message ?? "");
}

/**
 * Retry throttling, server faults, ARM's parent-resource conflict and dropped connections.
 * Never retry other 4xx: a validation error answers the same way every time.
 */
export function classify(facts: FailureFacts): RetryDecision {
  const { status } = facts;
  if (status === undefined) return isConnectionFailure(facts) ? "retry" : "fail";
  if (status === 429 || status === 408) return "retry";
  if (status === 409) return isArmConflict(facts.code) ? "retry" : "fail";
  if (status === 501 || status === 505) return "fail";
  if (status >= 500 && status <= 599) return "retry";
  return "fail";
}

/**
 * True when the failed request may still have been applied by the service (the connection dropped after
 * sending, or the server failed mid-way). A non-idempotent create must look before it tries again.
 */
export function mayHaveBeenApplied(facts: FailureFacts): boolean {
  if (facts.status === undefined) return !(facts.code !== undefined && NOT_SENT_CODES.has(facts.code));
  return facts.status === 408 || facts.status === 500 || facts.status === 502 || facts.status === 504;
}

/**
 * Pause before retry number `attempt` (1-based). A server-requested pause wins (capped);
 * otherwise capped exponential backoff with "equal jitter": half fixed, half random, never zero.
 */
export function delayFor(
  attempt: number,
  facts: FailureFacts,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (facts.retryAfterMs !== undefined && Number.isFinite(facts.retryAfterMs) && facts.retryAfterMs >= 0) {
    return Math.min(facts.retryAfterMs, policy.maxRetryAfterMs);
  }
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/**
 * Server-requested pause from response headers: `retry-after-ms` (openai's convention, milliseconds),
 * `x-ms-retry-after-ms`, then `retry-after` as seconds or an HTTP date.
 */
export function retryAfterFromHeaders(
  get: (name: string) => string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = get(name);
    if (value != null && value.trim() !== "") {
      const ms = Number(value);
      if (Number.isFinite(ms) && ms >= 0) return ms;
    }
  }
  const header = get("retry-after");
  if (header == null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  return undefined;
}

function isArmConflict(code: string | undefined): boolean {
  if (code === undefined) return false;
  return ARM_CONFLICT_CODES.some((known) => known.toLowerCase() === code.toLowerCase());
}
