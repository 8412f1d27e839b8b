// The package as npm delivers it: this checkout built (dist/) and packed with `npm pack`, then installed from the
// tarball into a program of its own, with no link to this project's tree or node_modules. Installs come from the
// machine's npm cache where they can (--prefer-offline); the registry is asked only for what the cache lacks.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./fresh-project";

/** Builds dist/ if a source is newer (one build at a time), then packs it into `destination`; returns the tarball's path. */
export async function packPackage(destination: string): Promise<string> {
  const build: { ensureBuilt(): Promise<boolean> } = await import(
    path.join(projectRoot, "scripts", "lib", "package-build.mjs")
  );
  await build.ensureBuilt();
  // --ignore-scripts: prepack would build again, and a second build may run beside another test's pack.
  const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  return path.join(destination, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
}

/**
 * Points the program's `foundry-finetune` dependency at the tarball and installs its dependencies, as a user's
 * `npm install` would: @pulumi/pulumi (the package's peer) and the TypeScript compiler are the program's own.
 */
export function installPackage(programDir: string, tarball: string): void {
  const file = path.join(programDir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  manifest.dependencies = { ...manifest.dependencies, "foundry-finetune": `file:${tarball}` };
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: programDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
}
