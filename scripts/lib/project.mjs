// Paths and small process helpers shared by the command-line entry points.
// Plain ESM JavaScript on purpose: bootstrap runs before dependencies (and Node 24) are installed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const nodeBin = path.join(projectRoot, "node_modules", ".bin");
/** Everything local and generated lives under .pulumi/ (git-ignored): state, PULUMI_HOME. */
export const localPulumiDir = path.join(projectRoot, ".pulumi");

export function log(message) {
  process.stderr.write(`[foundry-finetune] ${message}\n`);
}

/** Runs a command, inheriting stdio; throws with the command line when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
  return result;
}

/** Finds an executable on PATH (no shell involved). */
export function which(name, envPath = process.env.PATH ?? "") {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}
