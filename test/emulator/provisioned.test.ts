// Provisioned throughput (PTU) on the local service: a fine-tuned gpt-4o-mini deployment is created with
// GlobalProvisionedManaged, scaled in PTU steps and deleted; wrong sizes and unsupported base models are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { RESOURCE_GROUP, startEmulator, uploadSample, waitForJob, type TestEmulator } from "./helpers";

const POLL = { updateIntervalInMs: 20 };
const body = (name: string, sku: string, capacity: number) => ({ sku: { name: sku, capacity }, properties: { model: { format: "OpenAI", name, version: "1" } } });

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
      const job = await waitForJob(client, (await client.fineTuning.jobs.create({ model: base, training_file, seed: 1, hyperparameters: { n_epochs: 1 } })).id);
      trained[base] = job.fine_tuned_model!;
    }
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("creates, scales and deletes a GlobalProvisionedManaged deployment", async () => {
    const model = trained["gpt-4o-mini-2024-07-18"]!;
    const created = await arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "ptu", "serve", body(model, "GlobalProvisionedManaged", 15), POLL);
    expect(created.sku).toMatchObject({ name: "GlobalProvisionedManaged", capacity: 15 });
    expect(created.properties?.provisioningState).toBe("Succeeded");
    const scaled = await arm.deployments.beginUpdateAndWait(RESOURCE_GROUP, "ptu", "serve", { sku: { name: "GlobalProvisionedManaged", capacity: 20 } }, POLL);
    expect(scaled.sku).toMatchObject({ name: "GlobalProvisionedManaged", capacity: 20 });
    await expect(arm.deployments.beginUpdateAndWait(RESOURCE_GROUP, "ptu", "serve", { sku: { name: "GlobalProvisionedManaged", capacity: 22 } }, POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidResourceProperties",
    });
    expect((await arm.deployments.get(RESOURCE_GROUP, "ptu", "serve")).sku?.capacity).toBe(20);
    await arm.deployments.beginDeleteAndWait(RESOURCE_GROUP, "ptu", "serve", POLL);
    expect([...(await arrayOf(arm.deployments.list(RESOURCE_GROUP, "ptu")))]).toEqual([]);
  });

  it("refuses a regional PTU size off its increment and models with no documented PTU", async () => {
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "ptu", "small", body(trained["gpt-4o-mini-2024-07-18"]!, "ProvisionedManaged", 30), POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: "InvalidResourceProperties", message: expect.stringContaining("at least 25 and a multiple of 25") });
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "ptu", "mini", body(trained["gpt-4.1-mini-2025-04-14"]!, "GlobalProvisionedManaged", 15), POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: "InvalidResourceProperties", message: expect.stringContaining("is not supported by the model") });
    expect([...(await arrayOf(arm.deployments.list(RESOURCE_GROUP, "ptu")))]).toEqual([]);
  });
});

async function arrayOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
