// The providers (resources/<kind>/provider.ts) on recorded Azure answers, called as test/resources/* calls them
// against the local service. Only the connection differs: resources/provider-runtime/connection.ts maps the
// inputs to the Azure target as usual, and the ARM calls go to the playback server instead of
// management.azure.com (test/support/playback/connect.ts). Polling is scaled down with FOUNDRY_POLL_MS.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import {
  type DeploymentInputs,
  type ModelDeploymentOutputs,
  physicalName,
} from "../../resources/model-deployment/contract";
import { provider as deploymentProvider } from "../../resources/model-deployment/provider";
import type { TrainingFileOutputs } from "../../resources/training-file/contract";
import { provider as fileProvider } from "../../resources/training-file/provider";
import { playbackInputs } from "../support/playback/connect";
import { loadRecording, type Recording, withExchanges } from "../support/playback/recordings";
import { type Playback, type PlaybackOptions, startPlayback } from "../support/playback/server";
import { jobInputs } from "../support/resource-fixtures";

vi.mock("../../resources/provider-runtime/connection", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../resources/provider-runtime/connection")>();
  const { connectToPlayback } = await import("../support/playback/connect");
  return {
    ...actual,
    connectTo: (inputs: Parameters<typeof actual.connectTo>[0]) => connectToPlayback(inputs, actual.foundryTargetOf),
  };
});

const JOB = "/api/projects/sanitized-project-name/openai/fine_tuning/jobs/sanitized-ftjob-id";
const MODEL = "gpt-4.1-mini-2025-04-14.ft-b525297af36e4cfda898d13c3f91d3dc";
let playback: Playback | undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-playback-providers-"));
const savedPoll = process.env.FOUNDRY_POLL_MS;
beforeAll(() => void (process.env.FOUNDRY_POLL_MS = "1"));
afterAll(() => {
  if (savedPoll === undefined) delete process.env.FOUNDRY_POLL_MS;
  else process.env.FOUNDRY_POLL_MS = savedPoll;
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await playback?.close();
  playback = undefined;
});

async function play(recordings: (string | Recording)[], options: PlaybackOptions = {}): Promise<Playback> {
  playback = await startPlayback(
    recordings.map((r) => (typeof r === "string" ? loadRecording(r) : r)),
    options,
  );
  return playback;
}

function inputsFor(p: Playback, overrides: Partial<JobInputs>): JobInputs {
  return jobInputs({
    target: playbackInputs(p),
    baseModel: "gpt-4.1-2025-04-14",
    trainingFileId: "sanitized-file-id",
    validationFileId: "sanitized-file-id",
    suffix: undefined,
    metadata: undefined,
    reportsDir: path.relative(process.cwd(), path.join(scratch, "reports")),
    ...overrides,
  } as Partial<JobInputs>);
}

/** The status each answered job read carried, in order. */
const jobStatuses = (p: Playback) =>
  p.requests
    .filter((r) => r.method === "GET" && r.path === JOB && r.answeredBy)
    .map((r) => (r.answeredBy!.responseBody as { status: string }).status);

