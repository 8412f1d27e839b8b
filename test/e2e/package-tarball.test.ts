// The package as npm delivers it: `npm pack`, then the tarball installed into a program of its own in a temp
// folder outside the repository (its own @pulumi/pulumi, no link to this tree), run through the real CLI on the
// local service, which the installed package starts by itself. The program passes the account as another
// resource's output and puts its model inside a component of its own.
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, createTestStack, projectRoot, type TestStack } from "../../testkit/pulumi/harness";
import { stopLocalService } from "../support/fresh-project";
import { installPackage, packPackage } from "../support/packed-package";

const DEFERRED = "preflight deferred: the account is another resource's output";

interface StateResource {
  urn: string;
  type: string;
  parent?: string;
}

describe("the package installed from its npm tarball", () => {
  let t: TestStack;
  let packDir: string;
  let installed: string;

  beforeAll(async () => {
    packDir = mkdtempSync(path.join(os.tmpdir(), "foundry-pack-"));
    const tarball = await packPackage(packDir);
    t = await createTestStack({
      programDir: path.join(projectRoot, "test", "fixtures", "programs", "packaged"),
      stackName: "e2e",
      ownDependencies: true,
      env: { FOUNDRY_POLL_MS: "100" },
    });
    installPackage(t.workDir, tarball);
    installed = path.join(t.workDir, "node_modules", "foundry-finetune");
  }, 600_000);
  afterAll(async () => {
    if (t) await stopLocalService(path.join(t.workDir, ".foundry-local"));
    await t?.cleanup();
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it("is a copy of the built package, outside the repository, with no TypeScript source", () => {
    expect(path.relative(projectRoot, t.workDir).startsWith("..")).toBe(true);
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(path.join(installed, "dist", "api.js"))).toBe(true);
    expect(existsSync(path.join(installed, "dist", "api.d.ts"))).toBe(true);
    expect(existsSync(path.join(installed, "resources"))).toBe(false);
    expect(existsSync(path.join(installed, "test"))).toBe(false);
    // The program's own @pulumi/pulumi, the package's peer: one copy, not one inside the package.
    expect(existsSync(path.join(t.workDir, "node_modules", "@pulumi", "pulumi", "package.json"))).toBe(true);
    expect(existsSync(path.join(installed, "node_modules", "@pulumi", "pulumi"))).toBe(false);
  });

  it("previews the model inside the program's component, and says the preflight waits for the account", async () => {
    const preview = await t.stack.preview();
    // stack, account, assistant, model component, training file, job, deployment
    expect(changes(preview.changeSummary)).toEqual({ create: 7 });
    expect(preview.stdout).toContain(DEFERRED);
  });

  it("up creates them, the preflight runs once the account exists, and the package starts the local service", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 7 });
    expect(up.stdout).toContain("preflight on account packaged-e2e");
    expect(up.stdout).not.toContain(DEFERRED);
    expect(up.outputs.model!.value).toMatch(/^gpt-4\.1-mini-2025-04-14\.ft-[0-9a-f]+-helper$/);
    expect(up.outputs.endpoint!.value).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/accounts\/packaged-e2e$/);
    expect(up.outputs.account!.value).toBe("packaged-e2e");

    const resources = (await t.stack.exportStack()).deployment.resources as StateResource[];
    const assistant = resources.find((r) => r.type === "packaged:index:Assistant")!;
    const model = resources.find((r) => r.type === "foundry:index:FineTunedModel")!;
    expect(model.parent).toBe(assistant.urn);
    const children = resources.filter((r) => r.parent === model.urn).map((r) => r.type.split(":").pop());
    expect(children.sort()).toEqual(["FineTuningJob", "ModelDeployment", "TrainingFile"]);

    // The service runs the package's built code, from the program's node_modules.
    const { pid } = JSON.parse(readFileSync(path.join(t.workDir, ".foundry-local", "emulator.json"), "utf8")) as {
      pid: number;
    };
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(commandLine).toContain(path.join(installed, "dist", "emulator", "main.js"));
  });

  it("a second preview is empty, and destroy removes everything", async () => {
    const preview = await t.stack.preview();
    expect(changes(preview.changeSummary)).toEqual({});
    expect(preview.stdout).not.toContain(DEFERRED);
    await t.stack.destroy();
    expect((await t.stack.exportStack()).deployment.resources ?? []).toEqual([]);
  });
});
