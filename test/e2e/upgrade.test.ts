// Upgrading from the release before the model components: stacks made by that release's program (the shipped dev
// stack with a DPO model continued from it, and prod promoting from dev) are previewed and updated by this one.
// Their resources are adopted through aliases, not replaced: the first preview creates only the components that
// now parent them (bookkeeping in the state; the service sees nothing), and after that `up` the preview is empty.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_FILES } from "../../scripts/lib/program-files";
import { shippedConfig, shippedDevWithDpoModel } from "../../testkit/catalogue/run";
import { changes, projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack, writes } from "../../testkit/pulumi/project";

/** main when the release landed: its program is what users' stacks were made with. */
const RELEASE = "62ba9ba";
const RELEASE_PROGRAM = [
  "index.ts",
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "resources",
  "foundry",
  "validate",
  "reports",
  "datasets",
];

function releaseTree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-release-"));
  const archive = path.join(dir, "release.tar");
  try {
    execFileSync("git", ["-C", projectRoot, "archive", "--format=tar", "-o", archive, RELEASE, ...RELEASE_PROGRAM]);
  } catch (error) {
    throw new Error(
      `the upgrade test needs commit ${RELEASE} in the clone's history (a shallow clone lacks it: git fetch --unshallow): ${(error as Error).message}`,
    );
  }
  execFileSync("tar", ["-xf", archive, "-C", dir]);
  rmSync(archive);
  return dir;
}

/** Replaces the release's program files in the stack's folder with this checkout's; stack files and caches stay. */
function upgrade(workDir: string): void {
  for (const entry of new Set([...RELEASE_PROGRAM, ...PROGRAM_FILES]))
    rmSync(path.join(workDir, entry), { recursive: true, force: true });
  for (const entry of PROGRAM_FILES)
    cpSync(path.join(projectRoot, entry), path.join(workDir, entry), { recursive: true });
}

interface Step {
  op: string;
  type: string;
  name: string;
}

async function previewSteps(stack: Stack): Promise<{ steps: Step[]; summary: Record<string, number> }> {
  const steps: Step[] = [];
  const result = await stack.preview({
    onEvent: (event) => {
      const m = event.resourcePreEvent?.metadata;
      if (m) steps.push({ op: m.op, type: m.type, name: m.urn.split("::").pop()! });
    },
  });
  return { steps, summary: changes(result.changeSummary) };
}

const dev = shippedDevWithDpoModel();
const prod = shippedConfig("prod");

describe(`upgrade from the release before the model components (${RELEASE})`, () => {
  let t: ProjectStack;
  let prodStack: Stack;
  let release: string;
  let beforeUpgrade: number;

  beforeAll(async () => {
    release = releaseTree();
    expect(readdirSync(path.join(release, "resources"))).toContain("stack.ts"); // the release's layout, not this one
    t = await createProjectStack({ stackName: "dev", config: dev, programDir: release });
    prodStack = await t.openStack("prod");
    t.setStackConfig(prod, "prod");
    await t.stack.up();
    await prodStack.up();
    upgrade(t.workDir);
    beforeUpgrade = await t.lastSeq();
  });
  afterAll(async () => {
    await t?.stop();
    if (release) rmSync(release, { recursive: true, force: true });
  });

  it("dev: the first preview creates the two model components and touches no resource", async () => {
    const { steps, summary } = await previewSteps(t.stack);
    const changed = steps.filter((s) => s.op !== "same");
    expect(changed.map((s) => `${s.op} ${s.type} ${s.name}`).sort()).toEqual([
      "create foundry:index:FineTunedModel clippy",
      "create foundry:index:FineTunedModel polished",
    ]);
    const resources = steps.filter(
      (s) => s.type.startsWith("pulumi-nodejs:dynamic/") || s.type.includes("$pulumi-nodejs:dynamic/"),
    );
    expect(resources.map((s) => `${s.op} ${s.name}`).sort()).toEqual(
      [
        "clippy",
        "clippy",
        "clippy-evaluation",
        "clippy-training",
        "clippy-validation",
        "polished",
        "polished",
        "polished-training",
      ].map((name) => `same ${name}`),
    );
    expect(summary).toEqual({ create: 2 });
  });

  it("prod: the first preview creates the promoted model's component and touches no resource", async () => {
    const { steps } = await previewSteps(prodStack);
    const changed = steps.filter((s) => s.op !== "same" && s.op !== "read");
    expect(changed.map((s) => `${s.op} ${s.type} ${s.name}`)).toEqual(["create foundry:index:PromotedModel clippy"]);
  });

  it("up does exactly that, the service sees no write, and the next previews and refreshes are empty", async () => {
    const devUp = await t.stack.up();
    expect(changes(devUp.summary.resourceChanges)).toEqual({ create: 2 });
    const prodUp = await prodStack.up();
    const { read: _read, ...prodChanges } = changes(prodUp.summary.resourceChanges);
    expect(prodChanges).toEqual({ create: 1 });
    expect(writes(await t.requestsSince(beforeUpgrade))).toEqual([]);

    expect((await previewSteps(t.stack)).summary).toEqual({});
    expect(changes((await t.stack.refresh()).summary.resourceChanges)).toEqual({});
    const { read: _again, ...prodPreview } = (await previewSteps(prodStack)).summary;
    expect(prodPreview).toEqual({});
  });

  it("the resources now sit under their model's component", async () => {
    const resources = (await t.stack.exportStack()).deployment.resources as {
      urn: string;
      type: string;
      parent?: string;
    }[];
    const job = resources.find((r) => r.type.endsWith("FineTuningJob") && r.urn.endsWith("::clippy"))!;
    expect(job.parent).toMatch(/foundry:index:FineTunedModel::clippy$/);
    const evaluation = resources.find((r) => r.type.endsWith("Evaluation"))!;
    expect(evaluation.parent).toMatch(/foundry:index:FineTunedModel::clippy$/);
  });
});
