// Upgrading from the release before the model components: stacks made by that release's program (the shipped dev
// stack with a DPO model continued from it, and prod promoting from dev) are previewed and updated by this one.
// Their resources are adopted through aliases, not replaced: the first preview creates only the components that
// now parent them (bookkeeping in the state; the service sees nothing), and after that `up` the preview is empty.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedConfig, shippedDevWithDpoModel } from "../../testkit/catalogue/run";
import { changes } from "../../testkit/pulumi/harness";
import { type ProjectStack, writes } from "../../testkit/pulumi/project";
import { previewSteps, type Release, stackUpgradedFrom, type UpgradedStack } from "../../testkit/pulumi/release";

/** main when the release landed: its program is what users' stacks were made with. */
const RELEASE: Release = {
  commit: "62ba9ba",
  files: [
    "index.ts",
    "Pulumi.yaml",
    "package.json",
    "tsconfig.json",
    "resources",
    "foundry",
    "validate",
    "reports",
    "datasets",
  ],
};

const dev = shippedDevWithDpoModel();
const prod = shippedConfig("prod");

describe(`upgrade from the release before the model components (${RELEASE.commit})`, () => {
  let upgraded: UpgradedStack;
  let t: ProjectStack;
  let prodStack: Stack;
  let beforeUpgrade: number;

  beforeAll(async () => {
    upgraded = await stackUpgradedFrom(RELEASE, {
      stackName: "dev",
      config: dev,
      afterReleaseUp: async (stack) => {
        prodStack = await stack.openStack("prod");
        stack.setStackConfig(prod, "prod");
        await prodStack.up();
      },
    });
    ({ t, beforeUpgrade } = upgraded);
    // the release's layout, not this one
    expect(readdirSync(path.join(upgraded.releaseDir, "resources"))).toContain("stack.ts");
  });
  afterAll(async () => {
    await upgraded?.cleanup();
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
