// How the plugin starts. The engine starts it twice in a preview of a YAML program, once only for its schema:
// that process must load neither the CRUD and planning code nor @pulumi/pulumi's whole SDK (about a second of
// CPU). And the launcher runs the build (dist/) only when no source is newer, so an edited checkout never runs
// stale code. Run in fresh processes, since the test runner has loaded much already.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

/** What a fresh Node process has loaded after the plugin's provider answered for its schema, then after `then`. */
function loadedAfter(then: string): { schema: string; before: string[]; after: string[] } {
  const script = `
    const loaded = () => Object.keys(require.cache).filter((f) =>
      /provider-plugin[\\\\/]foundry-provider|node_modules[\\\\/](zod|@pulumi[\\\\/]pulumi[\\\\/](index|automation[\\\\/]index))\\.?/.test(f));
    require(${JSON.stringify(path.join(ROOT, "provider-plugin", "provider-config.ts"))});
    const { LazyFoundryProvider } = require(${JSON.stringify(path.join(ROOT, "provider-plugin", "lazy-provider.ts"))});
    const provider = new LazyFoundryProvider();
    const before = loaded();
    Promise.resolve().then(() => ${then}).catch(() => undefined).then(() =>
      process.stdout.write(JSON.stringify({ schema: provider.schema, before, after: loaded() })));`;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" }));
}

describe("the plugin's start", () => {
  it("serves the schema (schema.json's text) without loading the implementation, zod or the whole SDK; the first resource call loads them", () => {
    const { schema, before, after } = loadedAfter(
      `provider.diff("id", "urn:pulumi:s::p::foundry:index:Nothing::n", {}, {})`,
    );
    expect(schema).toBe(readFileSync(path.join(ROOT, "provider-plugin", "schema.json"), "utf8"));
    expect(before).toEqual([]);
    expect(after.some((f) => f.includes("foundry-provider"))).toBe(true);
    expect(after.some((f) => /@pulumi[\\/]pulumi[\\/]index/.test(f))).toBe(true);
  });
});

describe("the launcher (provider-plugin/pulumi-resource-foundry)", () => {
  const tree = mkdtempSync(path.join(os.tmpdir(), "plugin-launcher-"));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const SOURCES = ["startup", "program", "resources", "analysis", "foundry", "validate", "emulator", "provider-plugin"];
  for (const dir of SOURCES) mkdirSync(path.join(tree, dir), { recursive: true });
  for (const file of ["api.ts", "tsconfig.json", "tsconfig.build.json", "package.json"])
    writeFileSync(path.join(tree, file), "");
  copyFileSync(
    path.join(ROOT, "provider-plugin", "pulumi-resource-foundry"),
    path.join(tree, "provider-plugin", "pulumi-resource-foundry"),
  );
  writeFileSync(path.join(tree, "program", "model-plan.ts"), "");
  // A stand-in for the project's Node: it prints what it was asked to run.
  mkdirSync(path.join(tree, "node_modules", ".bin"), { recursive: true });
  writeFileSync(path.join(tree, "node_modules", ".bin", "node"), '#!/bin/sh\necho "$@"\n');
  chmodSync(path.join(tree, "node_modules", ".bin", "node"), 0o755);
  const launch = () =>
    execFileSync("sh", [path.join(tree, "provider-plugin", "pulumi-resource-foundry"), "127.0.0.1:1"], {
      encoding: "utf8",
    }).trim();
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, when, when);
  };

  it("runs the sources through tsx without a build, the build when it is newer than every source, the sources again once one is edited", () => {
    expect(launch()).toMatch(/--require \S+tsx\S+ \S+provider-plugin\/main\.ts 127\.0\.0\.1:1$/);

    mkdirSync(path.join(tree, "dist", "provider-plugin"), { recursive: true });
    writeFileSync(path.join(tree, "dist", "provider-plugin", "main.js"), "");
    mkdirSync(path.join(tree, ".cache"), { recursive: true });
    writeFileSync(path.join(tree, ".cache", "package-build.stamp"), "");
    for (const entry of [...SOURCES, "api.ts", "tsconfig.json", "tsconfig.build.json", "package.json"])
      age(path.join(tree, entry), 60);
    age(path.join(tree, "program", "model-plan.ts"), 60);
    age(path.join(tree, "provider-plugin", "pulumi-resource-foundry"), 60);
    expect(launch()).toMatch(/dist\/provider-plugin\/main\.js 127\.0\.0\.1:1$/);

    writeFileSync(path.join(tree, "program", "model-plan.ts"), "// edited");
    expect(launch()).toMatch(/provider-plugin\/main\.ts 127\.0\.0\.1:1$/);
  });
});
