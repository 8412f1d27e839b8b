// A user's installed Pulumi CLI is used as it is, with no Go and nothing built; a too-old one is refused and the
// built CLI is the fallback. Our machines have no stock CLI, so the built one is presented as installed: its
// binaries linked into a folder on PATH, with `go` left off PATH and an empty toolchain cache.
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshProject, type FreshProject, projectRoot } from "../support/fresh-project";

const BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

let builtBin: string;
let scratch: string;
let installed: string;
let tooOld: string;
let emptyCache: string;
let pathWithoutGo: string;

function hasExecutable(dir: string, name: string): boolean {
  try {
    accessSync(path.join(dir, name), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const toolchain = await import(path.join(projectRoot, "scripts", "toolchain.mjs"));
  builtBin = toolchain.toolchainPaths().bin;
  scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-installed-cli-"));
  installed = path.join(scratch, "pulumi-install", "bin");
  mkdirSync(installed, { recursive: true });
  for (const b of BINARIES) symlinkSync(path.join(builtBin, b), path.join(installed, b));
  // A CLI older than the SDK, complete with its companions, as an old install would be.
  tooOld = path.join(scratch, "old-pulumi", "bin");
  mkdirSync(tooOld, { recursive: true });
  writeFileSync(path.join(tooOld, "pulumi"), "#!/bin/sh\necho v3.200.0\n", { mode: 0o755 });
  for (const b of BINARIES.slice(1)) symlinkSync(path.join(builtBin, b), path.join(tooOld, b));
  emptyCache = path.join(scratch, "empty-toolchain-cache");
  mkdirSync(emptyCache);
  pathWithoutGo = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir && !hasExecutable(dir, "go") && !hasExecutable(dir, "pulumi"))
    .join(path.delimiter);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("an installed Pulumi CLI", () => {
  let project: FreshProject | undefined;
  afterAll(() => project?.cleanup());

  it("runs `npm start` on a machine without Go, building nothing", async () => {
    project = createFreshProject({
      PATH: [installed, pathWithoutGo].join(path.delimiter),
      FOUNDRY_TOOLCHAIN_CACHE: emptyCache,
    });
    expect((await project.run("command -v go || echo none")).stdout.trim()).toBe("none");
    const start = await project.run("npm start");
    expect(start.code, start.stderr.slice(-3000)).toBe(0);
    expect(start.stderr).toContain(
      `using the installed Pulumi CLI v3.274.1 (PATH: ${path.join(installed, "pulumi")}) with its own language host`,
    );
    expect(start.stderr).toContain(`ready: Pulumi v3.274.1 (installed, ${installed})`);
    expect(start.stderr).not.toContain("building Pulumi CLI");
    expect(start.stdout).toMatch(/and replied: \S/);
    expect(readdirSync(emptyCache)).toEqual([]);
  });

  it("is found through FOUNDRY_PULUMI_CLI (its folder) when it is not on PATH", async () => {
    const fresh = createFreshProject({
      PATH: pathWithoutGo,
      FOUNDRY_TOOLCHAIN_CACHE: emptyCache,
      FOUNDRY_PULUMI_CLI: installed,
    });
    try {
      const version = await fresh.run("npm run pulumi -- version");
      expect(version.code, version.stderr).toBe(0);
      expect(version.stdout).toContain("v3.274.1");
      expect(version.stderr).toContain(
        `using the installed Pulumi CLI v3.274.1 (FOUNDRY_PULUMI_CLI: ${path.join(installed, "pulumi")})`,
      );
    } finally {
      await fresh.cleanup();
    }
  });

  it("is refused when older than the SDK, with the reason, and the built CLI is used", async () => {
    const fresh = createFreshProject({ PATH: [tooOld, process.env.PATH].join(path.delimiter) });
    try {
      const version = await fresh.run("npm run pulumi -- version");
      expect(version.code, version.stderr).toBe(0);
      expect(version.stderr).toContain(
        `not using the Pulumi CLI at ${path.join(tooOld, "pulumi")} (PATH): it is v3.200.0, older than v3.270.0 (the @pulumi/pulumi version this project uses)`,
      );
      expect(version.stdout).toContain("v3.274.1");
      expect(version.stderr).not.toContain("using the installed");
    } finally {
      await fresh.cleanup();
    }
  });

  it("when too old and there is neither Go nor a built CLI, bootstrap stops saying what to install", async () => {
    const fresh = createFreshProject({
      PATH: [tooOld, pathWithoutGo].join(path.delimiter),
      FOUNDRY_TOOLCHAIN_CACHE: emptyCache,
    });
    try {
      const bootstrap = await fresh.run("node scripts/bootstrap.mjs");
      expect(bootstrap.code).toBe(1);
      expect(bootstrap.stderr).toContain("it is v3.200.0, older than v3.270.0");
      expect(bootstrap.stderr).toContain(
        "install the Pulumi CLI 3.270.0 or later (on PATH, or name it with FOUNDRY_PULUMI_CLI), install Go",
      );
      expect(readdirSync(emptyCache)).toEqual([]);
    } finally {
      await fresh.cleanup();
    }
  });

  it("is what the tests' Automation API harness drives", async () => {
    const saved = { PATH: process.env.PATH, cache: process.env.FOUNDRY_TOOLCHAIN_CACHE };
    process.env.PATH = [installed, pathWithoutGo].join(path.delimiter);
    process.env.FOUNDRY_TOOLCHAIN_CACHE = emptyCache;
    try {
      const { createTestStack } = await import("../../testkit/pulumi/harness");
      const t = await createTestStack({
        programDir: path.join(projectRoot, "test", "fixtures", "programs", "echo"),
        stackName: "installed",
      });
      try {
        expect(t.stack.workspace.pulumiCommand.command).toBe(path.join(installed, "pulumi"));
        expect(t.env.PATH!.split(path.delimiter)[0]).toBe(installed);
      } finally {
        await t.cleanup();
      }
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.cache === undefined) delete process.env.FOUNDRY_TOOLCHAIN_CACHE;
      else process.env.FOUNDRY_TOOLCHAIN_CACHE = saved.cache;
    }
  });
});
