// The key never lands anywhere a user or CI shares: not in the state (files on disk, `pulumi stack export`,
// with or without --show-secrets), not in outputs, not in any CLI output including the engine's verbose
// log, not in the project. The local service takes the same key as ARM bearer token, so this covers that too.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../scripts/chaos/sandbox";
import { modelConfig } from "../../scripts/chaos/steps";

/** Every regular file under `dir` (symlinks not followed: node_modules is linked in). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) return [];
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

describe("no key in state, outputs or logs (real CLI, real local service)", () => {
  let sandbox: Sandbox;
  const outputs: Record<string, string> = {};
  let stateDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ timeScale: 0.01 });
    stateDir = new URL(sandbox.env.PULUMI_BACKEND_URL!).pathname;
    sandbox.setModels({ clippy: modelConfig() });
    const run = async (label: string, args: string[]) => {
      const result = await sandbox.pulumi(args);
      outputs[label] = result.output;
      if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${result.output.slice(-3000)}`);
    };
    await run("up", ["up", "--yes", "--skip-preview"]);
    // The engine's most verbose log shows every resource's inputs and outputs as they cross gRPC.
    await run("preview -v=9", ["preview", "--logtostderr", "--logflow", "-v=9", "--diff"]);
    await run("refresh", ["refresh", "--yes", "--skip-preview"]);
    await run("export", ["stack", "export"]);
    await run("export --show-secrets", ["stack", "export", "--show-secrets"]);
    await run("outputs", ["stack", "output", "--json", "--show-secrets"]);
  }, 600_000);

  afterAll(async () => {
    if (!sandbox) return;
    await sandbox.pulumi(["destroy", "--yes", "--skip-preview"]);
    await sandbox.cleanup();
  }, 300_000);

  it("the runs really happened and produced what is searched", () => {
    expect(outputs.up).toMatch(/created/);
    expect(outputs["preview -v=9"]!.length).toBeGreaterThan(100_000);
    expect(JSON.parse(outputs.export!).deployment.resources.length).toBeGreaterThan(4);
    expect(JSON.parse(outputs.outputs!).models.clippy.fineTunedModel).toMatch(/ft-/);
  });

  it("no CLI output (up, verbose preview, refresh, exports, outputs) holds the key or a bearer header", () => {
    for (const [label, text] of Object.entries(outputs)) {
      expect(text.includes(sandbox.apiKey), label).toBe(false);
      expect(/authorization["':\s]+bearer/i.test(text), label).toBe(false);
      expect(/"api-key"\s*:/i.test(text), label).toBe(false);
    }
  });

  it("no file of the state backend, PULUMI_HOME or the project holds the key", () => {
    const roots = [stateDir, sandbox.env.PULUMI_HOME!, sandbox.workDir];
    const files = roots.flatMap(filesUnder).filter((f) => statSync(f).size < 50 * 1024 * 1024);
    expect(files.length).toBeGreaterThan(10);
    const leaking = files.filter((f) => readFileSync(f).includes(sandbox.apiKey));
    expect(leaking).toEqual([]);
  });

  it("no resource input or output of ours is a credential-like field (the key is looked up at call time)", () => {
    const state = JSON.parse(outputs["export --show-secrets"]!) as {
      deployment: { resources: { type: string; inputs?: object; outputs?: object }[] };
    };
    const keys = (value: unknown): string[] =>
      value !== null && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    const ours = state.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/foundry:"));
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const resource of ours) {
      const names = [...keys(resource.inputs), ...keys(resource.outputs)];
      expect(names.length).toBeGreaterThan(5);
      expect(
        names.filter((k) =>
          /^(api[-_]?key|password|secret|(access|bearer)?token|authorization|credentials?)$/i.test(k),
        ),
      ).toEqual([]);
    }
  });
});
