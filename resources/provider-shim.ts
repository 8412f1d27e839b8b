// Pulumi serialises a dynamic provider's code into the state of every resource, and deletes and refreshes
// run whatever code was stored at the last update (pitfall 15). So the serialised provider is only this
// shim: it loads the provider implementation from the project at run time (the engine starts providers
// in the program's directory), through tsx, so every operation runs the current code and state holds no
// code worth reading. The implementation must keep reading the state older versions wrote.
import * as pulumi from "@pulumi/pulumi";

/** Every provider kind: one module each in resources/providers/, exporting `provider`. */
export const PROVIDER_NAMES = ["training-file", "fine-tuning-job", "model-deployment", "evaluation"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

// One provider object per name: Pulumi caches a provider's serialisation per object, and serialising a
// closure for each of hundreds of resources made previews of large stacks several seconds slower.
const providers = new Map<ProviderName, pulumi.dynamic.ResourceProvider>();

export function delegatingProvider(name: ProviderName): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(name);
  if (!provider) {
    provider = makeDelegatingProvider(name);
    providers.set(name, provider);
  }
  return provider;
}

function makeDelegatingProvider(name: ProviderName): pulumi.dynamic.ResourceProvider {
  // Everything below is serialised by value: keep it free of imports and captured objects.
  const load = (): pulumi.dynamic.ResourceProvider => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const shared = globalThis as { __foundryTsx?: boolean; __foundryProviders?: Record<string, pulumi.dynamic.ResourceProvider> };
    const loaded = (shared.__foundryProviders ??= {});
    if (loaded[name]) return loaded[name];
    const path = require("path");
    const nodeModule = require("module");
    if (!shared.__foundryTsx) {
      // As resources/module-loading.ts does for the program: Node's compile cache (Node 22.1+), then tsx.
      nodeModule.enableCompileCache?.(path.join(process.cwd(), ".cache", "node-compile-cache"));
      require(require.resolve("tsx/cjs/api", { paths: [process.cwd()] })).register();
      shared.__foundryTsx = true;
    }
    loaded[name] = require(path.join(process.cwd(), "resources", "providers", `${name}.ts`)).provider;
    // The engine ends providers with a signal, which skips Node's flush of the compile cache at exit.
    nodeModule.flushCompileCache?.();
    return loaded[name]!;
    /* eslint-enable @typescript-eslint/no-require-imports */
  };
  return {
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}
