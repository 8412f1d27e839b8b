// The retry policy's edges (foundry/retry-policy.ts): every connection code it knows, which failures may have been
// applied, the status ranges, and the header forms of a server-requested pause. foundry-retry-policy.test.ts has
// the main cases and the retry loop.
import { describe, expect, it } from "vitest";
import {
  classify,
  DEFAULT_BACKOFF,
  delayFor,
  isConnectionFailure,
  mayHaveBeenApplied,
  retryAfterFromHeaders,
} from "../../../foundry/retry-policy";

const CONNECTION_CODES = [
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
];
const NOT_SENT = ["ECONNREFUSED", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"];

describe("connection failures", () => {
  it("retries every code of a connection that failed or dropped, whatever the message says", () => {
    for (const code of CONNECTION_CODES) {
      expect(isConnectionFailure({ code, message: "certificate has expired" }), code).toBe(true);
      expect(classify({ code }), code).toBe("retry");
    }
  });

  it("does not retry another code, even with a message that sounds like a dropped connection", () => {
    expect(isConnectionFailure({ code: "CERT_HAS_EXPIRED", message: "socket hang up" })).toBe(false);
    expect(isConnectionFailure({ code: "econnreset" })).toBe(false); // codes are exact
  });

  it("without a code, reads the message, case-insensitively", () => {
    const messages = [
      "socket hang up",
      "TypeError: fetch failed",
      "other side closed",
      "Connection error.",
      "connection reset by peer",
      "Connection refused",
      "Network Error",
      "Request timed out.",
      "terminated",
    ];
    for (const message of messages) expect(isConnectionFailure({ message }), message).toBe(true);
    for (const message of ["Not Found", "bad request", "connection", "", "time out"])
      expect(isConnectionFailure({ message }), message).toBe(false);
    expect(isConnectionFailure({})).toBe(false);
    expect(classify({})).toBe("fail");
  });

  it("is never a connection failure once the service answered", () => {
    expect(isConnectionFailure({ status: 500, code: "ECONNRESET", message: "socket hang up" })).toBe(false);
    expect(isConnectionFailure({ status: 0, message: "socket hang up" })).toBe(false);
  });
});

describe("status ranges", () => {
  it("retries 5xx but 501 and 505, and nothing outside 500-599 but 408, 409 conflicts and 429", () => {
    const decisions = Object.fromEntries(
      [400, 407, 408, 409, 410, 428, 429, 430, 499, 500, 501, 502, 504, 505, 506, 599, 600].map((status) => [
        status,
        classify({ status }),
      ]),
    );
    expect(decisions).toEqual({
      400: "fail",
      407: "fail",
      408: "retry",
      409: "fail",
      410: "fail",
      428: "fail",
      429: "retry",
      430: "fail",
      499: "fail",
      500: "retry",
      501: "fail",
      502: "retry",
      504: "retry",
      505: "fail",
      506: "retry",
      599: "retry",
      600: "fail",
    });
  });

  it("retries only ARM's parent-resource conflicts among 409s, in any case", () => {
    expect(classify({ status: 409, code: "ANOTHEROPERATIONINPROGRESS" })).toBe("retry");
    expect(classify({ status: 409, code: "RequestConflictX" })).toBe("fail");
    expect(classify({ status: 429, code: "conflict" })).toBe("retry");
  });
});

describe("mayHaveBeenApplied", () => {
  it("is false for a connection that never reached the service, true for one that dropped after sending", () => {
    for (const code of NOT_SENT) expect(mayHaveBeenApplied({ code }), code).toBe(false);
    for (const code of CONNECTION_CODES.filter((c) => !NOT_SENT.includes(c)))
      expect(mayHaveBeenApplied({ code }), code).toBe(true);
    expect(mayHaveBeenApplied({})).toBe(true);
  });

  it("is true only for the statuses of a server that may have failed mid-way", () => {
    const applied = [400, 404, 408, 409, 429, 500, 501, 502, 503, 504, 505].filter((status) =>
      mayHaveBeenApplied({ status }),
    );
    expect(applied).toEqual([408, 500, 502, 504]);
  });
});

describe("delayFor", () => {
  it("uses the default policy: 500 ms doubling up to 30 s, a server pause capped at 2 minutes", () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 });
    expect(delayFor(1, { status: 503 }, undefined, () => 1)).toBe(500);
    expect(delayFor(7, { status: 503 }, undefined, () => 1)).toBe(30_000);
    expect(delayFor(1, { status: 429, retryAfterMs: 600_000 })).toBe(120_000);
  });

  it("treats attempt 0 like attempt 1, and ignores a negative or non-finite server pause", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
    expect(delayFor(0, { status: 503 }, policy, () => 1)).toBe(100);
    expect(delayFor(1, { status: 503, retryAfterMs: -1 }, policy, () => 1)).toBe(100);
    expect(delayFor(1, { status: 503, retryAfterMs: Number.NaN }, policy, () => 1)).toBe(100);
    expect(delayFor(1, { status: 503, retryAfterMs: Number.POSITIVE_INFINITY }, policy, () => 1)).toBe(100);
    expect(delayFor(2, { status: 503 }, policy, () => 0.5)).toBe(150);
    expect(delayFor(1, { status: 503 }, { baseDelayMs: 3, maxDelayMs: 100, maxRetryAfterMs: 0 }, () => 0)).toBe(2); // rounded
  });
});

describe("retryAfterFromHeaders", () => {
  const from = (headers: Record<string, string | null>) => (name: string) => headers[name];
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("reads x-ms-retry-after-ms when retry-after-ms is absent, blank or not a number", () => {
    expect(retryAfterFromHeaders(from({ "x-ms-retry-after-ms": "1500", "retry-after": "9" }))).toBe(1_500);
    expect(retryAfterFromHeaders(from({ "retry-after-ms": " ", "x-ms-retry-after-ms": "40" }))).toBe(40);
    expect(retryAfterFromHeaders(from({ "retry-after-ms": "soon", "x-ms-retry-after-ms": "41" }))).toBe(41);
    expect(retryAfterFromHeaders(from({ "retry-after-ms": "-5", "retry-after": "2" }))).toBe(2_000);
    expect(retryAfterFromHeaders(from({ "retry-after-ms": "0" }))).toBe(0);
    expect(retryAfterFromHeaders(from({ "retry-after-ms": null, "retry-after": "1" }))).toBe(1_000);
  });

  it("reads retry-after as seconds (0 included) or as a date, never negative, and ignores a blank one", () => {
    expect(retryAfterFromHeaders(from({ "retry-after": "0" }))).toBe(0);
    expect(retryAfterFromHeaders(from({ "retry-after": "1.5" }))).toBe(1_500);
    expect(retryAfterFromHeaders(from({ "retry-after": " " }))).toBeUndefined();
    expect(retryAfterFromHeaders(from({ "retry-after": null }))).toBeUndefined();
    expect(retryAfterFromHeaders(from({ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }), now)).toBe(0);
    expect(retryAfterFromHeaders(from({ "retry-after": "-3" }), now)).toBe(0); // not seconds; read as a date long past
  });

  it("measures a date from now by default", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = retryAfterFromHeaders(from({ "retry-after": inTenSeconds }))!;
    expect(ms).toBeGreaterThan(5_000); // the date drops the milliseconds; slack for a loaded machine
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});
