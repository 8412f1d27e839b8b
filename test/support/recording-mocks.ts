// The SDK's mock runtime, recording every resource a program registers (its type, name and inputs) and
// answering with its inputs as its state, as the tests of the package's API and resource classes need.
import * as pulumi from "@pulumi/pulumi";

export function recordRegistrations(
  registered: pulumi.runtime.MockResourceArgs[],
  project = "app",
  stack = "dev",
): Promise<void> {
  return pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    project,
    stack,
    false,
  );
}
