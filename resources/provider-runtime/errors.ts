// Errors a provider method throws. When the remote object already exists, the error carries its id and
// properties, so Pulumi keeps it in state (ErrorResourceInitFailed) instead of orphaning it.
import type * as pulumi from "@pulumi/pulumi";

export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: object,
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
  readonly reasons: string[] = [this.message];
}

/** A failure whose message tells the user what to do (wrong key, job failed...): not a bug, so no stack trace. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderError";
  }
}

/** Pure: errors the user should read as a message; anything else is unexpected and keeps its trace. */
export function isExpectedFailure(error: unknown): error is Error {
  return error instanceof Error && ["ProviderError", "ResourceInitError", "FoundryError"].includes(error.name);
}

/**
 * Pulumi's dynamic-provider host prints `${error}: ${error.stack}` to the CLI for every failure, so a clear
 * message arrives wrapped in frames of our code and looks like a crash. For expected failures the frames
 * are dropped (FOUNDRY_DEBUG=1 keeps them); the message and, for init errors, id and properties are kept.
 */
export function withCleanErrors<Inputs, Outputs>(
  provider: pulumi.dynamic.ResourceProvider<Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  const clean = <A extends unknown[], R>(method: ((...args: A) => Promise<R>) | undefined) =>
    method &&
    (async (...args: A): Promise<R> => {
      try {
        return await method.apply(provider, args);
      } catch (error) {
        if (isExpectedFailure(error) && !process.env.FOUNDRY_DEBUG) error.stack = "";
        throw error;
      }
    });
  const wrapped = Object.fromEntries(Object.entries(provider).map(([name, method]) => [name, clean(method as never)]));
  return wrapped as unknown as pulumi.dynamic.ResourceProvider<Inputs, Outputs>;
}
