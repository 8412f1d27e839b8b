// The environment every pulumi command of this project runs in: the chosen CLI first on PATH, Node 24, a
// project-local PULUMI_HOME and, unless the user chose their own backend, a file state backend inside the
// project; throwaway stacks get the same CLI settings with their own state. Nothing here is interactive and
// nothing reaches for a download site.
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

/**
 * What every run of the CLI for this project needs, wherever its state lives: the chosen CLI, then the
 * project's node_modules/.bin (Node 24, tsx), first on PATH; no update check; no plugin download.
 */
function cliSettings(toolchainBin, basePath) {
  return {
    PATH: [toolchainBin, nodeBin, basePath ?? ""].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

// ts-node only transpiles: type checking the whole program on every preview cost ~10 s, and
// `npm test` type-checks the project once (test/unit/typecheck.test.ts).
const TRANSPILE_ONLY = "true";

/** The user's commands (`npm run pulumi`, `npm start`): the user's own backend and settings win over ours. */
export function pulumiEnv(toolchainBin, base = process.env) {
  const env = { ...base, ...cliSettings(toolchainBin, base.PATH) };
  env.PULUMI_HOME = base.PULUMI_HOME ?? path.join(localPulumiDir, "home");
  env.PULUMI_NODEJS_TRANSPILE_ONLY = base.PULUMI_NODEJS_TRANSPILE_ONLY ?? TRANSPILE_ONLY;
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

/**
 * A throwaway stack's variables (e2e tests, chaos campaigns, benchmarks): the same CLI settings, but a file
 * backend in `<scratch>/state` (created here) under the caller's passphrase, whatever backend, passphrase or
 * transpile setting the user has. Only these variables: each caller says what it adds and what it inherits.
 * @public loaded by path from scripts/lib/scratch-pulumi-env.ts
 */
export function scratchPulumiEnv(toolchainBin, scratch, passphrase) {
  const stateDir = path.join(scratch, "state");
  mkdirSync(stateDir, { recursive: true });
  return {
    ...cliSettings(toolchainBin, process.env.PATH),
    PULUMI_NODEJS_TRANSPILE_ONLY: TRANSPILE_ONLY,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
  };
}
