// The program's data-plane client (foundry/data-plane.ts, through foundry/connect) against recorded Azure
// answers: files, job creates on every tier for supervised and DPO, job reads, lists, events, checkpoints,
// cancel, pause and resume. Each test asserts what the program reads from the recorded fields.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CreateJobBody, isTerminalJobStatus } from "../../foundry/data-plane-types";
import { jobMismatches, reportedHyperparameters } from "../../foundry/job-check";
import { findOwnJob } from "../../foundry/job-identity";
import { playbackClients } from "../support/playback/connect";
import { loadRecording, recordedAnswer } from "../support/playback/recordings";
import { type Playback, startPlayback } from "../support/playback/server";

let playback: Playback | undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-playback-data-"));
afterEach(async () => {
  // Every request was answered from a recording.
  expect(playback?.unrecorded ?? []).toEqual([]);
  await playback?.close();
  playback = undefined;
});
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

async function play(...names: string[]) {
  playback = await startPlayback(names.map(loadRecording));
  return { ...playbackClients(playback), playback };
}

const ONE_EPOCH = { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 };

describe("files", () => {
  it("uploads, waits through pending, running and processed, downloads the bytes and deletes", async () => {
    const recording = loadRecording("files");
    const content = Buffer.from(recordedAnswer(recording, "GET", "/content").responseBodyBase64!, "base64");
    const source = path.join(scratch, "test_file.jsonl");
    writeFileSync(source, content);
    const { data, playback } = await play("files");

    const uploaded = await data.uploadFile(source);
    expect(uploaded).toMatchObject({
      id: "file-b9d23d304e9047139316c7890ba4db9d",
      status: "pending",
      bytes: 2706,
      filename: "test_file.jsonl",
    });
    const upload = playback.requests[0]!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain('name="purpose"\r\n\r\nfine-tune\r\n');
    expect(upload.body).toContain(content.toString("utf8"));

    const seen: string[] = [];
    const processed = await data.waitForFile(uploaded.id, { pollMs: 1, onStatus: (f) => seen.push(f.status) });
    expect(seen).toEqual(["pending", "running", "processed"]);
    expect(processed.status).toBe("processed");

    const dest = path.join(scratch, "downloaded.jsonl");
    expect(await data.downloadFile(uploaded.id, dest)).toEqual({ bytes: 2706 });
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(await data.deleteFile(uploaded.id)).toBe(true);
  });
});

/** The job creates of each tier: the recording, the tier as configured, and the echo Azure answers with. */
const CREATES = [
  { recording: "sft-standard-retrieve", method: "supervised", tier: "Standard", model: "gpt-4.1", echo: "standard" },
  {
    recording: "sft-globalstandard-create-cancel",
    method: "supervised",
    tier: "GlobalStandard",
    model: "gpt-4.1",
    echo: "globalStandard",
  },
  {
    recording: "sft-developertier-create-cancel",
    method: "supervised",
    tier: "Developer",
    model: "gpt-4.1",
    echo: "developerTier",
  },
  { recording: "dpo-standard-create-cancel", method: "dpo", tier: "Standard", model: "gpt-4o-mini", echo: "standard" },
  {
    recording: "dpo-globalstandard-create-cancel",
    method: "dpo",
    tier: "GlobalStandard",
    model: "gpt-4o-mini",
    echo: "globalStandard",
  },
  {
    recording: "dpo-developertier-create-cancel",
    method: "dpo",
    tier: "Developer",
    model: "gpt-4o-mini",
    echo: "developerTier",
  },
] as const;

