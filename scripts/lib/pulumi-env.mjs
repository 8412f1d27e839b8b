// The environment every pulumi command of this project runs in: the built CLI first on PATH, Node 24,
// a project-local PULUMI_HOME and, unless the user chose their own backend, a file state backend inside
// the project. Nothing here is interactive and nothing reaches for a download site.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { localPulumiDir, nodeBin } from "./project.mjs";

/**
 * The passphrase of the embedded local stacks' secrets. It protects nothing of value (the local service's
 * key is generated per machine) and is only applied with the embedded file backend when the user set no
 * passphrase of their own. Stacks on a shared backend must set PULUMI_CONFIG_PASSPHRASE(_FILE) or use
 * another secrets provider.
 */
const LOCAL_ONLY_PASSPHRASE = "foundry-local-only";

/** True after `npm run pulumi -- login <backend>`: the user chose a backend, so the embedded one stays out. */
function loggedIn(pulumiHome) {
  try {
    return Boolean(JSON.parse(readFileSync(path.join(pulumiHome, "credentials.json"), "utf8")).current);
  } catch {
    return false;
  }
}

export function pulumiEnv(toolchainBin, base = process.env) {
  const env = { ...base };
  env.PATH = [toolchainBin, nodeBin, base.PATH ?? ""].join(path.delimiter);
  env.PULUMI_HOME = base.PULUMI_HOME ?? path.join(localPulumiDir, "home");
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  // ts-node only transpiles: type checking the whole program on every preview cost ~10 s, and
  // `npm test` type-checks the project once (test/unit/typecheck.test.ts).
  env.PULUMI_NODEJS_TRANSPILE_ONLY = base.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true";
  if (!base.PULUMI_BACKEND_URL && !loggedIn(env.PULUMI_HOME)) {
    const stateDir = path.join(localPulumiDir, "state");
    mkdirSync(stateDir, { recursive: true });
    env.PULUMI_BACKEND_URL = `file://${stateDir}`;
    if (base.PULUMI_CONFIG_PASSPHRASE === undefined && !base.PULUMI_CONFIG_PASSPHRASE_FILE) {
      env.PULUMI_CONFIG_PASSPHRASE = LOCAL_ONLY_PASSPHRASE;
    }
  }
  mkdirSync(env.PULUMI_HOME, { recursive: true });
  return env;
}
