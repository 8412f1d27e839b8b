// The strict side of Azure's unconfirmed behaviours (emulator/strictness.ts), over HTTP with the official
// clients, and the lenient switch that turns them off.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  startEmulator,
  type TestEmulator,
  tempDir,
  uploadSample,
  waitForJob,
} from "./helpers";

// Both services present the same certificates: two CAs of one name in one process can fail verification.
const sharedTls = tempDir();
afterAll(() => rmSync(sharedTls, { recursive: true, force: true }));

const ARM_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/local/deployments`;
const deploymentBody = (model: string, sku: string, capacity = 1) => ({
  sku: { name: sku, capacity },
  properties: { model: { format: "OpenAI", name: model, version: "1" } },
});

/** Long enough for a deployment operation to finish at time scale 0.01, so the next write meets no 409. */
const settle = () => new Promise((r) => setTimeout(r, 100));

async function armCall(emu: TestEmulator, method: string, name: string, version: string, body?: unknown) {
  const res = await fetch(`${emu.url}${ARM_PATH}${name ? `/${name}` : ""}?api-version=${version}`, {
    method,
    headers: { "api-key": emu.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.each([true, false])("local service, strict = %s", (strict) => {
  let emu: TestEmulator;
  let model: string;
  let trainingFile: string;
  beforeAll(async () => {
    const dataDir = tempDir();
    cpSync(sharedTls, path.join(dataDir, "tls"), { recursive: true });
    emu = await startEmulator({ strict, dataDir });
    cpSync(path.join(dataDir, "tls"), sharedTls, { recursive: true });
    const client = emu.v1();
    trainingFile = await uploadSample(client, "train.jsonl");
    model = (
      (await waitForJob(
        client,
        (
          await client.fineTuning.jobs.create({
            model: BASE_MODEL,
            training_file: trainingFile,
            hyperparameters: { n_epochs: 1 },
          })
        ).id,
      )) as {
        fine_tuned_model: string;
      }
    ).fine_tuned_model;
  });
  afterAll(async () => {
    await emu?.close();
    if (emu) rmSync(emu.dataDir, { recursive: true, force: true });
  });

  it("dated surface: metadata is dropped (not in the dated FineTuningJobCreation/FineTuningJob); v1 keeps it", async () => {
    const dated = await emu
      .dated()
      .fineTuning.jobs.create({ model: BASE_MODEL, training_file: trainingFile, metadata: { tag: "d" } });
    const v1 = await emu
      .v1()
      .fineTuning.jobs.create({ model: BASE_MODEL, training_file: trainingFile, metadata: { tag: "v" } });
    expect(dated.metadata).toEqual(strict ? undefined : { tag: "d" });
    expect(v1.metadata).toEqual({ tag: "v" });
    expect((await emu.dated().fineTuning.jobs.retrieve(v1.id)).metadata).toEqual(strict ? undefined : { tag: "v" });
    for (const id of [dated.id, v1.id]) await emu.v1().fineTuning.jobs.cancel(id);
  });

  it("dated surface: supervised hyperparameters under method are ignored; top-level ones are used", async () => {
    const nested = await emu.dated().fineTuning.jobs.create({
      model: BASE_MODEL,
      training_file: trainingFile,
      seed: 1,
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
    });
    const done = (await waitForJob(emu.dated(), nested.id)) as { hyperparameters: { n_epochs: number } };
    expect(done.hyperparameters.n_epochs).toBe(strict ? 3 : 2); // 3 = what "auto" resolves to for the sample
  });

  it("ARM: only api-versions that exist; 2024-10-21 is a data-plane version", async () => {
    expect((await armCall(emu, "GET", "", "2024-10-01")).status).toBe(200);
    const fake = await armCall(emu, "GET", "", "2024-10-21");
    expect(fake.status).toBe(strict ? 400 : 200);
    if (strict) expect(fake.body.error.code).toBe("InvalidApiVersionParameter");
  });

  it("ARM: DeveloperTier only on 2025-07-01-preview or later; capacity beyond the quota is InsufficientQuota", async () => {
    const old = await armCall(emu, "PUT", "dev-old", "2024-10-01", deploymentBody(model, "DeveloperTier", 50));
    expect(old.status).toBe(strict ? 400 : 201);
    await settle();
    const current = await armCall(
      emu,
      "PUT",
      "dev-new",
      "2025-07-01-preview",
      deploymentBody(model, "DeveloperTier", 50),
    );
    expect(current.status).toBe(201);
    await settle();
    const big = await armCall(emu, "PUT", "too-big", "2024-10-01", deploymentBody(model, "Standard", 101));
    expect(big.status).toBe(strict ? 400 : 201);
    if (strict)
      expect(big.body.error).toMatchObject({
        code: "InsufficientQuota",
        message: expect.stringMatching(/bigger than available capacity/),
      });
    await settle();
    for (const name of ["dev-old", "dev-new", "too-big"]) {
      await armCall(emu, "DELETE", name, "2024-10-01");
      await settle();
    }
  });

  it("jobs: training tiers follow the model table and the account's region (gpt-4o-mini trains globally, but not from westus2)", async () => {
    const global = () =>
      emu.v1().fineTuning.jobs.create({
        model: "gpt-4o-mini-2024-07-18",
        training_file: trainingFile,
        trainingType: "globalstandard",
      } as never);
    await emu.v1().fineTuning.jobs.cancel((await global()).id);
    expect((await emu.admin("PUT", "/_emulator/accounts/local/region", { region: "westus2" })).status).toBe(200);
    try {
      if (strict) await expect(global()).rejects.toMatchObject({ status: 400, param: "trainingType" });
      else await emu.v1().fineTuning.jobs.cancel((await global()).id);
    } finally {
      await emu.admin("PUT", "/_emulator/accounts/local/region", { region: "swedencentral" });
    }
  });
});
