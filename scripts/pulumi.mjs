// `npm run pulumi -- <args>`: any pulumi command in the project's environment (see lib/pulumi-env.mjs).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureToolchain } from "./toolchain.mjs";
import { log, projectRoot } from "./lib/project.mjs";
import { pulumiEnv } from "./lib/pulumi-env.mjs";

try {
  const { bin } = ensureToolchain();
  const result = spawnSync(path.join(bin, "pulumi"), process.argv.slice(2), {
    cwd: projectRoot,
    stdio: "inherit",
    env: pulumiEnv(bin),
  });
  process.exit(result.status ?? 1);
} catch (error) {
  log(error.message);
  process.exit(1);
}
