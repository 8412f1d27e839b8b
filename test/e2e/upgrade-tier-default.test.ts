// Upgrading across the corrected training-tier default: the release before it defaulted gpt-4o-mini to Standard
// (no global training in its table); this checkout defaults it to GlobalStandard (the 2026-02 model table). A
// stack that names no tier, trained by that release, keeps its job: the preview replaces nothing, the `up` writes
// nothing to the service, and the state still says the job trained on Standard. Writing a tier retrains.
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_FILES } from "../../scripts/lib/program-files";
import { shippedConfig } from "../../testkit/catalogue/run";
import { changes } from "../../testkit/pulumi/harness";
import { type ProjectStack, writes } from "../../testkit/pulumi/project";
import { previewSteps, type Release, stackUpgradedFrom, type UpgradedStack } from "../../testkit/pulumi/release";

/** main before the 2026-02 tier table: its program defaulted gpt-4o-mini to Standard. */
const RELEASE: Release = {
  commit: "36e253c",
  // This checkout's program files but azure/, which the Azure catalogue moved into later.
  files: PROGRAM_FILES.filter((entry) => entry !== "azure"),
};

/** The preview's steps as `op name`. */
async function previewOps(stack: Stack): Promise<{ ops: string[]; summary: Record<string, number> }> {
  const { steps, summary } = await previewSteps(stack);
  return { ops: steps.map((s) => `${s.op} ${s.name}`), summary };
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

describe(`upgrade across the corrected tier default (from ${RELEASE.commit})`, () => {
  let upgraded: UpgradedStack;
  let t: ProjectStack;
  let beforeUpgrade: number;

  beforeAll(async () => {
    upgraded = await stackUpgradedFrom(RELEASE, { stackName: "dev", config: miniConfig() });
    ({ t, beforeUpgrade } = upgraded);
  });
  afterAll(async () => {
    await upgraded?.cleanup();
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
