// `npm run pulumi -- <args>`: any pulumi command in the project's environment (see lib/pulumi-env.mjs).
// A command naming a stack that does not exist yet but has its Pulumi.<stack>.yaml creates it first.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { log, projectRoot } from "./lib/project.mjs";
import { pulumiEnv } from "./lib/pulumi-env.mjs";
import { cwdArg, listsStack, stackToEnsure } from "./lib/stack-args.mjs";
import { ensureSdkGenerators, ensureToolchain, ensureYamlHost } from "./toolchain.mjs";

function pulumi(bin, env, args, stdio, cwd = projectRoot) {
  return spawnSync(path.join(bin, "pulumi"), args, { cwd, stdio, env, encoding: "utf8" });
}

/** `stack init` for a configured stack the backend does not hold yet (it also becomes the selected stack). */
function ensureStack(bin, env, stack, projectDir) {
  const listed = pulumi(bin, env, ["stack", "ls", "--json"], ["ignore", "pipe", "pipe"], projectDir);
  if (listed.status !== 0) return; // not logged in, or a backend error: the command itself will say so
  if (listsStack(listed.stdout, stack)) return;
  log(`stack ${stack} does not exist yet; creating it for Pulumi.${stack}.yaml (pulumi stack init ${stack})`);
  const created = pulumi(
    bin,
    env,
    ["stack", "init", stack, "--non-interactive"],
    ["ignore", "ignore", "inherit"],
    projectDir,
  );
  if (created.status !== 0) throw new Error(`pulumi stack init ${stack} exited with ${created.status}`);
}

/** A Pulumi YAML project (examples/yaml-model) needs the YAML language host on PATH. */
function isYamlProject(projectDir) {
  const file = path.join(projectDir, "Pulumi.yaml");
  return existsSync(file) && /^runtime:\s*yaml\s*$/m.test(readFileSync(file, "utf8"));
}

try {
  const { bin } = ensureToolchain();
  const env = pulumiEnv(bin);
  const args = process.argv.slice(2);
  // Another project (an example under examples/) is named with --cwd, as pulumi itself takes it.
  const projectDir = path.resolve(projectRoot, cwdArg(args) ?? ".");
  if (isYamlProject(projectDir)) env.PATH = `${ensureYamlHost(bin)}${path.delimiter}${env.PATH}`;
  if (args[0] === "package" && args[1] === "gen-sdk")
    env.PATH = `${ensureSdkGenerators(bin)}${path.delimiter}${env.PATH}`;
  const stack = stackToEnsure(args, (name) => existsSync(path.join(projectDir, `Pulumi.${name}.yaml`)));
  if (stack) ensureStack(bin, env, stack, projectDir);
  const result = pulumi(bin, env, args, "inherit");
  process.exit(result.status ?? 1);
} catch (error) {
  log(error.message);
  process.exit(1);
}
