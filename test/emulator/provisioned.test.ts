// Provisioned throughput (PTU) on the local service: a fine-tuned gpt-4o-mini deployment is created with
// ProvisionedManaged, scaled in PTU steps and deleted; wrong sizes, unsupported base models, global PTU and
// regions outside the documented table are refused.

import type { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_GROUP, startEmulator, type TestEmulator, uploadSample, waitForJob } from "./helpers";

const POLL = { updateIntervalInMs: 20 };
const body = (name: string, sku: string, capacity: number) => ({
  sku: { name: sku, capacity },
  properties: { model: { format: "OpenAI", name, version: "1" } },
});

describe("provisioned throughput deployments", () => {
  let emu: TestEmulator;
  let arm: CognitiveServicesManagementClient;
  const trained: Record<string, string> = {};
  beforeAll(async () => {
    emu = await startEmulator();
    arm = emu.arm();
    const client = emu.dated("2024-10-21", "ptu");
    const training_file = await uploadSample(client, "train.jsonl");
    for (const base of ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"]) {
      const job = await waitForJob(
        client,
        (await client.fineTuning.jobs.create({ model: base, training_file, seed: 1, hyperparameters: { n_epochs: 1 } }))
          .id,
      );
      trained[base] = job.fine_tuned_model!;
    }
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("creates, scales and deletes a (regional) ProvisionedManaged deployment", async () => {
    const model = trained["gpt-4o-mini-2024-07-18"]!;
    const created = await arm.deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "ptu",
      "serve",
      body(model, "ProvisionedManaged", 25),
      POLL,
    );
    expect(created.sku).toMatchObject({ name: "ProvisionedManaged", capacity: 25 });
    expect(created.properties?.provisioningState).toBe("Succeeded");
    const scaled = await arm.deployments.beginUpdateAndWait(
      RESOURCE_GROUP,
      "ptu",
      "serve",
      { sku: { name: "ProvisionedManaged", capacity: 50 } },
      POLL,
    );
    expect(scaled.sku).toMatchObject({ name: "ProvisionedManaged", capacity: 50 });
    await expect(
      arm.deployments.beginUpdateAndWait(
        RESOURCE_GROUP,
        "ptu",
        "serve",
        { sku: { name: "ProvisionedManaged", capacity: 60 } },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidResourceProperties",
    });
    expect((await arm.deployments.get(RESOURCE_GROUP, "ptu", "serve")).sku?.capacity).toBe(50);
    await arm.deployments.beginDeleteAndWait(RESOURCE_GROUP, "ptu", "serve", POLL);
    expect([...(await arrayOf(arm.deployments.list(RESOURCE_GROUP, "ptu")))]).toEqual([]);
  });

  it("refuses a regional PTU size off its increment, models with no documented PTU, global PTU, and regions outside the table", async () => {
    const mini = trained["gpt-4o-mini-2024-07-18"]!;
    const refused = (name: string, model: string, sku: string, capacity: number, words: string) =>
      expect(
        arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "ptu", name, body(model, sku, capacity), POLL),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: "InvalidResourceProperties",
        message: expect.stringContaining(words),
      });
    await refused("small", mini, "ProvisionedManaged", 30, "at least 25 and a multiple of 25");
    await refused(
      "mini",
      trained["gpt-4.1-mini-2025-04-14"]!,
      "ProvisionedManaged",
      50,
      "is not supported by the model",
    );
    // Documented as regional only: the strict side refuses GlobalProvisionedManaged for every fine-tuned model.
    await refused("global", mini, "GlobalProvisionedManaged", 15, "is not supported by the model");
    await emu.admin("PUT", "/_emulator/accounts/ptu/region", { region: "westus" });
    try {
      await refused("west", mini, "ProvisionedManaged", 25, "in region 'westus'");
    } finally {
      await emu.admin("PUT", "/_emulator/accounts/ptu/region", { region: "swedencentral" });
    }
    expect([...(await arrayOf(arm.deployments.list(RESOURCE_GROUP, "ptu")))]).toEqual([]);
  });
});

async function arrayOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
