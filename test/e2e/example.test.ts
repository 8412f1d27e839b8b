// examples/support-bot: a Pulumi program of its own that depends on this package by a local path and declares a
// fine-tuned model beside its own resource, run end to end on the local service through the real CLI.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../emulator";
import { trustCaFile } from "../../foundry/tls";
import { changes, createTestStack, projectRoot, type TestStack } from "../../testkit/pulumi/harness";

const exampleDir = path.join(projectRoot, "examples", "support-bot");

/** What `npm install` makes of the example's `file:` dependency (a link to the package), beside the project's modules. */
function installDependencies(workDir: string): string {
  const dependency = (JSON.parse(readFileSync(path.join(exampleDir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["foundry-finetune"]!;
  const linked = path.resolve(exampleDir, dependency.replace(/^file:/, ""));
  const modules = path.join(workDir, "node_modules");
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(projectRoot, "node_modules"))) symlinkSync(path.join(projectRoot, "node_modules", entry), path.join(modules, entry));
  symlinkSync(linked, path.join(modules, "foundry-finetune"), "dir");
  return linked;
}

describe("examples/support-bot: the package used from another program", () => {
  let t: TestStack;
  let emulator: Emulator;
  let dataDir: string;
  let linked: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-example-service-"));
    const apiKey = `e2e-${randomBytes(12).toString("hex")}`;
    emulator = await createEmulator({ dataDir, apiKey, timeScale: 0.01, log: () => undefined });
    trustCaFile(emulator.caCert);
    t = await createTestStack({ programDir: exampleDir, stackName: "e2e", env: { FOUNDRY_API_KEY: apiKey, FOUNDRY_POLL_MS: "100" } });
    linked = installDependencies(t.workDir);
    const config = { "foundry-finetune:target": "local", "foundry-finetune:account": { name: "support-e2e" }, "foundry-finetune:local": { dataDir } };
    writeFileSync(path.join(t.workDir, "Pulumi.e2e.yaml"), JSON.stringify({ config }, null, 2));
  });
  afterAll(async () => {
    await t?.cleanup();
    await emulator?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("depends on this package by a local path", () => {
    expect(linked).toBe(projectRoot);
  });

  it("up trains and deploys the model, and the program's own resource points at the deployment", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 7 }); // stack, component, file, job, deployment, evaluation, settings
    const outputs = up.outputs;
    expect(outputs.model!.value).toMatch(/^gpt-4\.1-mini-2025-04-14\.ft-[0-9a-f]+-support$/);
    expect(outputs.endpoint!.value).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/accounts\/support-e2e$/);
    const settings = JSON.parse(readFileSync(outputs.settingsFile!.value as string, "utf8")) as Record<string, string>;
    expect(settings).toMatchObject({ model: outputs.model!.value, endpoint: outputs.endpoint!.value });
    expect(settings.deployment).toMatch(/^support/);
    const resources = (await t.stack.exportStack()).deployment.resources as { urn: string; type: string; parent?: string }[];
    const component = resources.find((r) => r.type === "foundry:index:FineTunedModel")!;
    const children = resources
      .filter((r) => r.parent === component.urn)
      .map((r) => r.type.split(":").pop())
      .sort();
    expect(children).toEqual(["Evaluation", "FineTuningJob", "ModelDeployment", "TrainingFile"]);
  });

  it("previews nothing after up, and destroy removes the model's resources and the settings file", async () => {
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
    const settingsFile = (await t.stack.outputs()).settingsFile!.value as string;
    await t.stack.destroy();
    expect(existsSync(settingsFile)).toBe(false);
    expect((await t.stack.exportStack()).deployment.resources ?? []).toEqual([]);
  });
});
