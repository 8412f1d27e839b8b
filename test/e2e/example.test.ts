// examples/support-bot: a Pulumi program of its own that installs this package from its npm tarball and declares a
// fine-tuned model beside its own resource, run end to end on the local service through the real CLI.
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../emulator";
import { trustCaFile } from "../../foundry/tls";
import { changes, createTestStack, projectRoot, type TestStack } from "../../testkit/pulumi/harness";
import { installPackage, packPackage } from "../support/packed-package";

const exampleDir = path.join(projectRoot, "examples", "support-bot");
const dependency = (
  JSON.parse(readFileSync(path.join(exampleDir, "package.json"), "utf8")) as { dependencies: Record<string, string> }
).dependencies["foundry-finetune"]!;

describe("examples/support-bot: the package used from another program", () => {
  let t: TestStack;
  let emulator: Emulator;
  let dataDir: string;
  let packDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-example-service-"));
    packDir = mkdtempSync(path.join(os.tmpdir(), "foundry-example-pack-"));
    const apiKey = `e2e-${randomBytes(12).toString("hex")}`;
    emulator = await createEmulator({ dataDir, apiKey, timeScale: 0.01, log: () => undefined });
    trustCaFile(emulator.caCert);
    t = await createTestStack({
      programDir: exampleDir,
      stackName: "e2e",
      ownDependencies: true,
      env: { FOUNDRY_API_KEY: apiKey, FOUNDRY_POLL_MS: "100" },
    });
    // The copy is outside the repository, so its `file:../../` path would name nothing: the same tarball, packed here.
    installPackage(t.workDir, await packPackage(packDir));
    const config = {
      "foundry-finetune:target": "local",
      "foundry-finetune:account": { name: "support-e2e" },
      "foundry-finetune:local": { dataDir },
    };
    writeFileSync(path.join(t.workDir, "Pulumi.e2e.yaml"), JSON.stringify({ config }, null, 2));
  }, 600_000);
  afterAll(async () => {
    await t?.cleanup();
    await emulator?.close();
    for (const dir of [dataDir, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("depends on the packed package, installed as a copy of its build", () => {
    // What `npm pack` writes at the project's root (the README's install).
    const { version } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
    expect(dependency).toBe(`file:../../foundry-finetune-${version}.tgz`);
    const installed = path.join(t.workDir, "node_modules", "foundry-finetune");
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(path.join(installed, "dist", "api.js"))).toBe(true);
    expect(existsSync(path.join(installed, "resources"))).toBe(false);
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
    const resources = (await t.stack.exportStack()).deployment.resources as {
      urn: string;
      type: string;
      parent?: string;
    }[];
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
