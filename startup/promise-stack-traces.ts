// The SDK takes a stack trace for every promise it tracks (each property of each resource, each log call, each
// output it serialises), and formatting one goes through the source-map hook: in an unchanged preview of 10
// models that was about 0.4 s of the program's CPU (profiled with --cpu-prof). The SDK reads those traces only
// to print leaked promises when PULUMI_DEBUG_PROMISE_LEAKS is set, so without that switch they are left
// unformatted. Every other stack trace is formatted as before.
type PrepareStackTrace = (error: Error, callSites: NodeJS.CallSite[]) => unknown;

const SDK_PROMISE_TRACKING = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** Whether a trace was taken by the SDK's promise tracking: its first frame is the SDK's debuggablePromise. */
function isPromiseTrackingTrace(callSites: readonly NodeJS.CallSite[]): boolean {
  const first = callSites[0];
  return (
    first !== undefined &&
    first.getFunctionName() === "debuggablePromise" &&
    SDK_PROMISE_TRACKING.test(first.getFileName() ?? "")
  );
}

export function skipFormattingPromiseTrackingTraces(env: NodeJS.ProcessEnv = process.env): void {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return;
  const format = Error.prepareStackTrace as PrepareStackTrace | undefined;
  if (!format) return; // V8's own formatting, without source maps, is cheap enough
  Error.prepareStackTrace = (error, callSites) =>
    isPromiseTrackingTrace(callSites) ? String(error) : format(error, callSites);
}

/**
 * Turns stack traces off until the returned function is called: for the synchronous registration of a resource,
 * where the SDK tracks one promise per property and even taking the traces shows in a profile. The resource's
 * source position is unaffected: the SDK lifts the limit to compute it.
 */
export function withoutPromiseStackTraces(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
