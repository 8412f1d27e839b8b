// The environments the CLI runs in (scripts/lib/pulumi-env.mjs): the user's commands keep the user's choices; a
// throwaway stack (e2e, chaos, benchmarks) gets the same CLI settings but only its own state and passphrase.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { scratchPulumiEnv } from "../../../../scripts/lib/scratch-pulumi-env";

const projectBin = path.resolve(__dirname, "..", "..", "..", "..", "node_modules", ".bin");
const scratch = mkdtempSync(path.join(os.tmpdir(), "pulumi-env-"));
let lib: { pulumiEnv(toolchainBin: string, base: Record<string, string>): Record<string, string | undefined> };
beforeAll(async () => {
  lib = await import(path.resolve(__dirname, "..", "..", "..", "..", "scripts", "lib", "pulumi-env.mjs"));
});
afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("scratchPulumiEnv", () => {
  it("puts state in <scratch>/state under the caller's passphrase, whatever the user set", async () => {
    vi.stubEnv("PULUMI_BACKEND_URL", "https://api.pulumi.com");
    vi.stubEnv("PULUMI_CONFIG_PASSPHRASE", "the user's");
    vi.stubEnv("PULUMI_NODEJS_TRANSPILE_ONLY", "false");
    const env = await scratchPulumiEnv("/cli/bin", scratch, "e2e-only");
    expect(env.PULUMI_BACKEND_URL).toBe(`file://${path.join(scratch, "state")}`);
    expect(existsSync(path.join(scratch, "state"))).toBe(true);
    expect(env.PULUMI_CONFIG_PASSPHRASE).toBe("e2e-only");
    expect(env.PULUMI_NODEJS_TRANSPILE_ONLY).toBe("true");
    expect(env.PULUMI_HOME).toBeUndefined(); // each caller chooses its own
  });

  it("runs the same CLI with the same settings as the user's commands", async () => {
    vi.stubEnv("PATH", "/usr/bin");
    const scratchEnv = await scratchPulumiEnv("/cli/bin", scratch, "x");
    const userEnv = lib.pulumiEnv("/cli/bin", {
      PATH: "/usr/bin",
      PULUMI_HOME: path.join(scratch, "home"),
      PULUMI_BACKEND_URL: "file:///elsewhere",
    });
    expect(scratchEnv.PATH).toBe(["/cli/bin", projectBin, "/usr/bin"].join(path.delimiter));
    for (const key of [
      "PATH",
      "PULUMI_SKIP_UPDATE_CHECK",
      "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
      "PULUMI_NODEJS_TRANSPILE_ONLY",
    ]) {
      expect(scratchEnv[key], key).toBe(userEnv[key]);
    }
    expect(scratchEnv.PULUMI_SKIP_UPDATE_CHECK).toBe("true");
    expect(scratchEnv.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION).toBe("true");
  });
});

describe("pulumiEnv", () => {
  it("keeps the user's backend, home and transpile setting", () => {
    const base = {
      PATH: "/usr/bin",
      PULUMI_HOME: path.join(scratch, "own-home"),
      PULUMI_BACKEND_URL: "s3://bucket",
      PULUMI_NODEJS_TRANSPILE_ONLY: "false",
    };
    const env = lib.pulumiEnv("/cli/bin", base);
    expect([env.PULUMI_BACKEND_URL, env.PULUMI_HOME, env.PULUMI_NODEJS_TRANSPILE_ONLY]).toEqual([
      "s3://bucket",
      base.PULUMI_HOME,
      "false",
    ]);
    expect(env.PULUMI_CONFIG_PASSPHRASE).toBeUndefined();
  });
});
