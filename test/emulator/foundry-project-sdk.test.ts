// The steps of Microsoft's guide "Customize a model with the Foundry Python SDK", through the Foundry SDK's
// JavaScript edition (@azure/ai-projects) against the local service's project endpoint: upload training and
// validation files, create the job with `trainingType` (an extra body field), follow it to success, read its
// events and checkpoints, deploy with the guide's raw ARM PUT (api-version 2024-10-01) and chat with the
// deployment through the project's OpenAI client.

import { AIProjectClient } from "@azure/ai-projects";
import { ManagedIdentityCredential } from "@azure/identity";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  sampleFile,
  sleep,
  startEmulator,
  type TestEmulator,
  uniqueName,
} from "./helpers";

describe("the Foundry SDK guide's steps through a project endpoint (@azure/ai-projects)", () => {
  let emu: TestEmulator;
  const account = uniqueName("guide");
  const project = "ft-project";
  const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
  beforeAll(async () => {
    emu = await startEmulator();
    // The guide signs in with an Entra credential; here a real one, whose tokens the local service issues in the
    // App Service managed-identity form (emulator/routes/identity.ts).
    process.env.IDENTITY_ENDPOINT = `${emu.url}/_emulator/identity/token`;
    process.env.IDENTITY_HEADER = emu.apiKey;
    // The project exists before the guide starts (made in the portal on Azure; here through ARM Projects_Create).
    const location = (await emu.arm().accounts.get(RESOURCE_GROUP, account)).location!;
    await emu.arm().projects.beginCreateAndWait(RESOURCE_GROUP, account, project, {
      location,
      properties: { displayName: project },
    });
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved))
      value === undefined ? delete process.env[name] : (process.env[name] = value);
    await emu?.close();
  });

  it("uploads, trains with trainingType, reads events and checkpoints, deploys through ARM and chats", async () => {
    const credential = new ManagedIdentityCredential();
    const projectEndpoint = `${emu.url}/accounts/${account}/api/projects/${project}`;
    const since =
      ((await emu.admin("GET", "/_emulator/requests?since=0")).body.requests as { seq: number }[]).at(-1)?.seq ?? 0;
    const openai = new AIProjectClient(projectEndpoint, credential).getOpenAIClient();

    // Upload the training and validation files and wait until they are processed.
    const training = await openai.files.create({
      file: await toFile(sampleFile("train.jsonl"), "train.jsonl"),
      purpose: "fine-tune",
    });
    const validation = await openai.files.create({
      file: await toFile(sampleFile("valid.jsonl"), "valid.jsonl"),
      purpose: "fine-tune",
    });
    for (const id of [training.id, validation.id])
      expect((await openai.files.waitForProcessing(id, { pollInterval: 20 })).status).toBe("processed");

    // Create the job: supervised hyperparameters under method, the training tier in the extra body.
    const created = await openai.fineTuning.jobs.create({
      model: BASE_MODEL,
      training_file: training.id,
      validation_file: validation.id,
      method: {
        type: "supervised",
        supervised: { hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1 } },
      },
      suffix: "guide",
      seed: 7,
      trainingType: "GlobalStandard",
    } as Parameters<typeof openai.fineTuning.jobs.create>[0]);
    expect(created.status).toMatch(/^(pending|validating_files|queued)$/);
    expect((created as unknown as { trainingType?: string }).trainingType?.toLowerCase()).toBe("globalstandard");

    // Follow it to success.
    let job = created;
    for (let i = 0; i < 3000 && !["succeeded", "failed", "cancelled"].includes(job.status); i++) {
      await sleep(20);
      job = await openai.fineTuning.jobs.retrieve(created.id);
    }
    expect(job.status).toBe("succeeded");
    expect(job.fine_tuned_model).toMatch(/-guide$/);

    // Events (paged) and checkpoints.
    const events = [];
    for await (const event of openai.fineTuning.jobs.listEvents(job.id, { limit: 5 })) events.push(event);
    expect(events.length).toBeGreaterThan(5);
    expect(events.some((e) => /succeeded|completed/i.test(e.message))).toBe(true);
    const checkpoints = (await openai.fineTuning.jobs.checkpoints.list(job.id)).data;
    expect(checkpoints.length).toBe(2);
    expect(checkpoints.every((c) => c.fine_tuning_job_id === job.id && typeof c.metrics.train_loss === "number")).toBe(
      true,
    );

    // Deploy as the guide does: a raw ARM PUT with a management-scope token, then poll the deployment.
    const deployment = "guide-deployment";
    const armUrl = `${emu.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/${account}/deployments/${deployment}?api-version=2024-10-01`;
    const armToken = (await credential.getToken("https://management.azure.com/.default"))!.token;
    const armHeaders = { authorization: `Bearer ${armToken}`, "content-type": "application/json" };
    const put = await fetch(armUrl, {
      method: "PUT",
      headers: armHeaders,
      body: JSON.stringify({
        sku: { name: "standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: job.fine_tuned_model, version: "1" } },
      }),
    });
    expect(put.status).toBeLessThan(300);
    let state = "";
    for (let i = 0; i < 2000 && state !== "Succeeded" && state !== "Failed"; i++) {
      state = (
        (await (await fetch(armUrl, { headers: armHeaders })).json()) as { properties: { provisioningState: string } }
      ).properties.provisioningState;
      if (state !== "Succeeded") await sleep(20);
    }
    expect(state).toBe("Succeeded");

    // Chat with the deployment through the project (after the inference warm-up the strict service keeps).
    let reply: string | null | undefined;
    for (let i = 0; i < 2000 && reply === undefined; i++) {
      try {
        const chat = await openai.chat.completions.create({
          model: deployment,
          messages: [{ role: "user", content: "How do I rename a file?" }],
          max_tokens: 16,
        });
        reply = chat.choices[0]?.message.content;
      } catch (e) {
        if ((e as { code?: string }).code !== "DeploymentNotFound") throw e;
        await sleep(10);
      }
    }
    expect(reply).toMatch(/\S/);

    // Every data-plane call went through the project's v1 surface, with an ai.azure.com token from the credential.
    const requests = (await emu.admin("GET", `/_emulator/requests?since=${since}`)).body.requests as {
      method: string;
      route: string;
      status: number;
    }[];
    const seen = requests
      .filter((r) => !/^\/(subscriptions|_emulator)\//.test(r.route))
      .map((r) => `${r.method} ${r.route.split("?")[0]}`);
    const base = `/accounts/${account}/api/projects/${project}/openai/v1/`;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((s) => !s.split(" ")[1]!.startsWith(base))).toEqual([]);
    expect(seen).toContain(`POST ${base}fine_tuning/jobs`);
    expect(seen).toContain(`POST ${base}chat/completions`);
    // Each surface takes only its own audience's tokens (next test), so the calls above passing is the proof.
    const tokens = requests.filter((r) => r.route === "/_emulator/identity/token");
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.every((r) => r.status === 200)).toBe(true);

    // What was made through the project is the account's: its own data plane has the same job.
    const throughAccount = await emu.v1(account).fineTuning.jobs.retrieve(job.id);
    expect(throughAccount.fine_tuned_model).toBe(job.fine_tuned_model);
  });

  it("takes an issued token only where its audience is: ai.azure.com on the project, not on the account's own data plane or ARM", async () => {
    const credential = new ManagedIdentityCredential();
    const project = (await credential.getToken("https://ai.azure.com/.default")).token;
    const account_ = (await credential.getToken("https://cognitiveservices.azure.com/.default")).token;
    const get = async (path: string, token: string) => {
      const response = await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return {
        status: response.status,
        body: (await response.json()) as { error?: { code: string; message: string } },
      };
    };
    const projectFiles = `/accounts/${account}/api/projects/ft-project/openai/v1/files`;
    const accountFiles = `/accounts/${account}/openai/v1/files`;
    expect((await get(projectFiles, project)).status).toBe(200);
    expect((await get(accountFiles, account_)).status).toBe(200);
    const wrong = await get(accountFiles, project);
    expect(wrong).toMatchObject({
      status: 401,
      body: {
        error: { code: "unauthorized", message: expect.stringContaining("'https://ai.azure.com' is not valid here") },
      },
    });
    expect((await get(projectFiles, account_)).status).toBe(401);
    expect((await get(`${emu.armIdOf(account)}/deployments?api-version=2024-10-01`, project)).status).toBe(401);
    expect((await get("/_emulator/requests", project)).status).toBe(401);
    expect((await get(projectFiles, `${project.slice(0, -2)}xx`)).status).toBe(401);
  });

  it("answers 404 with an error envelope through a project the account does not have, on both surfaces", async () => {
    for (const path of [
      `/accounts/${account}/api/projects/nope/openai/v1/files`,
      `/accounts/${account}/api/projects/nope/openai/files?api-version=2025-11-15-preview`,
    ]) {
      const response = await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "NotFound",
        message: expect.stringContaining("nope"),
      });
    }
  });
});
