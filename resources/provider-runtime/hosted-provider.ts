// What every resource kind's provider goes through: expected failures without stack frames (./errors.ts), and
// the engine watch (./engine-watch.ts) started by the first call the process serves, once, whichever kind it
// is: importing a provider (a test, the provider plugin's schema step) starts nothing.
import type * as pulumi from "@pulumi/pulumi";
import { exitWhenEngineGone } from "./engine-watch";
import { withCleanErrors } from "./errors";

/**
 * `provider` with clean errors, whose first call starts the watch that exits once the engine is gone (one watch
 * per process: exitWhenEngineGone keeps it so across kinds).
 */
export function hostedProvider<Inputs, Outputs>(
  provider: pulumi.dynamic.ResourceProvider<Inputs, Outputs>,
  watch: () => void = () => exitWhenEngineGone(), // a provider left behind by a killed CLI exits instead of working on
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  const clean = withCleanErrors(provider);
  let watchStarted = false;
  const watched = <A extends unknown[], R>(method: ((...args: A) => R) | undefined) =>
    method &&
    ((...args: A): R => {
      if (!watchStarted) {
        watchStarted = true;
        watch();
      }
      return method(...args);
    });
  return Object.fromEntries(
    Object.entries(clean).map(([name, method]) => [name, watched(method as never)]),
  ) as unknown as pulumi.dynamic.ResourceProvider<Inputs, Outputs>;
}

/** Read's answer for a remote object that no longer exists: the empty id drops it from state. */
export function vanished<Outputs>(): pulumi.dynamic.ReadResult<Outputs> {
  return { id: "", props: {} as Outputs }; // props stays an object: the host serialises it
}

/** The state the engine sends read: always there for a resource it manages, though the SDK's type allows none. */
export function recordedState<Outputs>(props: Outputs | undefined): Outputs {
  if (!props) throw new Error("read was called without the resource's recorded state");
  return props;
}
