import * as debuggable from "@pulumi/pulumi/runtime/debuggable";
import { afterEach, expect, it } from "vitest";
import { skipFormattingPromiseTrackingTraces, withoutPromiseStackTraces } from "../../../startup/promise-stack-traces";

// The SDK's promise tracking is marked internal, so its type declarations leave it out.
const { debuggablePromise } = debuggable as unknown as {
  debuggablePromise: <T>(promise: Promise<T>, context: string) => Promise<T>;
};

const original = { prepare: Error.prepareStackTrace, limit: Error.stackTraceLimit };
afterEach(() => {
  Error.prepareStackTrace = original.prepare;
  Error.stackTraceLimit = original.limit;
});

/** Tracks a promise the way the SDK does; the SDK keeps the trace on the promise it was given. */
async function track(): Promise<string> {
  const promise = Promise.resolve(1);
  await debuggablePromise(promise, "test");
  return (promise as Promise<number> & { _debugStackTrace: string })._debugStackTrace;
}

/** Installs a formatter that counts its calls, as the source-map hook would format every trace. */
function countingFormatter(): { calls: () => number } {
  let calls = 0;
  Error.prepareStackTrace = (error, sites) => {
    calls++;
    return `${error}\n${sites.map((s) => `    at ${s}`).join("\n")}`;
  };
  return { calls: () => calls };
}

it("leaves the SDK's promise-tracking traces unformatted and formats every other trace as before", async () => {
  const formatter = countingFormatter();
  skipFormattingPromiseTrackingTraces({});

  expect(await track()).toBe("Error");
  expect(formatter.calls()).toBe(0);

  const ours = new Error("boom").stack!;
  expect(formatter.calls()).toBe(1);
  expect(ours).toContain("promise-stack-traces.test.ts");
});

it("changes nothing when PULUMI_DEBUG_PROMISE_LEAKS asks for the traces", async () => {
  const formatter = countingFormatter();
  skipFormattingPromiseTrackingTraces({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
  expect(await track()).toContain("debuggablePromise");
  expect(formatter.calls()).toBe(1);
});

it("turns stack traces off only until restored, and not at all when debugging leaks", () => {
  Error.stackTraceLimit = 10;
  const restore = withoutPromiseStackTraces({});
  expect(new Error("x").stack).toBe("Error: x");
  restore();
  expect(Error.stackTraceLimit).toBe(10);
  expect(new Error("x").stack).toContain("at ");

  withoutPromiseStackTraces({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
  expect(Error.stackTraceLimit).toBe(10);
});
