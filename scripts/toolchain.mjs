// The Pulumi CLI this project runs: the user's installed one when it is recent enough (lib/installed-pulumi.mjs),
// else the CLI and Node.js language host built from the Go modules pinned in tools/, with the ordinary `go`
// command, into a git-ignored cache keyed by the pinned versions. With the cache present it does nothing.
// No binary is ever downloaded: only the Go module proxy is used.
//
//   node scripts/toolchain.mjs          use the installed CLI or build if missing, print the bin directory
//   node scripts/toolchain.mjs --yaml   the same for the YAML language host (built only when asked), print its folder
//   node scripts/toolchain.mjs --sdkgen the same for the SDK generators of `pulumi package gen-sdk` (go, python, dotnet)
//   node scripts/toolchain.mjs --check  exit 1 if there is neither a usable installed CLI nor a built one (no build)
//   FOUNDRY_PULUMI_CLI=<file or folder> names the installed CLI; FOUNDRY_PULUMI_CLI=build ignores installed ones

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findInstalledPulumi } from "./lib/installed-pulumi.mjs";
import { log, projectRoot, run, which } from "./lib/project.mjs";

const modules = {
  cli: {
    dir: path.join(projectRoot, "tools", "pulumi"),
    pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    versionModule: "github.com/pulumi/pulumi/pkg/v3",
  },
  // The language host has had its own Go module (never tagged) since v3.69; the Go module proxy serves none
  // of its pseudo-versions, so it is built from the last sdk/v3 release that still contained it. The host
  // only starts `@pulumi/pulumi/cmd/run` with flags that SDK still parses, so it drives the current SDK.
  languageHost: {
    dir: path.join(projectRoot, "tools", "pulumi-language-nodejs"),
    pkg: "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    versionModule: "github.com/pulumi/pulumi/sdk/v3",
  },
};

// The YAML language host: a module of its own, tagged, built on its own pins (pulumi-yaml v1.25.0 does not
// compile against the CLI's pkg/v3). Built only when a YAML program runs (ensureYamlHost), into a cache entry
// of its own, so the CLI's cache key and `npm start`'s first run are unchanged.
const yamlHost = {
  dir: path.join(projectRoot, "tools", "pulumi-language-yaml"),
  pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
  versionModule: "github.com/pulumi/pulumi-yaml",
  versionVariable: "github.com/pulumi/pulumi-yaml/pkg/version.Version",
};

/** The version a tools module pins for `module`, read from its go.mod. */
export function pinnedVersion(toolsDir, module) {
  const gomod = readFileSync(path.join(toolsDir, "go.mod"), "utf8");
  const match = gomod.match(new RegExp(`^\\s*${module.replace(/[.]/g, "\\.")}\\s+(v\\S+)`, "m"));
  if (!match) throw new Error(`${path.relative(projectRoot, toolsDir)}/go.mod does not pin ${module}`);
  return match[1];
}

function cacheKey(pinned = Object.values(modules)) {
  const hash = createHash("sha256");
  for (const m of pinned) {
    hash.update(readFileSync(path.join(m.dir, "go.mod")));
    hash.update(readFileSync(path.join(m.dir, "go.sum")));
  }
  return hash.digest("hex").slice(0, 12);
}

const cacheRoot = () => process.env.FOUNDRY_TOOLCHAIN_CACHE ?? path.join(projectRoot, ".cache", "toolchain");

export function toolchainPaths() {
  const version = pinnedVersion(modules.cli.dir, modules.cli.versionModule);
  const root = path.join(cacheRoot(), `pulumi-${version}-${cacheKey()}`);
  return { version, root, bin: path.join(root, "bin") };
}

function isComplete(bin) {
  return ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"].every((f) =>
    existsSync(path.join(bin, f)),
  );
}

