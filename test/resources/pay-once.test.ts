// Pay once through the providers in-process, against the strict local service (dated surface, no metadata):
// a second resource with the same training reuses the job and the uploaded bytes, shares the deployment, and
// the first resource's delete neither cancels, nor deletes what the second still uses.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import type { ModelDeploymentOutputs } from "../../resources/model-deployment/contract";
import { provider as deploymentProvider } from "../../resources/model-deployment/provider";
import type { TrainingFileInputs, TrainingFileOutputs } from "../../resources/training-file/contract";
import { provider as fileProvider } from "../../resources/training-file/provider";
import { inProcessService } from "../support/in-process-service";
import { deploymentOn, dynamicUrn } from "../support/resource-fixtures";

(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const SHA = createHash("sha256").update(readFileSync(TRAIN)).digest("hex");
const service = inProcessService("foundry-pay-once-", 0.2);

const fileInputs = (name: string): TrainingFileInputs => ({
  target: service.target,
  path: path.relative(process.cwd(), TRAIN),
  purpose: "fine-tune",
  sha256: SHA,
  bytes: readFileSync(TRAIN).length,
  retainOnDelete: false,
  resourceUrn: dynamicUrn("TrainingFile", name),
});

const jobInputs = (name: string, fileId: string, extra: Partial<JobInputs> = {}): JobInputs =>
  ({
    target: service.target,
    resourceUrn: dynamicUrn("FineTuningJob", name),
    stack: "foundry-finetune/dev",
    resourceName: name,
    modelName: name,
    baseModel: "gpt-4.1-mini",
    trainingFileId: fileId,
    trainingFileSha256: SHA,
    method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 12, learning_rate_multiplier: 1 } },
    seed: 5,
    trainingType: "GlobalStandard",
    wait: { enabled: true, timeoutMinutes: 5 },
    deleteModelOnDestroy: false,
    reportsDir: path.join(service.scratch, name),
    ...extra,
  }) as JobInputs;

const deploymentInputs = (name: string, model: string, modelReused = false) =>
  deploymentOn(service.target, name, model, { name: "shared", modelReused });

/** What the engine sends check as the old inputs of a resource it has not made yet. */
const NEW_RESOURCE = {} as JobInputs;

describe("pay once, provider by provider", () => {
  it("a renamed resource reuses the upload, the job and the deployment; the old one's delete leaves them serving", async () => {
    const { data, control } = service.clients();
    const firstFile = (await fileProvider.create(fileInputs("clippy-training"))).outs as TrainingFileOutputs;
    const first = (await jobProvider.create(jobInputs("clippy", firstFile.fileId))).outs as JobOutputs;
    expect(first.reused).toBe(false);
    const firstDeployment = (await deploymentProvider.create(deploymentInputs("clippy", first.fineTunedModel!)))
      .outs as ModelDeploymentOutputs;

    // The renamed resources are created first, as Pulumi does.
    const secondFile = (await fileProvider.create(fileInputs("helper-training"))).outs as TrainingFileOutputs;
    expect(secondFile).toMatchObject({ fileId: firstFile.fileId, reused: true });
    const checked = (
      await jobProvider.check!(NEW_RESOURCE, jobInputs("helper", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"))
    ).inputs as JobInputs;
    expect(checked.reuse).toMatchObject({ jobId: first.jobId, fineTunedModel: first.fineTunedModel });
    const second = await jobProvider.create(checked);
    expect(second.id).toBe(first.jobId);
    expect(second.outs).toMatchObject({
      reused: true,
      reusedFrom: first.jobId,
      fineTunedModel: first.fineTunedModel,
      status: "succeeded",
    });
    const secondDeployment = (await deploymentProvider.create(deploymentInputs("helper", first.fineTunedModel!, true)))
      .outs as ModelDeploymentOutputs;
    expect(secondDeployment.deploymentName).toBe(firstDeployment.deploymentName);
    expect(await data.listAllJobs()).toHaveLength(1);
    expect((await data.listFiles("fine-tune")).filter((f) => f.status !== "deleted")).toHaveLength(1);

    // Then the old ones are deleted, last.
    await deploymentProvider.delete!(firstDeployment.deploymentName, firstDeployment);
    await jobProvider.delete!(first.jobId, first);
    await fileProvider.delete!(firstFile.fileId, firstFile);
    expect((await control.getDeployment(secondDeployment.deploymentName))?.model.name).toBe(first.fineTunedModel);
    expect((await data.getFile(secondFile.fileId))?.status).toBe("processed");
    expect((await data.getJob(first.jobId))?.status).toBe("succeeded");

    // retrain: always trains again; the last holder's delete removes the deployment.
    const always = await jobProvider.check!(
      NEW_RESOURCE,
      jobInputs("again", secondFile.fileId, { retrain: "always", wait: { enabled: false, timeoutMinutes: 0 } }),
    );
    expect((always.inputs as JobInputs).reuse).toBeUndefined();
    const retrained = await jobProvider.create(always.inputs as JobInputs);
    expect(retrained.id).not.toBe(first.jobId);
    expect(await data.listAllJobs()).toHaveLength(2);
    await deploymentProvider.delete!(secondDeployment.deploymentName, secondDeployment);
    expect(await control.getDeployment(secondDeployment.deploymentName)).toBeUndefined();
  }, 180_000);

  it("models that share a dataset, created at once as `up` creates them, upload it once", async () => {
    const { data } = service.clients();
    const valid = path.resolve(__dirname, "../../datasets/clippy/valid.jsonl");
    const bytes = readFileSync(valid);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const shared = (name: string): TrainingFileInputs => ({
      ...fileInputs(name),
      path: path.relative(process.cwd(), valid),
      sha256,
      bytes: bytes.length,
    });
    const made = await Promise.all(
      ["a", "b", "c", "d"].map(
        async (m) => (await fileProvider.create(shared(`${m}-validation`))).outs as TrainingFileOutputs,
      ),
    );
    expect(new Set(made.map((f) => f.fileId)).size).toBe(1);
    expect(made.filter((f) => !f.reused)).toHaveLength(1);
    const copies = (await data.listFiles("fine-tune")).filter(
      (f) => f.status !== "deleted" && f.filename.includes(sha256.slice(0, 32)),
    );
    expect(copies).toHaveLength(1);
  }, 180_000);
});
