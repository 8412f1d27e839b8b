// A provisioned-throughput (PTU) deployment through the program: created, scaled in place and deleted on the
// local service; a size Azure would refuse fails the preview naming the key, before any request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const config = (capacity: number, sku = "ProvisionedManaged") => ({
  account: { name: "ptu" },
  models: {
    clippy: {
      baseModel: "gpt-4o-mini-2024-07-18",
      trainingFile: "datasets/clippy/train.jsonl",
      suffix: "ptu",
      method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
      deployment: { name: "clippy", sku, capacity },
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
    t = await createProjectStack({ config: config(25) });
  });
  afterAll(async () => t?.stop());

  it("creates it with its PTUs", async () => {
    await t.stack.up();
    expect((await deployed()).map((d) => d.sku)).toEqual([{ name: "ProvisionedManaged", capacity: 25 }]);
  });

  it("refuses a size off the PTU increment, and global PTU (documented as regional only), at preview, before any request", async () => {
    for (const [capacity, sku, words] of [
      [30, "ProvisionedManaged", "ProvisionedManaged capacity is in PTUs: at least 25 and a multiple of 25"],
      [15, "GlobalProvisionedManaged", "GlobalProvisionedManaged is not offered for fine-tuned models"],
    ] as const) {
      t.setStackConfig(config(capacity, sku));
      const before = await t.lastSeq();
      const failure = await t.stack.preview().then(
        () => "",
        (error: Error) => error.message,
      );
      expect(failure).toContain(`foundry-finetune:models.clippy.deployment.sku: ${words}`);
      expect((await t.requestsSince(before)).filter((r) => !r.route.startsWith("/_emulator"))).toEqual([]);
    }
  });

  it("scales it in place", async () => {
    t.setStackConfig(config(50));
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    expect((await deployed()).map((d) => d.sku)).toEqual([{ name: "ProvisionedManaged", capacity: 50 }]);
  });

  it("deletes it with the stack", async () => {
    await t.stack.destroy();
    expect(await deployed()).toEqual([]);
  });
});