function goBuild(module, outDir, version) {
  const env = { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
  // Flags follow upstream's release build; -X stamps the version `pulumi version` prints (the Automation
  // API refuses a CLI whose version it cannot parse).
  const ldflags = `-s -w -X ${module.versionVariable ?? "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"}=${version}`;
  run(
    "go",
    [
      "build",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      ldflags,
      "-o",
      `${outDir}${path.sep}`,
      module.pkg,
    ],
    { cwd: module.dir, env },
  );
}

/** The dynamic-provider shim ships inside @pulumi/pulumi; it must sit beside the CLI (bundled plugin lookup). */
function installShim(bin) {
  const shim = path.join(projectRoot, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  if (!existsSync(shim)) throw new Error("node_modules/@pulumi/pulumi is missing: run `npm install` first");
  copyFileSync(shim, path.join(bin, "pulumi-resource-pulumi-nodejs"));
  chmodSync(path.join(bin, "pulumi-resource-pulumi-nodejs"), 0o755);
}

/** The @pulumi/pulumi version the program runs with: the floor for an installed CLI. */
function sdkVersion() {
  const installed = path.join(projectRoot, "node_modules", "@pulumi", "pulumi", "package.json");
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, "utf8")).version;
  return JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
}

/** An installed CLI recent enough for the SDK, said in the log either way; undefined means "use the built one". */
function installedCli() {
  const { found, refused } = findInstalledPulumi(sdkVersion());
  // Our own build on PATH (the wrapper puts it there for its children) is not an installed CLI.
  if (found && existsSync(toolchainPaths().bin) && realpathSync(found.bin) === realpathSync(toolchainPaths().bin))
    return undefined;
  for (const reason of refused) log(`not using the Pulumi CLI at ${reason}`);
  if (found)
    log(
      `using the installed Pulumi CLI ${found.version} (${found.source}: ${found.file}) with its own language host; FOUNDRY_PULUMI_CLI=build uses the pinned CLI built from Go modules instead`,
    );
  return found;
}

export function ensureToolchain() {
  const installed = installedCli();
  if (installed) return { version: installed.version, bin: installed.bin, built: false, origin: "installed" };
  const { version, root, bin } = toolchainPaths();
  if (isComplete(bin)) return { version, bin, built: false, origin: "built" };
  if (!which("go")) {
    throw new Error(
      `no usable Pulumi CLI is installed, and Go 1.26 or newer is needed to build one from Go modules (tools/pulumi): install the Pulumi CLI ${sdkVersion()} or later (on PATH, or name it with FOUNDRY_PULUMI_CLI), install Go, or set FOUNDRY_TOOLCHAIN_CACHE to a folder holding a built toolchain`,
    );
  }
  const started = Date.now();
  const staging = `${root}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const stagingBin = path.join(staging, "bin");
  mkdirSync(stagingBin, { recursive: true });
  log(`building Pulumi CLI ${version} and the Node.js language host from Go modules (first run only; several minutes)`);
  goBuild(modules.cli, stagingBin, version);
  goBuild(
    modules.languageHost,
    stagingBin,
    pinnedVersion(modules.languageHost.dir, modules.languageHost.versionModule),
  );
  installShim(stagingBin);
  const printed = spawnSync(path.join(stagingBin, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
  if (printed !== version) throw new Error(`built pulumi prints version "${printed}", expected ${version}`);
  writeFileSync(
    path.join(staging, "built.json"),
    JSON.stringify({ version, seconds: (Date.now() - started) / 1000 }, null, 2),
  );
  // Rename last, so an interrupted build never looks complete.
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.dirname(root), { recursive: true });
  renameSync(staging, root);
  log(`built Pulumi ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { version, bin, built: true, origin: "built" };
}

// SDK generation for `pulumi package gen-sdk --language go|python|dotnet`: the real language hosts are not served
// by the Go module proxy, so tools/pulumi-sdkgen (ours, on Pulumi's pkg/v3/codegen) answers the CLI's one call.
const sdkGenerator = {
  dir: path.join(projectRoot, "tools", "pulumi-sdkgen"),
  pkg: ".",
  versionModule: "github.com/pulumi/pulumi/pkg/v3",
  binary: "pulumi-sdkgen",
  what: "the SDK generator for Go, Python and .NET (first `package gen-sdk` only)",
};
const yamlBuild = {
  ...yamlHost,
  binary: "pulumi-language-yaml",
  what: "the Pulumi YAML language host (first YAML program only; a minute or more)",
};

