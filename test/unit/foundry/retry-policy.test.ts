import { describe, expect, it } from "vitest";
import { FoundryError } from "../../../foundry/errors";
import { withRetry } from "../../../foundry/retry";
import {
  type BackoffPolicy,
  classify,
  delayFor,
  mayHaveBeenApplied,
  retryAfterFromHeaders,
} from "../../../foundry/retry-policy";

const policy: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

describe("classify", () => {
  it.each([
    [{ status: 429 }, "retry"],
    [{ status: 408 }, "retry"],
    [{ status: 500 }, "retry"],
    [{ status: 502 }, "retry"],
    [{ status: 503 }, "retry"],
    [{ status: 409, code: "RequestConflict" }, "retry"],
    [{ status: 409, code: "requestconflict" }, "retry"],
    [{ status: 409, code: "AnotherOperationInProgress" }, "retry"],
    [{ code: "ECONNRESET", message: "read ECONNRESET" }, "retry"],
    [{ code: "UND_ERR_SOCKET", message: "other side closed" }, "retry"],
    [{ message: "socket hang up" }, "retry"],
    [{ message: "fetch failed" }, "retry"],
    [{ code: "REQUEST_SEND_ERROR", message: "Error sending request" }, "retry"],
  ] as const)("%j -> %s", (facts, expected) => {
    expect(classify(facts)).toBe(expected);
  });

  it.each([
    [{ status: 400, code: "invalidPayload" }],
    [{ status: 401 }],
    [{ status: 403 }],
    [{ status: 404, code: "notFound" }],
    [{ status: 409, code: "conflict" }],
    [{ status: 409 }],
    [{ status: 422 }],
    [{ status: 400, code: "ModelUpgradeNotSupported" }],
    [{ status: 501 }],
    [{ message: "Cannot read properties of undefined" }],
    [{ status: 400, message: "socket hang up" }],
    [{ code: "ERR_TLS_CERT_ALTNAME_INVALID", message: "Connection error. (fetch failed)" }],
    [{ code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "fetch failed" }],
    [{ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND" }],
  ])("%j -> fail", (facts) => {
    expect(classify(facts)).toBe("fail");
  });
});

describe("mayHaveBeenApplied", () => {
  it("is false when the request certainly did not take effect", () => {
    expect(mayHaveBeenApplied({ status: 429 })).toBe(false);
    expect(mayHaveBeenApplied({ status: 503 })).toBe(false);
    expect(mayHaveBeenApplied({ status: 409, code: "RequestConflict" })).toBe(false);
    expect(mayHaveBeenApplied({ code: "ECONNREFUSED" })).toBe(false);
  });
  it("is true for dropped connections and mid-way server faults", () => {
    expect(mayHaveBeenApplied({ code: "ECONNRESET" })).toBe(true);
    expect(mayHaveBeenApplied({ message: "socket hang up" })).toBe(true);
    expect(mayHaveBeenApplied({ status: 500 })).toBe(true);
    expect(mayHaveBeenApplied({ status: 504 })).toBe(true);
  });
});

describe("delayFor", () => {
  it("obeys the server's pause, capped", () => {
    expect(delayFor(1, { status: 429, retryAfterMs: 2_000 }, policy, () => 0.9)).toBe(2_000);
    expect(delayFor(3, { status: 429, retryAfterMs: 60_000 }, policy)).toBe(5_000);
    expect(delayFor(1, { status: 429, retryAfterMs: 0 }, policy)).toBe(0);
  });
  it("backs off exponentially with jitter between half and all of the cap", () => {
    expect(delayFor(1, { status: 503 }, policy, () => 0)).toBe(50);
    expect(delayFor(1, { status: 503 }, policy, () => 1)).toBe(100);
    expect(delayFor(2, { status: 503 }, policy, () => 1)).toBe(200);
    expect(delayFor(3, { status: 503 }, policy, () => 0)).toBe(200);
    expect(delayFor(10, { status: 503 }, policy, () => 1)).toBe(1_000);
    expect(delayFor(10, { status: 503 }, policy, () => 0)).toBe(500);
  });
});

describe("retryAfterFromHeaders", () => {
  const from = (headers: Record<string, string>) => (name: string) => headers[name];
  it("reads retry-after-ms first, then seconds, then an HTTP date", () => {
    expect(retryAfterFromHeaders(from({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryAfterFromHeaders(from({ "retry-after": "3" }))).toBe(3_000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterFromHeaders(from({ "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }), now)).toBe(7_000);
    expect(retryAfterFromHeaders(from({}))).toBeUndefined();
    expect(retryAfterFromHeaders(from({ "retry-after": "soon" }))).toBeUndefined();
  });
});

describe("withRetry", () => {
  const instant = { sleep: async () => {}, random: () => 1, backoff: policy };

  it("retries transient failures until success and reports each pause", async () => {
    const failures = [
      new FoundryError({ message: "busy", status: 429, retryAfterMs: 700 }),
      new FoundryError({ message: "down", status: 503 }),
    ];
    const pauses: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return "ok";
      },
      { ...instant, onRetry: ({ delayMs }) => pauses.push(delayMs) },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(pauses).toEqual([700, 200]);
  });

  it("does not retry a validation error", async () => {
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw new FoundryError({ message: "bad suffix", status: 400, code: "invalidPayload" });
    }, instant).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ status: 400, code: "invalidPayload", message: "bad suffix", retryable: false });
  });

  it("gives up after maxRetries and throws the last error", async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new FoundryError({ message: `busy ${calls}`, status: 429 });
      },
      { ...instant, maxRetries: 2 },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toMatchObject({ message: "busy 3", status: 429 });
  });

  it("stops when the next pause would pass the deadline", async () => {
    let clock = 0;
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new FoundryError({ message: "busy", status: 429, retryAfterMs: 4_000 });
      },
      { ...instant, maxRetries: 10, deadlineMs: 10_000, now: () => clock, sleep: async (ms) => void (clock += ms) },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3); // attempts at t=0, 4000, 8000; a pause to 12000 would pass the deadline
    expect(error).toBeInstanceOf(FoundryError);
  });

  it("normalises plain errors from sockets", async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
      return calls;
    }, instant);
    expect(result).toBe(2);
  });

  it("looks for the result of a possibly-applied write instead of repeating it", async () => {
    let creates = 0;
    const result = await withRetry(
      async () => {
        creates++;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      },
      { ...instant, recover: async () => "found-existing" },
    );
    expect(result).toBe("found-existing");
    expect(creates).toBe(1);
  });

  it("retries the write when the lookup finds nothing, and never looks after a throttle", async () => {
    const failures: Error[] = [
      new FoundryError({ message: "busy", status: 429 }),
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    ];
    let lookups = 0;
    const result = await withRetry(
      async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return "created";
      },
      { ...instant, recover: async () => void lookups++ },
    );
    expect(result).toBe("created");
    expect(lookups).toBe(1);
  });
});
