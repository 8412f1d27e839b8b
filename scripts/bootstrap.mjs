// First step of `npm start` and `npm test`: installs what is missing and nothing else.
// 1. npm dependencies (incl. Node 24 from the npm `node` package) when node_modules is absent or stale;
// 2. with --build (`npm test`), the package's build (dist/, which the tests that pack the package install) when
//    a source is newer;
// 3. the Pulumi CLI and language host: the user's installed CLI when it is recent enough, else built from Go
//    modules when the cache for the pinned version is absent.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { log, projectRoot, run } from "./lib/project.mjs";

function dependenciesStale() {
  const marker = path.join(projectRoot, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return true;
  return statSync(path.join(projectRoot, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs;
}

try {
  if (dependenciesStale()) {
    log("installing npm dependencies (npm ci)");
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: projectRoot });
  }
  const { ensureBuilt } = await import("./lib/package-build.mjs");
  if (process.argv.includes("--build") && (await ensureBuilt())) log("built the package (dist/)");
  const { ensureToolchain } = await import("./toolchain.mjs");
  const { version, bin, origin } = ensureToolchain();
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "node_modules", "node", "package.json"), "utf8"));
  const where = origin === "installed" ? `installed, ${bin}` : `built from Go modules, ${path.relative(projectRoot, bin)}`;
  log(`ready: Pulumi ${version} (${where}), Node ${pkg.version}`);
} catch (error) {
  log(`bootstrap failed: ${error.message}`);
  process.exit(1);
}
