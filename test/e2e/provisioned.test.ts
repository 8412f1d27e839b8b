// A provisioned-throughput (PTU) deployment through the program: created, scaled in place and deleted on the
// local service; a size Azure would refuse fails the preview naming the key, before any request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const config = (capacity: number) => ({
  account: { name: "ptu" },
  models: {
    clippy: {
      baseModel: "gpt-4o-mini-2024-07-18",
      trainingFile: "datasets/clippy/train.jsonl",
      suffix: "ptu",
      method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
      deployment: { name: "clippy", sku: "GlobalProvisionedManaged", capacity },
    },
  },
});

describe("provisioned throughput deployment", () => {
  let t: ProjectStack;
  const deployed = async () =>
    (
      await t.admin<{ value: { name: string; sku: { name: string; capacity: number } }[] }>(
        "GET",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/ptu/deployments?api-version=2024-10-01",
      )
    ).value;

  beforeAll(async () => {
    t = await createProjectStack({ config: config(15) });
  });
  afterAll(async () => t?.stop());

  it("creates it with its PTUs", async () => {
    await t.stack.up();
    expect((await deployed()).map((d) => d.sku)).toEqual([{ name: "GlobalProvisionedManaged", capacity: 15 }]);
  });

  it("refuses a size off the PTU increment at preview, before any request", async () => {
    t.setStackConfig(config(17));
    const before = await t.lastSeq();
    const failure = await t.stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain("foundry-finetune:models.clippy.deployment.sku: GlobalProvisionedManaged capacity is in PTUs: at least 15 and a multiple of 5");
    expect((await t.requestsSince(before)).filter((r) => !r.route.startsWith("/_emulator"))).toEqual([]);
  });

  it("scales it in place", async () => {
    t.setStackConfig(config(20));
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    expect((await deployed()).map((d) => d.sku)).toEqual([{ name: "GlobalProvisionedManaged", capacity: 20 }]);
  });

  it("deletes it with the stack", async () => {
    await t.stack.destroy();
    expect(await deployed()).toEqual([]);
  });
});
