// Pulumi serialises a dynamic provider's code into the state of every resource, and deletes and refreshes
// run whatever code was stored at the last update. So the serialised provider is only this shim: at run time
// it loads the implementation from the package (this project, or the installed `foundry-finetune` when another
// program imports it; the engine starts providers in the program's directory), so every operation runs the
// current code and state holds no code worth reading. In a checkout that is the source,
// `resources/<kind>/provider.ts`, through tsx; an installed package ships no source (Node also refuses to strip
// types under node_modules), so there it is the built `dist/resources/<kind>/provider.js`. The implementation
// must keep reading the state older versions wrote, and state written before the per-kind folders loads
// `resources/providers/<kind>.ts`, which forwards here.
import type * as pulumi from "@pulumi/pulumi";

/** Every provider kind: one folder each in resources/, whose provider.ts exports `provider`. */
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
    const shared = globalThis as {
      __foundryRoot?: string;
      __foundryTsx?: boolean;
      __foundryProviders?: Record<string, pulumi.dynamic.ResourceProvider>;
    };
    const loaded = (shared.__foundryProviders ??= {});
    if (loaded[name]) return loaded[name];
    const path = require("node:path");
    const nodeModule = require("node:module");
    // The package's root: an importing program has it in node_modules; this project's own program is it.
    if (!shared.__foundryRoot) {
      try {
        shared.__foundryRoot = path.dirname(
          require.resolve("foundry-finetune/package.json", { paths: [process.cwd()] }),
        );
      } catch {
        shared.__foundryRoot = process.cwd();
      }
    }
    const root = shared.__foundryRoot!;
    const source = path.join(root, "resources", name, "provider.ts");
    if (require("node:fs").existsSync(source)) {
      if (!shared.__foundryTsx) {
        // As startup/module-loading.ts does for the program: Node's compile cache (Node 22.1+), then tsx.
        nodeModule.enableCompileCache?.(path.join(root, ".cache", "node-compile-cache"));
        require(require.resolve("tsx/cjs/api", { paths: [root] })).register();
        shared.__foundryTsx = true;
      }
      loaded[name] = require(source).provider;
    } else {
      // The package as npm installs it: built JavaScript only, and the compile cache in Node's default folder,
      // since the installed package's own may not be writable.
      nodeModule.enableCompileCache?.();
      loaded[name] = require(path.join(root, "dist", "resources", name, "provider.js")).provider;
    }
    // The engine ends providers with a signal, which skips Node's flush of the compile cache at exit.
    nodeModule.flushCompileCache?.();
    return loaded[name]!;
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
