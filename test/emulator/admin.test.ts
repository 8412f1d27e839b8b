// Test controls under /_emulator/: request log, fault injection (at start and at run time), failing a job,
// expiring deployments (admin route and the time-scaled DeveloperTier lifetime), health. Admin calls use fetch;
// the effects are observed through the official clients.

import { APIConnectionError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  sampleExamples,
  sleep,
  startEmulator,
  type TestEmulator,
  untilServing,
  uploadSample,
  waitForJob,
} from "./helpers";

const POLL = { updateIntervalInMs: 20 };

describe("admin routes", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEmulator({
      faults: { rules: [{ route: "^/openai/models$", method: "GET", rate429: 1, retryAfterSeconds: 7 }] },
    });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("requires the key", async () => {
    const res = await fetch(`${emu.url}/_emulator/health`);
    expect(res.status).toBe(401);
    const health = await emu.admin("GET", "/_emulator/health");
    expect(health).toMatchObject({ status: 200, body: { status: "ok", timeScale: 0.01 } });
  });

  it("applies faults given at start, and replaces them at run time", async () => {
    const client = emu.dated();
    const err = await client.models.list().catch((e) => e);
    expect(err).toMatchObject({ status: 429, code: "tooManyRequests" });
    expect(err.headers.get("retry-after")).toBe("7");
    await expect(client.files.list()).resolves.toBeDefined(); // other routes are untouched

    expect(
      (await emu.admin("PUT", "/_emulator/faults", { rules: [{ route: "^/openai/files", rate5xx: 1 }], seed: 5 }))
        .status,
    ).toBe(200);
    await expect(client.models.list()).resolves.toBeDefined();
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await client.files.list().catch((e) => e)).status);
    expect([...statuses].every((s) => s === 500 || s === 503)).toBe(true);

    await emu.admin("PUT", "/_emulator/faults", {
      rules: [{ route: "/fine_tuning/jobs$", method: "GET", dropRate: 1 }],
    });
    await expect(client.fineTuning.jobs.list()).rejects.toBeInstanceOf(APIConnectionError);
    await emu.admin("PUT", "/_emulator/faults", { rules: [{ latencyMs: 30 }] });
    await expect(client.fineTuning.jobs.list()).resolves.toBeDefined();

    expect((await emu.admin("PUT", "/_emulator/faults", { rules: [{ rate429: 2 }] })).body.error.message).toMatch(
      /rules\[0\]\.rate429/,
    );
    await emu.admin("PUT", "/_emulator/faults", { rules: [] });
    await expect(client.models.list()).resolves.toBeDefined();
  });

  it("logs every request served, with route and status", async () => {
    const since = Math.max(
      0,
      ...(await emu.admin("GET", "/_emulator/requests")).body.requests.map((r: { seq: number }) => r.seq),
    );
    const client = emu.dated();
    await client.files.list();
    await client.fineTuning.jobs.retrieve(`ftjob-${"1".repeat(32)}`).catch(() => {});
    const { body } = await emu.admin("GET", `/_emulator/requests?since=${since}`);
    const served = body.requests.filter((r: { route: string }) => !r.route.startsWith("/_emulator/"));
    expect(
      served.map((r: { method: string; route: string; status: number }) => `${r.method} ${r.route} ${r.status}`),
    ).toEqual(["GET /openai/files 200", `GET /openai/fine_tuning/jobs/ftjob-${"1".repeat(32)} 404`]);
  });

  it("fails a running job on request", async () => {
    const client = emu.dated();
    const training_file = await uploadSample(client, "train.jsonl");
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 1 });
    const job = await client.fineTuning.jobs.create({ model: BASE_MODEL, training_file });
    await waitForJob(client, job.id, undefined, ["running"]);
    const res = await emu.admin("POST", `/_emulator/jobs/${job.id}/fail`, { message: "Simulated node loss." });
    expect(res.status).toBe(200);
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    const failed = await waitForJob(client, job.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "internalFailure", message: "Simulated node loss." });
    const events = (await client.fineTuning.jobs.listEvents(job.id)).data;
    expect(events[0]).toMatchObject({ level: "error", message: "Job failed. Simulated node loss." });
    expect((await emu.admin("POST", `/_emulator/jobs/${job.id}/fail`, { message: "again" })).status).toBe(409);
  });

  it("expires deployments: by admin route, and DeveloperTier after its (time-scaled) 24 hours", async () => {
    const client = emu.dated();
    const training_file = await uploadSample(client, "train.jsonl");
    const job = await waitForJob(
      client,
      (await client.fineTuning.jobs.create({ model: BASE_MODEL, training_file, hyperparameters: { n_epochs: 1 } })).id,
    );
    const arm = emu.arm();
    const body = (sku: string) => ({
      sku: { name: sku, capacity: 1 },
      properties: { model: { format: "OpenAI", name: job.fine_tuned_model!, version: "1" } },
    });
    await arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "local", "idle-one", body("Standard"), POLL);
    const prompt = sampleExamples("train.jsonl")[0]!.messages.slice(0, -1) as Array<{ role: "user"; content: string }>;
    await untilServing(client, "idle-one");
    await expect(client.chat.completions.create({ model: "idle-one", messages: prompt })).resolves.toBeDefined();
    expect(
      (await emu.admin("POST", "/_emulator/accounts/local/deployments/idle-one/expire", { reason: "idle" })).status,
    ).toBe(200);
    await expect(arm.deployments.get(RESOURCE_GROUP, "local", "idle-one")).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.chat.completions.create({ model: "idle-one", messages: prompt })).rejects.toMatchObject({
      status: 404,
    });
    expect(
      (await emu.admin("POST", "/_emulator/accounts/local/deployments/idle-one/expire", { reason: "bogus" })).status,
    ).toBe(400);

    // At this scale 24 hours last about two seconds, and 15 idle days about 30.
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 2 / 86400 });
    try {
      await arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "local", "dev", body("DeveloperTier"), POLL);
      await arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "local", "std", body("Standard"), POLL);
      let names: string[] = [];
      for (let i = 0; i < 100; i++) {
        names = [];
        for await (const d of arm.deployments.list(RESOURCE_GROUP, "local")) names.push(d.name!);
        if (!names.includes("dev")) break;
        await sleep(100);
      }
      expect(names).toEqual(["std"]);
    } finally {
      await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.01 });
    }
  });
});
