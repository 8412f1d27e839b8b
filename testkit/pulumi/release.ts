// A stack made by an earlier release of the program, then upgraded to this checkout: what the upgrade tests
// start from. The release's program comes from the clone's history (git archive), so no old package is needed.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { PROGRAM_FILES } from "../../scripts/lib/program-files";
import { changes, projectRoot } from "./harness";
import { createProjectStack, type ProjectStack } from "./project";

export interface Release {
  /** The commit whose program made the stack. */
  commit: string;
  /** What that release's program was made of: its own PROGRAM_FILES (the layout has changed since). */
  files: readonly string[];
}

export interface UpgradedStack {
  t: ProjectStack;
  /** The release's program, as extracted (the test may look at its layout). */
  releaseDir: string;
  /** The last request the local service answered before the upgrade: what came after is this checkout's. */
  beforeUpgrade: number;
  cleanup(): Promise<void>;
}

function releaseTree(release: Release): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-release-"));
  const archive = path.join(dir, "release.tar");
  try {
    execFileSync("git", [
      "-C",
      projectRoot,
      "archive",
      "--format=tar",
      "-o",
      archive,
      release.commit,
      ...release.files,
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `the upgrade test needs commit ${release.commit} in the clone's history (a shallow clone lacks it: git fetch --unshallow): ${(error as Error).message}`,
    );
  }
  execFileSync("tar", ["-xf", archive, "-C", dir]);
  rmSync(archive);
  return dir;
}

/** Replaces the release's program files in the stack's folder with this checkout's; stack files and caches stay. */
function upgradeProgram(workDir: string, release: Release): void {
  for (const entry of new Set([...release.files, ...PROGRAM_FILES]))
    rmSync(path.join(workDir, entry), { recursive: true, force: true });
  for (const entry of PROGRAM_FILES)
    cpSync(path.join(projectRoot, entry), path.join(workDir, entry), { recursive: true });
}

/**
 * The release's program makes the stack (`up`, then `afterReleaseUp` for anything more it should make, such as a
 * second stack), and the stack's folder then gets this checkout's program.
 */
export async function stackUpgradedFrom(
  release: Release,
  options: { stackName: string; config: Record<string, unknown>; afterReleaseUp?: (t: ProjectStack) => Promise<void> },
): Promise<UpgradedStack> {
  const releaseDir = releaseTree(release);
  let t: ProjectStack | undefined;
  try {
    t = await createProjectStack({ stackName: options.stackName, config: options.config, programDir: releaseDir });
    await t.stack.up();
    await options.afterReleaseUp?.(t);
    upgradeProgram(t.workDir, release);
    const beforeUpgrade = await t.lastSeq();
    const stack = t;
    return {
      t: stack,
      releaseDir,
      beforeUpgrade,
      async cleanup() {
        await stack.stop();
        rmSync(releaseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await t?.stop();
    rmSync(releaseDir, { recursive: true, force: true });
    throw error;
  }
}

export interface PreviewStep {
  op: string;
  type: string;
  /** The resource's name: the last part of its URN. */
  name: string;
}

/** A preview's steps as the engine announces them, and its change summary. */
export async function previewSteps(stack: Stack): Promise<{ steps: PreviewStep[]; summary: Record<string, number> }> {
  const steps: PreviewStep[] = [];
  const result = await stack.preview({
    onEvent: (event) => {
      const m = event.resourcePreEvent?.metadata;
      if (m) steps.push({ op: m.op, type: m.type, name: m.urn.split("::").pop()! });
    },
  });
  return { steps, summary: changes(result.changeSummary) };
}
