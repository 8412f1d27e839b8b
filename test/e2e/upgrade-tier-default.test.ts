// Upgrading across the corrected training-tier default: the release before it defaulted gpt-4o-mini to Standard
// (no global training in its table); this checkout defaults it to GlobalStandard (the 2026-02 model table). A
// stack that names no tier, trained by that release, keeps its job: the preview replaces nothing, the `up` writes
// nothing to the service, and the state still says the job trained on Standard. Writing a tier retrains.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_FILES } from "../../scripts/lib/program-files";
import { shippedConfig } from "../../testkit/catalogue/run";
import { changes, projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack, writes } from "../../testkit/pulumi/project";

/** main before the 2026-02 tier table: its program defaulted gpt-4o-mini to Standard. */
const RELEASE = "36e253c";

function releaseTree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-release-"));
  const archive = path.join(dir, "release.tar");
  try {
    execFileSync("git", ["-C", projectRoot, "archive", "--format=tar", "-o", archive, RELEASE, ...PROGRAM_FILES]);
  } catch (error) {
    throw new Error(
      `the upgrade test needs commit ${RELEASE} in the clone's history (a shallow clone lacks it: git fetch --unshallow): ${(error as Error).message}`,
    );
  }
  execFileSync("tar", ["-xf", archive, "-C", dir]);
  rmSync(archive);
  return dir;
}

function upgrade(workDir: string): void {
  for (const entry of PROGRAM_FILES) rmSync(path.join(workDir, entry), { recursive: true, force: true });
  for (const entry of PROGRAM_FILES)
    cpSync(path.join(projectRoot, entry), path.join(workDir, entry), { recursive: true });
}

async function previewOps(stack: Stack): Promise<{ ops: string[]; summary: Record<string, number> }> {
  const ops: string[] = [];
  const result = await stack.preview({
    onEvent: (event) => {
      const m = event.resourcePreEvent?.metadata;
      if (m) ops.push(`${m.op} ${m.urn.split("::").pop()}`);
    },
  });
  return { ops, summary: changes(result.changeSummary) };
}

async function jobTier(stack: Stack): Promise<string> {
  const resources = (await stack.exportStack()).deployment.resources as {
    type: string;
    outputs?: { trainingType?: string };
  }[];
  return resources.find((r) => r.type.endsWith("FineTuningJob"))!.outputs!.trainingType!;
}

/** The shipped dev stack on gpt-4o-mini, naming no training tier. */
function miniConfig(trainingType?: string): Record<string, unknown> {
  const dev = shippedConfig("dev");
  const clippy = dev.models.clippy as Record<string, unknown>;
  clippy.baseModel = "gpt-4o-mini-2024-07-18";
  delete clippy.trainingType;
  if (trainingType) clippy.trainingType = trainingType;
  return dev as unknown as Record<string, unknown>;
}

describe(`upgrade across the corrected tier default (from ${RELEASE})`, () => {
  let t: ProjectStack;
  let release: string;
  let beforeUpgrade: number;

  beforeAll(async () => {
    release = releaseTree();
    t = await createProjectStack({ stackName: "dev", config: miniConfig(), programDir: release });
    await t.stack.up();
    upgrade(t.workDir);
    beforeUpgrade = await t.lastSeq();
  });
  afterAll(async () => {
    await t?.stop();
    if (release) rmSync(release, { recursive: true, force: true });
  });

  it("the release trained the job on Standard, its default for gpt-4o-mini", async () => {
    expect((await jobTier(t.stack)).toLowerCase()).toBe("standard");
  });

  it("this checkout's preview replaces and updates nothing, though its default is now GlobalStandard", async () => {
    const { ops, summary } = await previewOps(t.stack);
    expect(ops.filter((op) => !op.startsWith("same "))).toEqual([]);
    expect(ops).toContain("same clippy");
    expect(summary).toEqual({});
  });

  it("up sends no write to the service, and the job still records Standard", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({});
    expect(writes(await t.requestsSince(beforeUpgrade))).toEqual([]);
    expect((await jobTier(t.stack)).toLowerCase()).toBe("standard");
  });

  it("writing the tier is a change the user asked for: the preview retrains", async () => {
    t.setStackConfig(miniConfig("GlobalStandard"), "dev");
    const { ops } = await previewOps(t.stack);
    expect(ops).toContain("replace clippy");
    t.setStackConfig(miniConfig(), "dev");
  });
});