describe("job create on each tier", () => {
  for (const c of CREATES) {
    it(`${c.method} on ${c.tier}: sends the tier as Azure took it, reads the echo, the dated model name and the hyperparameters; cancels`, async () => {
      const recording = loadRecording(c.recording);
      const recordedCreate = recordedAnswer(recording, "POST", "/fine_tuning/jobs");
      const { data, playback } = await play(c.recording);
      const body = {
        model: c.model,
        training_file: "sanitized-file-id",
        validation_file: "sanitized-file-id",
        method: { type: c.method, [c.method]: { hyperparameters: ONE_EPOCH } },
        trainingType: c.tier,
      } as CreateJobBody;

      const job = await data.createJob(body);
      // The program spells the tier the way Azure accepted it in the recording.
      expect((playback.requests.at(-1)!.json as { trainingType: string }).trainingType).toBe(
        (recordedCreate.requestBody as { trainingType: string }).trainingType,
      );
      expect(job).toMatchObject({ id: "sanitized-ftjob-id", status: "pending", trainingType: c.echo });
      expect(job.model).toBe(c.model === "gpt-4.1" ? "gpt-4.1-2025-04-14" : "gpt-4o-mini-2024-07-18");
      // Unset fields are absent, not null.
      expect("fine_tuned_model" in job || "finished_at" in job || "error" in job || "metadata" in job).toBe(false);
      expect(jobMismatches(body, job)).toEqual([]);
      const resolved = reportedHyperparameters(job);
      if (c.method === "dpo") {
        expect(job.hyperparameters).toBeUndefined();
        expect(resolved).toEqual({ beta: 0.1, l2_multiplier: 0, ...ONE_EPOCH });
      } else {
        expect(job.hyperparameters).toEqual(ONE_EPOCH);
        expect(resolved).toEqual(ONE_EPOCH);
      }
      // The same answer with another tier echoed is a job that does not train what was asked.
      expect(
        jobMismatches({ ...body, trainingType: c.tier === "Standard" ? "GlobalStandard" : "Standard" }, job),
      ).toHaveLength(1);

      const cancelled = await data.cancelJob(job.id);
      expect(cancelled.status).toBe("cancelled");
      expect(cancelled.finished_at).toBe(
        (recordedAnswer(recording, "POST", "/cancel").responseBody as { finished_at: number }).finished_at,
      );
      expect(isTerminalJobStatus(cancelled.status)).toBe(true);
    });
  }

  it("a pending job read back echoes the asked hyperparameters at once", async () => {
    const { data } = await play("sft-standard-retrieve");
    const body: CreateJobBody = {
      model: "gpt-4.1",
      training_file: "sanitized-file-id",
      method: { type: "supervised", supervised: { hyperparameters: ONE_EPOCH } },
      trainingType: "Standard",
    };
    const created = await data.createJob(body);
    const read = await data.getJob(created.id);
    expect(read).toMatchObject({ status: "pending", hyperparameters: ONE_EPOCH, estimated_finish: 1770189143 });
    await data.cancelJob(created.id);
  });
});

