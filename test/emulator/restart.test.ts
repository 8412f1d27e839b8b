// kill -9 in the middle of training, start again on the same data dir: files, jobs, events, checkpoints and
// deployments are all there, and the interrupted job resumes from its last checkpoint to the same results.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import { afterAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  clientsFor,
  RESOURCE_GROUP,
  SAMPLE_HYPERPARAMETERS,
  sampleExamples,
  sleep,
  type TestEmulator,
  tempDir,
  trustCa,
  untilServing,
  uploadSample,
  waitForJob,
} from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

interface Child {
  proc: ChildProcess;
  emu: TestEmulator;
  ready: { url: string; caCert: string; pid: number };
}

async function startChild(dataDir: string, apiKey: string, timeScale: number): Promise<Child> {
  const proc = spawn(
    TSX,
    ["emulator/main.ts", "--port", "0", "--data-dir", dataDir, "--time-scale", String(timeScale)],
    {
      cwd: ROOT,
      env: { ...process.env, FOUNDRY_API_KEY: apiKey },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  proc.stderr!.on("data", (d) => {
    stderr += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
  });
  const ready = JSON.parse(line);
  trustCa(ready.caCert);
  return {
    proc,
    ready,
    emu: clientsFor(ready.url, apiKey, dataDir, ready.caCert, async () => {
      proc.kill("SIGTERM");
    }),
  };
}
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const exited = (p: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    p.exitCode !== null || p.signalCode !== null
      ? resolve({ code: p.exitCode, signal: p.signalCode })
      : p.once("exit", (code, signal) => resolve({ code, signal })),
  );

describe("kill -9 and restart", () => {
  const dataDir = tempDir();
  const children: Child[] = [];
  afterAll(() => {
    for (const c of children) if (alive(c.ready.pid)) process.kill(c.ready.pid, "SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses nothing and resumes the running job from its checkpoint", async () => {
    const apiKey = "restart-test-key";
    const first = await startChild(dataDir, apiKey, 0.01);
    children.push(first);
    expect(first.ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "emulator.json"), "utf8"))).toEqual(first.ready);
    const client = first.emu.dated();
    const trainingFile = await uploadSample(client, "train.jsonl");
    const validationFile = await uploadSample(client, "valid.jsonl");
    const body = {
      model: BASE_MODEL,
      training_file: trainingFile,
      validation_file: validationFile,
      seed: 11,
      hyperparameters: SAMPLE_HYPERPARAMETERS,
    };

    // A finished job, deployed; and a reference run of the job we will interrupt (same seed, same data).
    const done = await waitForJob(client, (await client.fineTuning.jobs.create(body)).id);
    const deploymentName = "survivor";
    await first.emu.arm().deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "local",
      deploymentName,
      {
        sku: { name: "Standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: done.fine_tuned_model!, version: "1" } },
      },
      { updateIntervalInMs: 20 },
    );
    const prompt = sampleExamples("train.jsonl")[3]!.messages.slice(0, -1) as Array<{ role: "user"; content: string }>;
    await untilServing(client, deploymentName);
    const replyBefore = (
      await client.chat.completions.create({ model: deploymentName, messages: prompt, temperature: 0 })
    ).choices[0]!.message.content;
    const referenceCsv = await (await client.files.content(done.result_files[0]!)).text();

    // Slow the steps down, start the same job again and kill the process once an epoch is checkpointed.
    expect((await first.emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0.3 })).status).toBe(200);
    const interrupted = await client.fineTuning.jobs.create(body);
    let firstCheckpoint: FineTuningJobCheckpoint | undefined;
    for (let i = 0; ; i++) {
      const ckpts = (await client.fineTuning.jobs.checkpoints.list(interrupted.id)).data;
      firstCheckpoint = ckpts.at(-1);
      if (firstCheckpoint) break;
      if (i > 2000) throw new Error("no checkpoint appeared");
      await sleep(20);
    }
    const beforeKill = await client.fineTuning.jobs.retrieve(interrupted.id);
    expect(beforeKill.status).toBe("running");
    const filesBefore = (await client.files.list()).data.map((f) => f.id).sort();
    const eventsOfDone = (await client.fineTuning.jobs.listEvents(done.id, { limit: 1000 })).data;
    const checkpointsOfDone = (await client.fineTuning.jobs.checkpoints.list(done.id)).data;
    // The printed pid is the emulator's own process (tsx runs it as a child of its launcher).
    process.kill(first.ready.pid, "SIGKILL");
    await exited(first.proc);
    expect(alive(first.ready.pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "emulator.json"))).toBe(true); // left behind by the killed process

    const second = await startChild(dataDir, apiKey, 0.01);
    children.push(second);
    expect(second.ready.caCert).toBe(first.ready.caCert); // the CA is kept and reused
    const c2 = second.emu.dated();
    expect((await c2.files.list()).data.map((f) => f.id).sort()).toEqual(filesBefore);
    expect(await c2.fineTuning.jobs.retrieve(done.id)).toEqual(done);
    expect((await c2.fineTuning.jobs.listEvents(done.id, { limit: 1000 })).data).toEqual(eventsOfDone);
    expect((await c2.fineTuning.jobs.checkpoints.list(done.id)).data).toEqual(checkpointsOfDone);
    const deployment = await second.emu.arm().deployments.get(RESOURCE_GROUP, "local", deploymentName);
    expect(deployment.properties?.provisioningState).toBe("Succeeded");
    const replyAfter = (await c2.chat.completions.create({ model: deploymentName, messages: prompt, temperature: 0 }))
      .choices[0]!.message.content;
    expect(replyAfter).toBe(replyBefore);

    // The interrupted job finishes from its checkpoint, with the same results as the uninterrupted run.
    const resumed = await waitForJob(c2, interrupted.id);
    expect(resumed.status).toBe("succeeded");
    expect((await c2.fineTuning.jobs.checkpoints.list(interrupted.id)).data).toContainEqual(firstCheckpoint);
    const events = (await c2.fineTuning.jobs.listEvents(interrupted.id, { limit: 1000 })).data.map((e) => e.message);
    expect(events).toContain("The service restarted; training resumes from the last checkpoint.");
    expect(await (await c2.files.content(resumed.result_files![0]!)).text()).toBe(referenceCsv);

    // A clean stop removes the discovery file.
    second.proc.kill("SIGTERM");
    expect((await exited(second.proc)).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "emulator.json"))).toBe(false);
  });
});
