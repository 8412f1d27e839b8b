// First step of `npm start` and `npm test`: installs what is missing and nothing else.
// 1. npm dependencies (incl. Node 24 from the npm `node` package) when node_modules is absent or stale;
// 2. with --build (`npm test`), the package's build (dist/, which the tests that pack the package install) when
//    a source is newer;
// 3. the Pulumi CLI and language host: the user's installed CLI when it is recent enough, else built from Go
//    modules when the cache for the pinned version is absent.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { engineWarningFilter } from "./lib/npm-engine-warnings.mjs";
import { log, projectRoot } from "./lib/project.mjs";

function dependenciesStale() {
  const marker = path.join(projectRoot, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return true;
  return statSync(path.join(projectRoot, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs;
}

/** `npm ci`, its output as usual less the engine warnings of the first install (see npm-engine-warnings.mjs). */
async function installDependencies() {
  const child = spawn("npm", ["ci", "--no-audit", "--no-fund"], {
    cwd: projectRoot,
    stdio: ["inherit", "inherit", "pipe"],
  });
  const filter = engineWarningFilter();
  const lines = createInterface({ input: child.stderr });
  lines.on("line", (line) => {
    const kept = filter.line(line);
    if (kept !== undefined) process.stderr.write(`${kept}\n`);
  });
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (filter.packages.length > 0) {
    log(
      `${filter.packages.length} packages ask for Node 22 or later; they run on the project's Node 24, just installed`,
    );
  }
  if (code !== 0) throw new Error(`npm ci exited with ${code}`);
}

try {
  if (dependenciesStale()) {
    log("installing npm dependencies with npm ci: about 960 packages (1 GB), including Node 24 from the npm registry;");
    log("about 20 s with a warm npm cache, a few minutes on a first install");
    await installDependencies();
  }
  const { ensureBuilt } = await import("./lib/package-build.mjs");
  if (process.argv.includes("--build") && (await ensureBuilt())) log("built the package (dist/)");
  const { ensureToolchain } = await import("./toolchain.mjs");
  const { version, bin, origin } = ensureToolchain();
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "node_modules", "node", "package.json"), "utf8"));
  const where =
    origin === "installed" ? `installed, ${bin}` : `built from Go modules, ${path.relative(projectRoot, bin)}`;
  log(`ready: Pulumi ${version} (${where}), Node ${pkg.version}`);
} catch (error) {
  log(`bootstrap failed: ${error.message}`);
  process.exit(1);
}
