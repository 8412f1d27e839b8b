// Deployments through @azure/arm-cognitiveservices: per-account write conflicts, the fine-tuned deployment
// quota, cross-account deployment via properties.model.source, models that are not ready, model changes, skus.

import type { CognitiveServicesManagementClient, Deployment } from "@azure/arm-cognitiveservices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  sampleExamples,
  startEmulator,
  type TestEmulator,
  uniqueName,
  untilServing,
  uploadSample,
  waitForJob,
} from "./helpers";

const deployment = (name: string, sku = "Standard", source?: string): Deployment => ({
  sku: { name: sku, capacity: 1 },
  properties: { model: { format: "OpenAI", name, version: "1", ...(source ? { source } : {}) } },
});
const POLL = { updateIntervalInMs: 20 };

describe("control plane", () => {
  let emu: TestEmulator;
  let arm: CognitiveServicesManagementClient;
  let model: string;
  beforeAll(async () => {
    emu = await startEmulator();
    arm = emu.arm();
    const src = emu.dated("2024-10-21", "src");
    const training_file = await uploadSample(src, "train.jsonl");
    const job = await waitForJob(
      src,
      (
        await src.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file,
          seed: 3,
          hyperparameters: { n_epochs: 1 },
        })
      ).id,
    );
    model = job.fine_tuned_model!;
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("deploys into another account only when properties.model.source names the source account", async () => {
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "dst", "x", deployment(model), POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "DeploymentModelNotSupported",
    });
    const d = await arm.deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "dst",
      "cross",
      deployment(model, "Standard", emu.armIdOf("src")),
      POLL,
    );
    expect(d.properties?.provisioningState).toBe("Succeeded");
    expect(d.id).toBe(`${emu.armIdOf("dst")}/deployments/cross`);
    const prompt = sampleExamples("train.jsonl")[0]!.messages.slice(0, -1) as Array<{ role: "user"; content: string }>;
    await untilServing(emu.dated("2025-04-01-preview", "dst"), "cross");
    const reply = await emu
      .dated("2025-04-01-preview", "dst")
      .chat.completions.create({ model: "cross", messages: prompt, temperature: 0 });
    expect(reply.choices[0]!.message.content!.length).toBeGreaterThan(0);
    // The source account has no such deployment.
    await expect(
      emu.dated("2025-04-01-preview", "src").chat.completions.create({ model: "cross", messages: prompt }),
    ).rejects.toMatchObject({
      status: 404,
      code: "DeploymentNotFound",
    });
  });

  it("answers 409 RequestConflict while another write on the account is in flight", async () => {
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.5 });
    try {
      const first = await arm.deployments.beginCreateOrUpdate(RESOURCE_GROUP, "src", "first", deployment(model), POLL);
      await expect(
        arm.deployments.beginCreateOrUpdate(RESOURCE_GROUP, "src", "second", deployment(model), POLL),
      ).rejects.toMatchObject({
        statusCode: 409,
        code: "RequestConflict",
      });
      // Another account is not blocked.
      const other = await arm.deployments.beginCreateOrUpdate(
        RESOURCE_GROUP,
        "dst",
        uniqueName("other"),
        deployment(model, "GlobalStandard", emu.armIdOf("src")),
        POLL,
      );
      expect((await first.pollUntilDone()).properties?.provisioningState).toBe("Succeeded");
      expect((await other.pollUntilDone()).sku?.name).toBe("GlobalStandard");
    } finally {
      await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    }
    await arm.deployments.beginDeleteAndWait(RESOURCE_GROUP, "src", "first", POLL);
  });

  it("serves chat while an update is provisioning, but not before the first provisioning finished", async () => {
    const client = emu.dated("2024-10-21", "src");
    const prompt = sampleExamples("train.jsonl")[1]!.messages.slice(0, -1) as Array<{ role: "user"; content: string }>;
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 1.5 }); // provisioning takes 3 s
    try {
      const creating = await arm.deployments.beginCreateOrUpdate(
        RESOURCE_GROUP,
        "src",
        "served",
        deployment(model),
        POLL,
      );
      await expect(client.chat.completions.create({ model: "served", messages: prompt })).rejects.toMatchObject({
        status: 404,
        code: "DeploymentNotFound",
      });
      await creating.pollUntilDone();
      await untilServing(client, "served");
      const updating = await arm.deployments.beginUpdate(
        RESOURCE_GROUP,
        "src",
        "served",
        { sku: { name: "Standard", capacity: 3 } },
        POLL,
      );
      expect((await arm.deployments.get(RESOURCE_GROUP, "src", "served")).properties?.provisioningState).toBe(
        "Accepted",
      );
      await expect(
        client.chat.completions.create({ model: "served", messages: prompt, temperature: 0 }),
      ).resolves.toMatchObject({ object: "chat.completion" });
      expect((await updating.pollUntilDone()).sku?.capacity).toBe(3);
    } finally {
      await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    }
    await arm.deployments.beginDeleteAndWait(RESOURCE_GROUP, "src", "served", POLL);
  });

  it("allows at most 10 fine-tuned deployments per account", async () => {
    const account = "quota";
    for (let i = 0; i < 10; i++) {
      await arm.deployments.beginCreateOrUpdateAndWait(
        RESOURCE_GROUP,
        account,
        `d${i}`,
        deployment(model, "developertier", emu.armIdOf("src")),
        POLL,
      );
    }
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(
        RESOURCE_GROUP,
        account,
        "d10",
        deployment(model, "Standard", emu.armIdOf("src")),
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "InsufficientQuota",
    });
    const names = [];
    for await (const d of arm.deployments.list(RESOURCE_GROUP, account)) names.push(`${d.name}:${d.sku?.name}`);
    expect(names.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `d${i}:DeveloperTier`).sort());
    // Their capacity shows in the subscription's usages of the region (Usages_List); the account's usages invent nothing.
    const usages = [];
    for await (const u of arm.usages.list("swedencentral")) usages.push(u);
    expect(usages.find((u) => u.name?.value === "OpenAI.DeveloperTier.fine-tune")).toMatchObject({
      currentValue: 10,
      limit: 100,
    });
    expect(usages.find((u) => u.name?.value === "OpenAI.DeveloperTier.fine-tune")!.currentValue).toBe(10);
    expect((await arm.accounts.listUsages(RESOURCE_GROUP, account)).value).toEqual([]);
    const elsewhere = [];
    for await (const u of arm.usages.list("westus")) elsewhere.push(u);
    expect(elsewhere.every((u) => u.currentValue === 0)).toBe(true);
  });

  it("refuses a model whose job has not succeeded, and a model change on a fine-tuned deployment", async () => {
    const src = emu.dated("2024-10-21", "src");
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 1 });
    const training_file = (await src.files.list()).data.find((f) => f.purpose === "fine-tune")!.id;
    const running = await src.fineTuning.jobs.create({ model: BASE_MODEL, training_file, suffix: "slow" });
    const pendingName = `${BASE_MODEL}.ft-${running.id.slice(6)}-slow`;
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "src", "early", deployment(pendingName), POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "DeploymentModelNotSupported",
    });
    expect((await src.fineTuning.jobs.cancel(running.id)).status).toBe("cancelled");
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    expect((await waitForJob(src, running.id)).status).toBe("cancelled");

    await arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "src", "fixed", deployment(model), POLL);
    const checkpoint = (await src.fineTuning.jobs.list()).data.find((j) => j.fine_tuned_model === model)!;
    const ckptId = (await src.fineTuning.jobs.checkpoints.list(checkpoint.id)).data[0]!.id;
    await expect(
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "src", "fixed", deployment(ckptId), POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "ModelUpgradeNotSupported",
    });
    // Re-PUT of the same model is an update (sku change).
    const same = await arm.deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "src",
      "fixed",
      deployment(model, "GlobalStandard"),
      POLL,
    );
    expect(same.sku?.name).toBe("GlobalStandard");
  });
});
