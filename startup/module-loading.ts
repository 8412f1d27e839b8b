// index.ts imports this module before any other, so everything the program loads after it goes through it.
// Pulumi's ts-node transpiles every TypeScript file of the program again on every run; tsx (esbuild) keeps its
// output in a disk cache, and Node's compile cache keeps V8's code for zod and our modules. Together they take
// about 0.25 s off every preview and up (`npm run bench -- preview`). The provider processes do the same in
// provider-shim.ts. The package as npm installs it is built JavaScript (dist/): it needs no compiler, and
// leaves the importing program's own TypeScript to its own loader.
import * as nodeModule from "node:module";
import path from "node:path";

if (__filename.endsWith(".ts")) {
  // Node 22.1 and later; an older Node still runs the program, only slower.
  nodeModule.enableCompileCache?.(path.join(__dirname, "..", ".cache", "node-compile-cache"));
  // tsx publishes the types of this entry point for node16 module resolution only.
  (require("tsx/cjs/api") as { register: () => unknown }).register();
} else {
  // Node's default folder: the installed package's own may not be writable.
  nodeModule.enableCompileCache?.();
}
