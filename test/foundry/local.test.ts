// The foundry clients against a real local Foundry service (the emulator) over HTTPS: every call goes
// through the official SDKs, TLS trust, retries and the account lock, exactly as a Pulumi provider uses them.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FoundryJob } from "../../foundry/data-plane-types";
import { connect, type FoundryConnection } from "../../foundry/index";
import { fingerprintOf } from "../../foundry/job-identity";
import type { FoundryTarget } from "../../foundry/target";

const repoRoot = resolve(__dirname, "../..");

interface RunningEmulator {
  url: string;
  caCert: string;
  close(): Promise<void>;
}

/** Runs the emulator as its own process, as the provider does: loopback, port 0, key from the environment. */
async function startEmulator(dataDir: string, apiKey: string): Promise<RunningEmulator> {
  const child: ChildProcess = spawn(
    join(repoRoot, "node_modules/.bin/tsx"),
    ["emulator/main.ts", "--port", "0", "--data-dir", dataDir, "--time-scale", "0.01"],
    {
      cwd: repoRoot,
      env: { ...process.env, FOUNDRY_API_KEY: apiKey },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ url: string; caCert: string }>((resolveReady, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line) resolveReady(JSON.parse(line) as { url: string; caCert: string });
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code} before it was ready: ${stderr}`)));
  });
  return {
    ...ready,
    close: () =>
      new Promise<void>((resolveClosed) => {
        if (child.exitCode !== null) return resolveClosed();
        child.once("exit", () => resolveClosed());
        child.kill("SIGTERM");
      }),
  };
}

const API_KEY = "local-test-key";
const BASE_MODEL = "gpt-4.1-mini-2025-04-14";
const unique = `t${process.pid}${Date.now().toString(36)}`;

let dir: string;
let emulator: RunningEmulator;
let target: FoundryTarget;
let foundry: FoundryConnection;

function example(i: number): string {
  return JSON.stringify({
    messages: [
      { role: "system", content: "You are factual but sarcastic." },
      { role: "user", content: `What is ${i} plus ${i}?` },
      { role: "assistant", content: `It is ${i + i}. Groundbreaking, I know.` },
    ],
  });
}

async function waitForTerminalJob(id: string, limitMs = 300_000): Promise<FoundryJob> {
  const started = Date.now();
  for (;;) {
    const job = await foundry.data.getJob(id);
    if (!job) throw new Error(`job ${id} disappeared`);
    if (job.status === "succeeded" || job.status === "failed" || job.status === "cancelled") return job;
    if (Date.now() - started > limitMs) throw new Error(`job ${id} still ${job.status} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("foundry clients against the local Foundry service", () => {
  let trainingFileId: string;
  let job: FoundryJob;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "foundry-local-"));
    emulator = await startEmulator(join(dir, "data"), API_KEY);
    target = {
      kind: "local",
      endpoint: `${emulator.url}/accounts/${unique}`,
      armEndpoint: emulator.url,
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      resourceGroup: "local",
      accountName: unique,
      caCertPath: emulator.caCert,
    };
    foundry = connect(target, { apiKey: API_KEY, pollIntervalMs: 200 });
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads a training file (streamed) and waits until it is processed", async () => {
    const path = join(dir, "train.jsonl");
    await writeFile(path, "\uFEFF" + Array.from({ length: 12 }, (_, i) => example(i + 1)).join("\n") + "\n");
    const uploaded = await foundry.data.uploadFile(path);
    expect(uploaded.id).toMatch(/^file-[0-9a-f]{32}$/);
    const statuses: string[] = [];
    const processed = await foundry.data.waitForFile(uploaded.id, {
      pollMs: 100,
      onStatus: (f) => statuses.push(f.status),
    });
    expect(processed.status).toBe("processed");
    expect(statuses.at(-1)).toBe("processed");
    expect((await foundry.data.getFile(uploaded.id))?.filename).toBe("train.jsonl");
    trainingFileId = uploaded.id;
  });

  it("reports a rejected file with the service's reason", async () => {
    const path = join(dir, "too-few.jsonl");
    await writeFile(path, "\uFEFF" + Array.from({ length: 3 }, (_, i) => example(i)).join("\n") + "\n");
    const uploaded = await foundry.data.uploadFile(path);
    await expect(foundry.data.waitForFile(uploaded.id, { pollMs: 100 })).rejects.toThrow(
      /too-few\.jsonl.*status error/,
    );
    expect(await foundry.data.deleteFile(uploaded.id)).toBe(true);
    expect(await foundry.data.getFile(uploaded.id)).toBeUndefined();
    expect(await foundry.data.deleteFile(uploaded.id)).toBe(false);
  });

  it("creates a job with trainingType and metadata, then finds it by its fingerprint (the dated surface drops metadata)", async () => {
    const body = {
      model: BASE_MODEL,
      training_file: trainingFileId,
      suffix: "clippy",
      seed: 7,
      method: { type: "supervised" as const, supervised: { hyperparameters: { n_epochs: 1 } } },
      metadata: { "pulumi-identity": unique },
      trainingType: "GlobalStandard" as const,
    };
    const identity = { key: "pulumi-identity", value: unique, fingerprint: fingerprintOf(body) };
    job = await foundry.data.createJob(body, { identity });
    expect(job.id).toMatch(/^ftjob-[0-9a-f]{32}$/);
    expect(job.status).toBe("pending");
    expect((await foundry.data.getJob(job.id))?.model).toBe(BASE_MODEL);
    expect(await foundry.data.findJobByMetadata("pulumi-identity", unique)).toBeUndefined();
    expect((await foundry.data.findJob(identity))?.id).toBe(job.id);
    expect(
      await foundry.data.findJob({ ...identity, fingerprint: { ...identity.fingerprint, seed: 8 } }),
    ).toBeUndefined();
    expect((await foundry.data.getJob(job.id))?.hyperparameters).toBeDefined();
    expect((await foundry.data.listAllJobs()).map((j) => j.id)).toContain(job.id);
    expect(await foundry.data.getJob("ftjob-00000000000000000000000000000000")).toBeUndefined();
  });

  it("follows the job to success: events, checkpoints and results.csv", async () => {
    job = await waitForTerminalJob(job.id);
    expect(job.status).toBe("succeeded");
    expect(job.fine_tuned_model).toMatch(new RegExp(`^${BASE_MODEL}\\.ft-[0-9a-f]+-clippy$`));
    expect((await foundry.data.listEvents(job.id)).length).toBeGreaterThan(0);
    const checkpoints = await foundry.data.listCheckpoints(job.id);
    expect(checkpoints.length).toBeGreaterThan(0);
    const resultsFile = job.result_files[0];
    expect(resultsFile).toBeDefined();
    const dest = join(dir, "results.csv");
    const { bytes } = await foundry.data.downloadFile(resultsFile as string, dest);
    const csv = await readFile(dest, "utf8");
    expect(csv.length).toBe(bytes);
    expect(csv.split("\n")[0]).toMatch(/^step,train_loss/);
  });

  it("deploys the fine-tuned model, changes capacity in place, answers chat, and deletes", async () => {
    const name = `clippy-${unique}`;
    expect(await foundry.control.getDeployment(name)).toBeUndefined();
    const created = await foundry.control.createOrUpdateDeployment(name, {
      model: { name: job.fine_tuned_model as string },
      sku: { name: "Standard", capacity: 1 },
      raiPolicyName: "Microsoft.DefaultV2",
      versionUpgradeOption: "NoAutoUpgrade",
    });
    expect(created).toMatchObject({
      name,
      provisioningState: "Succeeded",
      sku: { name: "Standard", capacity: 1 },
      model: { name: job.fine_tuned_model, format: "OpenAI", version: "1" },
    });
    const resized = await foundry.control.updateDeploymentSku(name, { name: "Standard", capacity: 2 });
    expect(resized.sku?.capacity).toBe(2);
    expect((await foundry.control.getDeployment(name))?.sku?.capacity).toBe(2);
    expect((await foundry.control.listDeployments()).map((d) => d.name)).toContain(name);
    const reply = await foundry.data.chat(name, [{ role: "user", content: "What is 2 plus 2?" }]);
    expect(typeof reply.choices[0]?.message.content).toBe("string");
    expect(await foundry.control.deleteDeployment(name)).toBe(true);
    expect(await foundry.control.getDeployment(name)).toBeUndefined();
    expect(await foundry.control.deleteDeployment(name)).toBe(false);
  });

  it("three deployments on one account at once: no 409 reaches the caller", async () => {
    const names = ["a", "b", "c"].map((n) => `${n}-${unique}`);
    const created = await Promise.all(
      names.map((name) =>
        foundry.control.createOrUpdateDeployment(name, {
          model: { name: job.fine_tuned_model as string },
          sku: { name: "Standard", capacity: 1 },
        }),
      ),
    );
    expect(created.map((d) => d.provisioningState)).toEqual(["Succeeded", "Succeeded", "Succeeded"]);
    await Promise.all(names.map((name) => foundry.control.deleteDeployment(name)));
    expect((await foundry.control.listDeployments()).filter((d) => names.includes(d.name))).toEqual([]);
  });

  it("speaks the v1 form too", async () => {
    const v1 = connect({ ...target, dataPlaneForm: "v1" }, { apiKey: API_KEY });
    expect((await v1.data.getJob(job.id))?.id).toBe(job.id);
    expect((await v1.data.getFile(trainingFileId))?.status).toBe("processed");
  });
});
