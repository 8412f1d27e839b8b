// Finds a Pulumi CLI the user installed (FOUNDRY_PULUMI_CLI, PATH, ~/.pulumi/bin) that may drive this project,
// so no Go build is needed. The decisions are in pulumi-cli.mjs; this file only looks at the disk and runs
// `pulumi version`.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { candidateClis, cliVerdict } from "./pulumi-cli.mjs";

/** What a stock install ships beside the CLI and this project needs: the Node.js host and the dynamic-provider shim. */
const COMPANIONS = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder holding the CLI and its companions: the one it was found in, else its real (symlink-resolved) one. */
function installFolder(file) {
  const dirs = [path.dirname(file), path.dirname(realpathSync(file))];
  return dirs.find((dir) => COMPANIONS.every((c) => existsSync(path.join(dir, c))));
}

/**
 * The first usable installed CLI as { bin, version, source }, or undefined; `refused` lists each CLI found
 * but not used, with the reason (the caller says so in its log).
 */
export function findInstalledPulumi(sdkVersion, env = process.env, homeDir = os.homedir()) {
  const refused = [];
  const isDirectory = (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  for (const { file, source } of candidateClis(env, homeDir, isDirectory)) {
    if (!existsSync(file) || !executable(file)) {
      if (source === "FOUNDRY_PULUMI_CLI") refused.push(`${file} (${source}): no executable there`);
      continue;
    }
    const printed = spawnSync(file, ["version"], {
      encoding: "utf8",
      timeout: 30_000,
      env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    const verdict = cliVerdict(
      printed.status === 0 ? printed.stdout : `${printed.stderr ?? ""}`.trim() || "nothing",
      sdkVersion,
    );
    if (!verdict.ok) {
      refused.push(`${file} (${source}): ${verdict.reason}`);
      continue;
    }
    const bin = installFolder(file);
    if (!bin) {
      refused.push(`${file} (${source}): ${COMPANIONS.join(" and ")} are not beside it`);
      continue;
    }
    return { found: { bin, version: verdict.version, source, file }, refused };
  }
  return { found: undefined, refused };
}