/** Builds one extra plugin into its own cache entry if missing; returns the binary's path. */
function builtExtra(module) {
  const version = pinnedVersion(module.dir, module.versionModule);
  const root = path.join(cacheRoot(), `${module.binary}-${version}-${cacheKey([module])}`);
  const binary = path.join(root, "bin", module.binary);
  if (existsSync(binary)) return binary;
  if (!which("go"))
    throw new Error(
      `${module.binary} is built from Go modules (${path.relative(projectRoot, module.dir)}): install Go 1.26, or a Pulumi CLI, which ships its language hosts`,
    );
  const started = Date.now();
  const staging = `${root}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, "bin"), { recursive: true });
  log(`building ${module.what} from Go modules`);
  goBuild(module, path.join(staging, "bin"), version);
  writeFileSync(
    path.join(staging, "built.json"),
    JSON.stringify({ version, seconds: (Date.now() - started) / 1000 }, null, 2),
  );
  rmSync(root, { recursive: true, force: true });
  renameSync(staging, root);
  log(`built ${module.binary} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}

/** Copies `binary` beside the built CLI as `name` (where the CLI finds bundled plugins), again when it changes. */
function placeBesideCli(toolchainBin, binary, name) {
  const beside = path.join(toolchainBin, name);
  const stamp = path.join(toolchainBin, "..", `${name}.from`);
  const from = path.relative(cacheRoot(), binary);
  if (existsSync(beside) && existsSync(stamp) && readFileSync(stamp, "utf8") === from) return;
  copyFileSync(binary, `${beside}.partial-${process.pid}`);
  chmodSync(`${beside}.partial-${process.pid}`, 0o755);
  renameSync(`${beside}.partial-${process.pid}`, beside);
  writeFileSync(stamp, from);
}

/**
 * The folder holding `pulumi-language-yaml`, to put first on PATH for a YAML program. An installed CLI's own
 * host is used as it is. Otherwise the host built from tools/pulumi-language-yaml is copied beside the built
 * CLI, where the CLI finds its bundled hosts (from PATH it warns on every run).
 */
export function ensureYamlHost(toolchainBin = ensureToolchain().bin) {
  const builtCli = path.resolve(toolchainBin) === path.resolve(toolchainPaths().bin);
  if (!builtCli && existsSync(path.join(toolchainBin, "pulumi-language-yaml"))) return toolchainBin;
  const binary = builtExtra(yamlBuild);
  if (!builtCli) return path.dirname(binary);
  placeBesideCli(toolchainBin, binary, "pulumi-language-yaml");
  return toolchainBin;
}

/**
 * For `pulumi package gen-sdk`: the built CLI gets tools/pulumi-sdkgen as its pulumi-language-go, -python and
 * -dotnet (they generate SDKs and run no programs); an installed CLI keeps its own hosts. Returns the folder.
 */
export function ensureSdkGenerators(toolchainBin = ensureToolchain().bin) {
  if (path.resolve(toolchainBin) !== path.resolve(toolchainPaths().bin)) return toolchainBin;
  const binary = builtExtra(sdkGenerator);
  for (const language of ["go", "python", "dotnet"])
    placeBesideCli(toolchainBin, binary, `pulumi-language-${language}`);
  return toolchainBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes("--check")) {
      const installed = installedCli();
      const { bin } = installed ?? toolchainPaths();
      if (!installed && !isComplete(bin)) {
        log("toolchain not built");
        process.exit(1);
      }
      console.log(bin);
    } else if (process.argv.includes("--yaml")) {
      console.log(ensureYamlHost());
    } else if (process.argv.includes("--sdkgen")) {
      console.log(ensureSdkGenerators());
    } else {
      console.log(ensureToolchain().bin);
    }
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
