// Refresh and destroy on the stacks the repo ships (Pulumi.dev.yaml with its evaluation, Pulumi.prod.yaml
// promoting from it), with a DPO model deploying a checkpoint beside them: every provider kind is read,
// deleted and created again through the real CLI. A refresh finds nothing to change and leaves an empty preview.
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedConfig, shippedDevWithDpoModel } from "../../testkit/catalogue/run";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

/** A StackReference shows as "read" when the referenced outputs changed: a read, not a change of prod. */
const withoutReads = (summary: Record<string, number> | undefined) => {
  const { read: _read, ...rest } = changes(summary);
  return rest;
};

const dev = shippedDevWithDpoModel();
const prod = shippedConfig("prod");

describe("refresh and destroy on the shipped stacks (evaluation, DPO, checkpoint deployment, promotion)", () => {
  let t: ProjectStack;
  let prodStack: Stack;
  const kinds = async (stack: Stack) =>
    [
      ...new Set(
        ((await stack.exportStack()).deployment.resources ?? []).map((r: { type: string }) => r.type.split(":").pop()),
      ),
    ].sort();

  beforeAll(async () => {
    t = await createProjectStack({ stackName: "dev", config: dev });
    prodStack = await t.openStack("prod");
    t.setStackConfig(prod, "prod");
    await t.stack.up();
    await prodStack.up();
  });
  afterAll(async () => t?.stop());

  it("holds every provider kind", async () => {
    expect(await kinds(t.stack)).toEqual(
      expect.arrayContaining(["Evaluation", "FineTuningJob", "ModelDeployment", "TrainingFile"]),
    );
    expect(await kinds(prodStack)).toEqual(expect.arrayContaining(["ModelDeployment", "StackReference"]));
  });

  it("refreshes dev with no change, then previews nothing", async () => {
    const refresh = await t.stack.refresh();
    expect(changes(refresh.summary.resourceChanges)).toEqual({});
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  it("refreshes prod with no change, then previews nothing", async () => {
    const refresh = await prodStack.refresh();
    expect(withoutReads(refresh.summary.resourceChanges)).toEqual({});
    expect(withoutReads((await prodStack.preview()).changeSummary)).toEqual({});
  });

  it("destroys both stacks, then ups them again to an empty preview", async () => {
    await prodStack.destroy();
    await t.stack.destroy();
    expect((await t.stack.exportStack()).deployment.resources ?? []).toEqual([]);
    await t.stack.up();
    await prodStack.up();
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
    expect(withoutReads((await prodStack.preview()).changeSummary)).toEqual({});
    expect(changes((await t.stack.refresh()).summary.resourceChanges)).toEqual({});
  });
});