describe("FineTuningJob", () => {
  it("submits a supervised job and follows it through running to succeeded, then reads its checkpoints and asks for its results file", async () => {
    // One sanitized job id across three recordings: created (pending), running, succeeded (all Standard).
    const p = await play(["list-jobs", "sft-standard-retrieve", "pause", "checkpoints", "sft-standard-events"], {
      repeat: [/\/events$/],
    });
    const inputs = inputsFor(p, {
      trainingType: "Standard",
      method: { type: "supervised", hyperparameters: {} },
      wait: { enabled: true, timeoutMinutes: 5 },
    });
    // results.csv is never downloaded in the recordings: the follow ends at the first request no recording answers.
    await expect(jobProvider.create(inputs)).rejects.toThrow(
      `No recorded Azure exchange answers GET /api/projects/sanitized-project-name/openai/files/sanitized-file-id/content`,
    );
    expect(jobStatuses(p)).toEqual(["pending", "running", "succeeded"]);
    const create = p.requests.find((r) => r.method === "POST" && r.path.endsWith("/fine_tuning/jobs"))!;
    expect(create.json).toMatchObject({
      model: "gpt-4.1-2025-04-14",
      trainingType: "Standard",
      method: { type: "supervised" },
    });
    expect(p.requests.some((r) => r.path === `${JOB}/checkpoints` && r.answeredBy)).toBe(true);
    expect(p.unrecorded).toEqual([
      `GET /api/projects/sanitized-project-name/openai/files/sanitized-file-id/content?api-version=2025-11-15-preview`,
    ]);
  });

  it("stops following a job that is paused, and says it waits to be resumed", async () => {
    // Created (pending), running, then paused: the pause and resume recordings' job, on the same sanitized id.
    const p = await play(["list-jobs", "sft-standard-retrieve", "pause", "resume", "sft-standard-events"], {
      repeat: [/\/events$/],
    });
    // A short wait: were the paused job followed on, the wait would run out (and the message differ).
    const inputs = inputsFor(p, {
      trainingType: "Standard",
      method: { type: "supervised", hyperparameters: {} },
      wait: { enabled: true, timeoutMinutes: 0.02 },
    });
    await expect(jobProvider.create(inputs)).rejects.toThrow(
      "fine-tuning job sanitized-ftjob-id is paused: it trains again once resumed (in the Foundry portal, or POST fine_tuning/jobs/sanitized-ftjob-id/resume)",
    );
    expect(jobStatuses(p)).toEqual(["pending", "running", "paused"]);
    expect(p.unrecorded).toEqual([]);
  });

  for (const [tier, recording, echo] of [
    ["Standard", "dpo-standard-create-cancel", "standard"],
    ["GlobalStandard", "dpo-globalstandard-create-cancel", "globalStandard"],
    ["Developer", "dpo-developertier-create-cancel", "developerTier"],
  ] as const) {
    it(`submits a DPO job on ${tier} (wait: false): its hyperparameters are read from method.dpo, with beta and l2_multiplier`, async () => {
      const p = await play(["list-jobs", recording]);
      const inputs = inputsFor(p, {
        baseModel: "gpt-4o-mini-2024-07-18",
        trainingType: tier,
        method: { type: "dpo", hyperparameters: { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 } },
        wait: { enabled: false, timeoutMinutes: 0 },
      });
      const { id, outs } = (await jobProvider.create(inputs)) as { id: string; outs: JobOutputs };
      expect(id).toBe("sanitized-ftjob-id");
      expect(outs).toMatchObject({
        jobId: "sanitized-ftjob-id",
        status: "pending",
        estimatedFinish: expect.any(Number),
      });
      expect(outs.resolvedHyperparameters).toEqual({
        beta: 0.1,
        l2_multiplier: 0,
        n_epochs: 1,
        batch_size: 1,
        learning_rate_multiplier: 1,
      });
      expect(outs.fineTunedModel).toBeNull(); // declared, not known yet (resources/shared/declared-outputs.ts)
      const create = p.requests.find((r) => r.method === "POST")!;
      expect((create.json as { trainingType: string }).trainingType).toBe(
        tier === "Developer" ? "developerTier" : tier,
      );
      expect((create.json as { method: unknown }).method).toEqual({
        type: "dpo",
        dpo: { hyperparameters: { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 } },
      });
      expect(
        p.requests
          .map(
            (r) => r.answeredBy?.responseBody && (r.answeredBy.responseBody as { trainingType?: string }).trainingType,
          )
          .filter(Boolean),
      ).toEqual([echo]);
      expect(p.unrecorded).toEqual([]);
    });
  }

  it("cancels a job that reports another tier than asked, and says which", async () => {
    const p = await play(["list-jobs", "sft-standard-retrieve"]);
    const inputs = inputsFor(p, {
      trainingType: "GlobalStandard",
      method: { type: "supervised", hyperparameters: {} },
      wait: { enabled: false, timeoutMinutes: 0 },
    });
    await expect(jobProvider.create(inputs)).rejects.toThrow(
      "trainingType: asked GlobalStandard, the service reports standard",
    );
    expect(p.requests.at(-1)).toMatchObject({ method: "POST", path: `${JOB}/cancel` });
    expect(p.unrecorded).toEqual([]);
  });

  it("destroy cancels a job that is still pending", async () => {
    // The job exists (the recording's create is left out): destroy reads it, pending, and cancels it.
    const p = await play([withExchanges(loadRecording("sft-standard-retrieve"), (e) => e.path.startsWith(JOB))]);
    const outs = {
      ...inputsFor(p, { trainingType: "Standard" }),
      jobId: "sanitized-ftjob-id",
      tag: "t",
      status: "pending",
    } as JobOutputs;
    await jobProvider.delete!("sanitized-ftjob-id", outs);
    expect(p.requests.map((r) => `${r.method} ${r.path.slice(JOB.length) || "job"}`)).toEqual([
      "GET job",
      "POST /cancel",
    ]);
    expect(p.unrecorded).toEqual([]);
  });

  it("refresh of a succeeded job already collected reads its status, model and tokens (no method key on the job)", async () => {
    const p = await play(["checkpoints"]);
    const olds = {
      ...inputsFor(p, { trainingType: "Standard" }),
      jobId: "sanitized-ftjob-id",
      tag: "t",
      status: "succeeded",
    } as JobOutputs;
    const { id, props } = (await jobProvider.read!("sanitized-ftjob-id", olds)) as { id: string; props: JobOutputs };
    expect(id).toBe("sanitized-ftjob-id");
    expect(props).toMatchObject({
      status: "succeeded",
      fineTunedModel: "gpt-4o-2024-08-06.ft-4485dc4da8694d3b8c13c516baa18bc0",
      trainedTokens: 6720,
      resolvedHyperparameters: { n_epochs: 10, batch_size: 1, learning_rate_multiplier: 1 },
    });
    expect(props.error).toBeNull(); // a succeeded job has no error: absent on the wire, declared null in the outputs
  });
});

