// Pure decisions about an installed Pulumi CLI: where to look for one, and whether its version may drive
// this project. No I/O here (scripts/lib/installed-pulumi.mjs runs the candidates); unit-tested.
import path from "node:path";

/** FOUNDRY_PULUMI_CLI=build skips every installed CLI and uses the one built from Go modules. */
const BUILD_ONLY = "build";

/**
 * Where an installed CLI may be, most explicit first: FOUNDRY_PULUMI_CLI (the `pulumi` binary or its folder),
 * `pulumi` on PATH, then the installer's default folder ($PULUMI_HOME/bin, else ~/.pulumi/bin). Returns
 * paths to a `pulumi` executable (not checked to exist) with where each came from, without duplicates.
 * `isDirectory` tells a folder named in FOUNDRY_PULUMI_CLI from the binary.
 */
export function candidateClis(env, homeDir, isDirectory = () => false) {
  const explicit = env.FOUNDRY_PULUMI_CLI;
  if (explicit === BUILD_ONLY) return [];
  const out = [];
  const add = (file, source) => {
    if (!out.some((c) => c.file === file)) out.push({ file, source });
  };
  if (explicit) add(isDirectory(explicit) ? path.join(explicit, "pulumi") : explicit, "FOUNDRY_PULUMI_CLI");
  for (const dir of (env.PATH ?? "").split(path.delimiter)) if (dir) add(path.join(dir, "pulumi"), "PATH");
  const installerHome = env.PULUMI_HOME || (homeDir ? path.join(homeDir, ".pulumi") : undefined);
  if (installerHome) add(path.join(installerHome, "bin", "pulumi"), env.PULUMI_HOME ? "PULUMI_HOME" : "~/.pulumi");
  return out;
}

/**
 * "v3.274.1\n" (or "3.274.1", "v3.275.0-alpha.x+dirty") -> [3, 274, 1]; undefined when it is not a version.
 * @public exported for its unit test, which loads this file by path
 */
export function parseCliVersion(printed) {
  const match = String(printed)
    .trim()
    .match(/^v?(\d+)\.(\d+)\.(\d+)(?:[-+]\S*)?$/);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Whether a CLI printing `printed` for `pulumi version` may run this project, whose @pulumi/pulumi SDK is
 * `sdkVersion`. The floor is the SDK's own version: the Automation API installs exactly that CLI version when
 * asked for one (its own minimum, 3.2, only guards command-line flags), and the engine features a program of
 * this SDK asks for exist in CLIs of the same release or later. A major other than the SDK's is refused.
 */
export function cliVerdict(printed, sdkVersion) {
  const version = parseCliVersion(printed);
  const minimum = parseCliVersion(sdkVersion);
  if (!minimum) throw new Error(`not an SDK version: ${sdkVersion}`);
  const floor = `v${minimum.join(".")}`;
  if (!version)
    return { ok: false, reason: `it prints "${String(printed).trim()}" for \`pulumi version\`, not a version` };
  const shown = `v${version.join(".")}`;
  if (version[0] !== minimum[0])
    return {
      ok: false,
      reason: `it is ${shown}, and @pulumi/pulumi ${sdkVersion} needs a v${minimum[0]}.x CLI, ${floor} or later`,
    };
  if (compare(version, minimum) < 0)
    return { ok: false, reason: `it is ${shown}, older than ${floor} (the @pulumi/pulumi version this project uses)` };
  return { ok: true, version: shown };
}
