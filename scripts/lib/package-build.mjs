// The package's build: tsc -p tsconfig.build.json into a clean dist/ (so a deleted source never ships). Run as
// a command (`npm run build`, and `npm pack` through prepack) it always builds; ensureBuilt() builds only when a
// source it compiles is newer than the last build, for bootstrap (before `npm test`) and the tests that pack the
// package. A lock keeps two of them from writing dist/ at once.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot, run } from "./project.mjs";

/** What the build compiles or reads: its sources and its configuration. */
const BUILD_INPUTS = [
  "api.ts",
  "startup",
  "program",
  "resources",
  "analysis",
  "foundry",
  "validate",
  "azure",
  "emulator",
  "provider-plugin",
  "tsconfig.json",
  "tsconfig.build.json",
  "package.json",
];
const MARKER = path.join(projectRoot, ".cache", "package-build.stamp");
const LOCK = path.join(projectRoot, ".cache", "package-build.lock");

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function buildIsStale() {
  if (!existsSync(MARKER) || !existsSync(path.join(projectRoot, "dist", "api.js"))) return true;
  const built = statSync(MARKER).mtimeMs;
  return BUILD_INPUTS.some((entry) => newestMtime(path.join(projectRoot, entry)) > built);
}

async function withLock(work) {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (const deadline = Date.now() + 600_000; ; ) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for 10 minutes: remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function build() {
  rmSync(path.join(projectRoot, "dist"), { recursive: true, force: true });
  run(
    process.execPath,
    [
      path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      path.join(projectRoot, "tsconfig.build.json"),
    ],
    { cwd: projectRoot },
  );
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
}

/** @public Builds dist/ when stale; returns whether it built. (The packing tests load this file by path.) */
export async function ensureBuilt() {
  return withLock(() => {
    if (!buildIsStale()) return false;
    build();
    return true;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await withLock(build);