describe("ModelDeployment", () => {
  const deploymentInputs = (p: Playback): DeploymentInputs => ({
    target: playbackInputs(p),
    resourceUrn: "urn:pulumi:dev::foundry-finetune::foundry:index:ModelDeployment::clippy",
    modelName: "clippy",
    name: "clippy",
    model: MODEL,
    sku: { name: "GlobalStandard", capacity: 50 },
    versionUpgradeOption: "NoAutoUpgrade",
  });

  it("creates through the long-running operation (Creating, Running, Succeeded) and reads the deployment back", async () => {
    // The recording's deployment name is the SDK test's; the program names it <name>-<hash of model and sku>.
    const name = physicalName("clippy", MODEL, "GlobalStandard");
    const p = await play(["deploy-infer-delete"], {
      aliases: { [name]: "test-ftjob-id" },
      repeat: [/\/deployments\/test-ftjob-id$/],
    });
    const { id, outs } = (await deploymentProvider.create(deploymentInputs(p))) as {
      id: string;
      outs: ModelDeploymentOutputs;
    };
    expect(id).toMatch(/\/accounts\/sanitized-account-name\/deployments\/test-ftjob-id$/);
    expect(outs).toMatchObject({
      deploymentName: name,
      provisioningState: "Succeeded",
      endpoint: `${p.url}/api/projects/sanitized-project-name`,
    });
    const polls = p.requests
      .filter((r) => r.path.includes("/operationResults/"))
      .map((r) => (r.answeredBy!.responseBody as { status: string }).status);
    expect(polls).toEqual([...Array(6).fill("Running"), "Succeeded"]);

    const read = (await deploymentProvider.read!(id, outs)) as { id: string; props: ModelDeploymentOutputs };
    expect(read).toMatchObject({
      id,
      props: { sku: { name: "GlobalStandard", capacity: 50 }, provisioningState: "Succeeded" },
    });
    expect(p.unrecorded).toEqual([]);
  });
});

describe("TrainingFile", () => {
  it("refresh reads the file's status; destroy, seeing no job trained on it, deletes it", async () => {
    // The file exists (the recording's upload is left out); its first recorded read answers pending. Destroy
    // first reads the account's jobs (a file a job trained on is kept: pay once); none of those names this file.
    const p = await play(["list-jobs", withExchanges(loadRecording("files"), (e) => e.method !== "POST")]);
    const outs = {
      target: playbackInputs(p),
      fileId: "file-b9d23d304e9047139316c7890ba4db9d",
      status: "processed",
    } as unknown as TrainingFileOutputs;
    const read = (await fileProvider.read!("file-b9d23d304e9047139316c7890ba4db9d", outs)) as {
      id: string;
      props: TrainingFileOutputs;
    };
    expect(read).toMatchObject({ id: "file-b9d23d304e9047139316c7890ba4db9d", props: { status: "pending" } });
    await fileProvider.delete!("file-b9d23d304e9047139316c7890ba4db9d", outs);
    expect(p.requests.at(-1)).toMatchObject({
      method: "DELETE",
      path: "/api/projects/sanitized-project-name/openai/files/file-b9d23d304e9047139316c7890ba4db9d",
    });
    expect(p.unrecorded).toEqual([]);
  });
});