describe("job reads", () => {
  it("lists every page through after=<last id>: 33 jobs of three methods, with a failed job's error and a suffix", async () => {
    const { data, playback } = await play("list-jobs");
    const jobs = await data.listAllJobs();
    expect(playback.requests.map((r) => r.query.after ?? null)).toEqual([null, "sanitized-ftjob-id"]);
    expect(jobs).toHaveLength(33);
    const types = new Set(jobs.map((j) => (j as { method?: { type: string } }).method?.type));
    expect([...types].sort()).toEqual(["dpo", "reinforcement", "supervised"]);
    const failed = jobs.filter((j) => j.status === "failed");
    expect(failed.map((j) => j.error)).toEqual([
      { code: "500", message: "A system error was encountered, please try again later." },
    ]);
    expect(jobs.filter((j) => j.suffix).map((j) => j.suffix)).toEqual(["oss-dpo-job"]);
    expect(new Set(jobs.map((j) => j.trainingType))).toEqual(new Set(["standard", "globalStandard", "developerTier"]));
    // No job carries metadata: an earlier job is recognised by what every surface echoes.
    expect(jobs.every((j) => j.metadata === undefined)).toBe(true);
    const found = findOwnJob(jobs, {
      key: "pulumi-identity",
      value: "x",
      fingerprint: {
        model: "gpt-4o-2024-08-06",
        training_file: "sanitized-file-id",
        validation_file: "sanitized-file-id",
        suffix: "oss-dpo-job",
        seed: 123456789,
      },
    });
    expect(found?.fine_tuned_model).toBe("gpt-4o-2024-08-06.ft-326e0c8cde1b459aa0145f9f49d4a89d-oss-dpo-job");
  });

  it("reads the events, all of them and only the new ones", async () => {
    const { data } = await play("sft-standard-events");
    const events = await data.listEvents("sanitized-ftjob-id");
    expect(events).toEqual([
      {
        id: "ftevent-8a370f4b3ac44876aef9ceafa31572e2",
        created_at: 1765452551,
        level: "info",
        message: "Job enqueued. Waiting for jobs ahead to complete.",
        type: "message",
        object: "fine_tuning.job.event",
      },
    ]);
  });

  it("reads the newest events until the first one seen", async () => {
    const { data, playback } = await play("sft-standard-events");
    const fresh = await data.listNewEvents("sanitized-ftjob-id", new Set());
    expect(fresh.map((e) => e.id)).toEqual(["ftevent-8a370f4b3ac44876aef9ceafa31572e2"]);
    expect(playback.requests.at(-1)!.query.limit).toBe("50");
  });

  it("reads a succeeded job that has no method and no validation file, and its checkpoints", async () => {
    const { data } = await play("checkpoints");
    const job = (await data.getJob("sanitized-ftjob-id"))!;
    expect(job).toMatchObject({
      status: "succeeded",
      trainingType: "standard",
      fine_tuned_model: "gpt-4o-2024-08-06.ft-4485dc4da8694d3b8c13c516baa18bc0",
      trained_tokens: 6720,
    });
    expect("method" in job || "validation_file" in job).toBe(false);
    expect(reportedHyperparameters(job)).toEqual({ n_epochs: 10, batch_size: 1, learning_rate_multiplier: 1 });
    expect(job.result_files).toEqual(["sanitized-file-id"]);
    const checkpoints = await data.listCheckpoints(job.id);
    expect(
      checkpoints.map((c) => [c.step_number, c.fine_tuned_model_checkpoint.split(".ft-")[1], c.metrics.train_loss]),
    ).toEqual([
      [100, "4485dc4da8694d3b8c13c516baa18bc0", 0.35697707533836365],
      [90, "4485dc4da8694d3b8c13c516baa18bc0:ckpt-step-90", 0.48043596744537354],
      [80, "4485dc4da8694d3b8c13c516baa18bc0:ckpt-step-80", 0.129266619682312],
      [1, "4485dc4da8694d3b8c13c516baa18bc0:ckpt-step-1", 1.5360610485076904],
    ]);
  });
});

describe("pause and resume", () => {
  it("pause answers pausing, a job that is neither running nor finished", async () => {
    const { data } = await play("pause");
    const running = (await data.getJob("sanitized-ftjob-id"))!;
    expect(running.status).toBe("running");
    // A running job still reports -1: nothing is resolved, so nothing can disagree.
    expect(
      jobMismatches(
        {
          model: "gpt-4.1",
          training_file: "f",
          method: { type: "supervised", supervised: { hyperparameters: ONE_EPOCH } },
        },
        running,
      ),
    ).toEqual([]);
    const pausing = await data.pauseJob(running.id);
    expect(pausing.status).toBe("pausing");
    expect(isTerminalJobStatus(pausing.status)).toBe(false);
  });

  it("resume answers resuming", async () => {
    const { data } = await play("resume");
    const paused = (await data.getJob("sanitized-ftjob-id"))!;
    expect(paused).toMatchObject({ status: "paused", result_files: ["sanitized-file-id"] });
    const resuming = await data.resumeJob(paused.id);
    expect(resuming.status).toBe("resuming");
    expect(isTerminalJobStatus(resuming.status)).toBe(false);
  });
});
