// The fixes the fault campaign led to, at provider level against a real local service (in-process, port 0):
// an interrupted upload is adopted instead of orphaned, polls survive an outage, a refused key fails fast
// with a message naming FOUNDRY_API_KEY, and expected failures reach the CLI without a stack trace.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FINE_TUNED_DEPLOYMENTS } from "../../emulator/azure-facts";
import type { FoundryJob } from "../../foundry/data-plane-types";
import { FoundryError } from "../../foundry/errors";
import { uploadName } from "../../foundry/upload-name";
import type { JobInputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import type { DeploymentInputs } from "../../resources/model-deployment/contract";
import { provider as deploymentProvider, deploymentToMakeRoom } from "../../resources/model-deployment/provider";
import {
  isExpectedFailure,
  ProviderError,
  ResourceInitError,
  withCleanErrors,
} from "../../resources/provider-runtime/errors";
import { ensureLocalService } from "../../resources/provider-runtime/local-service";
import type { TrainingFileInputs } from "../../resources/training-file/contract";
import { provider as fileProvider } from "../../resources/training-file/provider";
import { inProcessService } from "../support/in-process-service";

// Providers load the SDKs lazily with require() (resources/provider-runtime/connection.ts); in the provider process
// the delegating shim has registered tsx for that, so the test does the same.
(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const DATED = "api-version=2025-04-01-preview";

describe("uploadName (pure)", () => {
  const inputs = {
    path: "datasets/clippy/train.jsonl",
    sha256: "a".repeat(64),
    resourceUrn: "urn:pulumi:dev::p::t::clippy-training",
  };
  it("keeps the stem, is stable, and changes with the bytes only (any stack or resource finds the same bytes)", () => {
    expect(uploadName(inputs)).toBe(`train.sha256-${"a".repeat(32)}.jsonl`);
    expect(uploadName({ ...inputs, sha256: "b".repeat(64) })).not.toBe(uploadName(inputs));
  });
});

describe("deploymentToMakeRoom (pure)", () => {
  it("picks the deployment of the same configured name with another model, and nothing else", () => {
    expect(
      deploymentToMakeRoom(["dep-m1-0123abcd", "dep-m2-0123abcd", "dep-m1-ffffffff"], "dep-m1", "dep-m1-ffffffff"),
    ).toBe("dep-m1-0123abcd");
    expect(deploymentToMakeRoom(["axb-0123abcd", "a.b-0123abcd"], "a.b", "a.b-11111111")).toBe("a.b-0123abcd");
    expect(deploymentToMakeRoom(["dep-m1-xx-0123abcd", "other-0123abcd"], "dep-m1", "dep-m1-11111111")).toBeUndefined();
  });
});

describe("withCleanErrors", () => {
  const wrapped = withCleanErrors({
    create: async () => {
      throw new ResourceInitError("job failed", "ftjob-1", { status: "failed" });
    },
    read: async () => {
      throw new TypeError("a bug");
    },
    delete: async () => {
      throw new ProviderError("set FOUNDRY_API_KEY");
    },
  });
  it("drops the trace of expected failures and keeps id, properties and message", async () => {
    const error = (await wrapped.create({}).catch((e) => e)) as ResourceInitError;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect([error.message, error.id, error.properties, error.stack]).toEqual([
      "job failed",
      "ftjob-1",
      { status: "failed" },
      "",
    ]);
    expect(((await wrapped.delete!("x", {}).catch((e) => e)) as Error).stack).toBe("");
  });
  it("keeps the trace of unexpected errors (bugs)", async () => {
    const error = (await wrapped.read!("x", {}).catch((e) => e)) as Error;
    expect(error.stack).toContain("a bug");
    expect(error.stack).toMatch(/\n\s+at /);
    expect(isExpectedFailure(new FoundryError({ message: "429" }))).toBe(true);
  });
});

describe("providers against a real local service", () => {
  const service = inProcessService("foundry-chaos-provider-", 0.01);
  const admin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${service.emulator.url}${route}`, {
      method,
      headers: { "api-key": service.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.ok).toBe(true);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const liveFiles = async () =>
    (
      (await admin("GET", `/accounts/${service.account}/openai/files?${DATED}`)).data as {
        id: string;
        status: string;
        purpose: string;
      }[]
    ).filter((f) => f.status !== "deleted" && f.purpose === "fine-tune");

  // First: ensureLocalService remembers a successful connection for the rest of the process.
  it("a running service that refuses the key fails at once, names FOUNDRY_API_KEY, and never shows or writes a key", async () => {
    process.env.FOUNDRY_API_KEY = "rotated-wrong-key";
    try {
      const started = Date.now();
      const error = (await ensureLocalService(process.cwd(), service.dataDir).catch((e) => e)) as Error;
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.message).toMatch(
        /refused the key in FOUNDRY_API_KEY\. Set FOUNDRY_API_KEY to the key the service was started with/,
      );
      expect(error.message).not.toContain("rotated-wrong-key");
      expect(error.message).not.toContain(service.apiKey);
      expect(Date.now() - started).toBeLessThan(30_000); // not the 60 s wait for a second service to start
      delete process.env.FOUNDRY_API_KEY;
      const unset = (await ensureLocalService(process.cwd(), service.dataDir).catch((e) => e)) as Error;
      expect(unset.message).toMatch(/refused a request without a key \(FOUNDRY_API_KEY is unset/);
      // No key file was invented for a service started with another key (it could never match).
      expect(existsSync(path.join(service.dataDir, "api-key"))).toBe(false);
    } finally {
      process.env.FOUNDRY_API_KEY = service.apiKey;
    }
    // With the right key it connects.
    expect((await ensureLocalService(process.cwd(), service.dataDir)).url).toBe(service.emulator.url);
  });

  it("TrainingFile create adopts the file an interrupted update uploaded, instead of uploading it again", async () => {
    const { createHash } = await import("node:crypto");
    const bytes = readFileSync(TRAIN);
    const inputs: TrainingFileInputs = {
      target: service.target,
      path: path.relative(process.cwd(), TRAIN),
      purpose: "fine-tune",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      examples: 36,
      retainOnDelete: false,
      resourceUrn: `urn:pulumi:chaos::foundry-finetune::pulumi-nodejs:dynamic/foundry:TrainingFile::adopt-${service.account}`,
    };
    // What a killed `pulumi up` leaves behind: the upload happened, the state never heard of it.
    const { data } = service.clients();
    const earlier = await data.uploadFile(TRAIN, "fine-tune", { filename: uploadName(inputs) });
    const created = await fileProvider.create(inputs);
    expect(created.id).toBe(earlier.id);
    expect((await liveFiles()).map((f) => f.id)).toEqual([earlier.id]);
    // Another resource (another stack) with the same bytes reuses it too, and says it did not upload it.
    const other = await fileProvider.create({ ...inputs, resourceUrn: `${inputs.resourceUrn}-2` });
    expect(other.id).toBe(earlier.id);
    expect(other.outs!.reused).toBe(true);
    expect((await liveFiles()).length).toBe(1);
    await fileProvider.delete!(other.id, other.outs!);
    await fileProvider.delete!(created.id, created.outs!);
    expect(await liveFiles()).toEqual([]);
  });

  it("waitForFile keeps polling through transient failures instead of giving up", async () => {
    const { data } = service.clients({ maxRetries: 0 });
    const uploaded = await data.uploadFile(TRAIN);
    // Every look at the file fails for a while (no retries in this client): only the poll loop can wait it out.
    await admin("PUT", "/_emulator/faults", {
      rules: [{ route: `/files/${uploaded.id}$`, method: "GET", rate5xx: 1 }],
    });
    setTimeout(() => void admin("PUT", "/_emulator/faults", { rules: [] }), 600);
    const processed = await data.waitForFile(uploaded.id, { pollMs: 100, timeoutMs: 30_000 });
    expect(processed.status).toBe("processed");
    // A failure that is not transient still ends the wait at once.
    await expect(data.waitForFile("file-doesnotexist0000", { pollMs: 100 })).rejects.toThrow(/no longer exists/);
    await data.deleteFile(uploaded.id);
  });

  it("FineTuningJob create follows a job through an outage of its status route and ends with the results", async () => {
    const { data } = service.clients();
    const file = await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 });
    const reportsDir = path.join(service.scratch, "reports");
    const inputs = {
      target: service.target,
      resourceUrn: "urn:pulumi:chaos::foundry-finetune::pulumi-nodejs:dynamic/foundry:FineTuningJob::outage",
      stack: "chaos",
      resourceName: "outage",
      modelName: "outage",
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFileId: file.id,
      trainingFileSha256: "c".repeat(64),
      method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
      seed: 3,
      trainingType: "GlobalStandard",
      wait: { enabled: true, timeoutMinutes: 5 },
      reportsDir,
    } as unknown as JobInputs;
    // Every status read fails for ~9 s: longer than one call's retries (0.5+1+2+4 s of backoff).
    await admin("PUT", "/_emulator/faults", {
      rules: [{ route: "/fine_tuning/jobs/ftjob-[0-9a-f]+$", method: "GET", rate5xx: 1 }],
    });
    const healed = new Promise((resolve) => setTimeout(resolve, 9_000)).then(() =>
      admin("PUT", "/_emulator/faults", { rules: [] }),
    );
    const created = await jobProvider.create(inputs);
    await healed;
    expect(created.outs!.status).toBe("succeeded");
    expect(created.outs!.metrics!.finalTrainLoss).toBeGreaterThan(0);
    const jobs = (await admin("GET", `/accounts/${service.account}/openai/fine_tuning/jobs?${DATED}&limit=100`)).data;
    expect(jobs).toHaveLength(1);
  }, 120_000);

  let trained: Promise<FoundryJob> | undefined;
  /** One job with two epochs (a final model and a checkpoint to deploy), trained once for the tests below. */
  const trainedJob = () =>
    (trained ??= (async () => {
      const { data } = service.clients();
      const file = await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 });
      let job = await data.createJob({
        model: "gpt-4.1-mini-2025-04-14",
        training_file: file.id,
        seed: 1,
        method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2, batch_size: 4 } } },
      } as never);
      while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = (await data.getJob(job.id))!;
      }
      return job;
    })());

  it("control plane: a deployment write whose operation polling is throttled or dropped follows the deployment instead of failing", async () => {
    const job = await trainedJob();
    expect(job.status).toBe("succeeded");
    // No retries in this client: only following the deployment itself can get past the failed polls.
    const { control } = service.clients({ maxRetries: 0, pollIntervalMs: 100 });
    const operations = "/operationResults/";
    await admin("PUT", "/_emulator/faults", { rules: [{ route: operations, rate429: 1, retryAfterSeconds: 0 }] });
    try {
      const created = await control.createOrUpdateDeployment("polled", {
        model: { name: job.fine_tuned_model! },
        sku: { name: "Standard", capacity: 1 },
      });
      expect(created.provisioningState).toBe("Succeeded");
      const updated = await control.updateDeploymentSku("polled", { name: "Standard", capacity: 3 });
      expect(updated.sku).toEqual({ name: "Standard", capacity: 3 });
      await admin("PUT", "/_emulator/faults", { rules: [{ route: operations, dropRate: 1 }] });
      expect(await control.deleteDeployment("polled")).toBe(true);
      expect(await control.getDeployment("polled")).toBeUndefined();
    } finally {
      await admin("PUT", "/_emulator/faults", { rules: [] });
    }
    // A write the service refuses outright still fails at once (nothing to follow).
    await expect(
      control.createOrUpdateDeployment("polled", {
        model: { name: "no-such-model" },
        sku: { name: "Standard", capacity: 1 },
      }),
    ).rejects.toThrow();
  }, 120_000);

  it("ModelDeployment create on a full account (the local service's fine-tuned deployment limit) replaces its own old deployment first", async () => {
    const { data } = service.clients();
    const job = await trainedJob();
    expect(job.status).toBe("succeeded");
    const checkpoint = (await data.listCheckpoints(job.id)).find(
      (c) => c.fine_tuned_model_checkpoint !== job.fine_tuned_model,
    )!;
    const inputs = (name: string, model: string): DeploymentInputs => ({
      target: service.target,
      resourceUrn: `urn:pulumi:chaos::foundry-finetune::pulumi-nodejs:dynamic/foundry:ModelDeployment::${name}`,
      modelName: name,
      name,
      model,
      sku: { name: "Standard", capacity: 1 },
      versionUpgradeOption: "NoAutoUpgrade",
    });
    const created = [];
    const full = Array.from({ length: MAX_FINE_TUNED_DEPLOYMENTS }, (_, i) => `d${i + 1}`);
    for (const name of full) created.push(await deploymentProvider.create(inputs(name, job.fine_tuned_model!)));
    const deployments = async () =>
      (
        (
          await admin(
            "GET",
            `/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/${service.account}/deployments?api-version=2024-10-01`,
          )
        ).value as {
          name: string;
        }[]
      )
        .map((d) => d.name)
        .sort();
    // d1 and d2 move to another model in the same update (the engine creates them concurrently): a new
    // deployment cannot sit beside its old one on a full account, and one's room must not go to the other.
    const [moved, moved2] = await Promise.all([
      deploymentProvider.create(inputs("d1", checkpoint.id)),
      deploymentProvider.create(inputs("d2", checkpoint.id)),
    ]);
    const names = await deployments();
    expect(names).toHaveLength(MAX_FINE_TUNED_DEPLOYMENTS);
    expect(names).toContain(moved.outs!.deploymentName);
    expect(names).toContain(moved2.outs!.deploymentName);
    expect(names).not.toContain(created[0]!.outs!.deploymentName);
    expect(names).not.toContain(created[1]!.outs!.deploymentName);
    // The engine then deletes the replaced ones: already gone is fine.
    await deploymentProvider.delete!(created[0]!.id, created[0]!.outs!);
    await deploymentProvider.delete!(created[1]!.id, created[1]!.outs!);
    // A deployment with no old self to make room with still fails with the service's quota error.
    await expect(deploymentProvider.create(inputs("one-too-many", job.fine_tuned_model!))).rejects.toThrow(
      /maximum|quota/i,
    );
    for (const c of [...created.slice(2), moved, moved2]) await deploymentProvider.delete!(c.id, c.outs!);
    expect(await deployments()).toEqual([]);
  }, 240_000);
});
