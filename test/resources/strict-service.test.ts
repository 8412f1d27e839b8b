// The program against the strict local service (emulator/strictness.ts), through the providers in-process: each
// test exercises one strict behaviour and fails without the program's handling of it.
import path from "node:path";
import { AzureOpenAI, OpenAI } from "openai";
import { describe, expect, it } from "vitest";
import type { EvaluationInputs } from "../../resources/evaluation/contract";
import { provider as evaluationProvider } from "../../resources/evaluation/provider";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import type { ModelDeploymentOutputs } from "../../resources/model-deployment/contract";
import { provider as deploymentProvider } from "../../resources/model-deployment/provider";
import { inProcessService } from "../support/in-process-service";
import { deploymentOn, dynamicUrn } from "../support/resource-fixtures";

(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const BASE = "gpt-4.1-mini-2025-04-14";
// 0.2: a job waits 200 ms in the queue, a deployment provisions in 400 ms and warms up for 1 s more.
const service = inProcessService("foundry-strict-", 0.2);

async function trainingFile(): Promise<string> {
  const { data } = service.clients();
  return (await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 })).id;
}

function jobInputs(name: string, fileId: string, extra: Partial<JobInputs> = {}): JobInputs {
  return {
    target: service.target,
    resourceUrn: dynamicUrn("FineTuningJob", name),
    stack: "foundry-finetune/dev",
    resourceName: name,
    modelName: name,
    baseModel: BASE,
    trainingFileId: fileId,
    trainingFileSha256: "d".repeat(64),
    method: { type: "supervised", hyperparameters: { n_epochs: 2, batch_size: 12 } },
    trainingType: "GlobalStandard",
    wait: { enabled: true, timeoutMinutes: 5 },
    reportsDir: path.join(service.scratch, name),
    ...extra,
  } as JobInputs;
}

const deploymentInputs = (name: string, model: string, sku = { name: "Standard", capacity: 1 }) =>
  deploymentOn(service.target, name, model, { sku });

describe("the program under the strict local service", () => {
  let trained: JobOutputs;

  it("dated surface without metadata: an interrupted create is adopted by fingerprint, never paid twice; hyperparameters arrive", async () => {
    const file = await trainingFile();
    const inputs = jobInputs("adopted", file, { wait: { enabled: false, timeoutMinutes: 0 } }); // no seed: derived from the tag
    const first = await jobProvider.create(inputs);
    const again = await jobProvider.create(inputs); // what the next up runs after a kill -9 (pending create)
    expect(again.id).toBe(first.id);
    const done = await jobProvider.create({ ...inputs, wait: { enabled: true, timeoutMinutes: 5 } });
    expect(done.id).toBe(first.id);
    trained = done.outs as JobOutputs;
    expect(trained.status).toBe("succeeded");
    expect(trained.resolvedHyperparameters).toMatchObject({ n_epochs: 2, batch_size: 12 }); // top-level on the dated surface
    expect((await service.clients().data.listAllJobs()).filter((j) => j.training_file === file)).toHaveLength(1);
  }, 120_000);

  it("dataPlane v1: the job carries its metadata tag and its hyperparameters under the method", async () => {
    const file = await trainingFile();
    const inputs = jobInputs("v1", file, {
      target: { ...service.target, dataPlane: "v1" },
      seed: 3,
      wait: { enabled: false, timeoutMinutes: 0 },
    });
    const first = await jobProvider.create(inputs);
    const v1 = new OpenAI({
      baseURL: `${service.emulator.url}/accounts/${service.account}/openai/v1`,
      apiKey: service.apiKey,
      maxRetries: 0,
    });
    expect((await v1.fineTuning.jobs.retrieve(first.id)).metadata?.["foundry-finetune"]).toBe(
      (first.outs as JobOutputs).tag,
    );
    expect((await jobProvider.create(inputs)).id).toBe(first.id);
    const done = await jobProvider.create({ ...inputs, wait: { enabled: true, timeoutMinutes: 5 } });
    expect((done.outs as JobOutputs).resolvedHyperparameters).toMatchObject({ n_epochs: 2, batch_size: 12 });
  }, 120_000);

  it("a job the service did not take as asked is cancelled with a clear error, not paid for", async () => {
    const file = await trainingFile();
    // The same job sent in the v1 shape to the dated surface: the strict service ignores method.supervised.hyperparameters.
    const dated = new AzureOpenAI({
      endpoint: `${service.emulator.url}/accounts/${service.account}`,
      apiKey: service.apiKey,
      apiVersion: "2025-04-01-preview",
      maxRetries: 0,
    });
    // On the tier the program asks for: a job on another tier is never taken for this one (foundry/job-check.ts).
    const ignored = await dated.fineTuning.jobs.create({
      model: BASE,
      training_file: file,
      seed: 11,
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
      trainingType: "GlobalStandard",
    } as Parameters<typeof dated.fineTuning.jobs.create>[0]);
    const error = await jobProvider
      .create(
        jobInputs("mismatch", file, { seed: 11, method: { type: "supervised", hyperparameters: { n_epochs: 2 } } }),
      )
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(
      /does not train what was asked \(n_epochs: asked 2, the service reports 3\); it was cancelled/,
    );
    expect((await service.clients().data.getJob(ignored.id))?.status).toBe("cancelled");
  }, 120_000);

  it("the evaluation right after a new deployment waits out DeploymentNotFound", async () => {
    const created = await deploymentProvider.create(deploymentInputs("warm", trained.fineTunedModel!));
    const outs = created.outs as ModelDeploymentOutputs;
    const evaluation = await evaluationProvider.create({
      target: service.target,
      resourceUrn: dynamicUrn("Evaluation", "warm"),
      modelName: "warm",
      deploymentName: outs.deploymentName,
      model: trained.fineTunedModel!,
      file: "datasets/clippy/eval.jsonl",
      fileSha256: "e".repeat(64),
      maxTokens: 20,
    } as EvaluationInputs);
    expect((evaluation.outs as { examples: number }).examples).toBeGreaterThan(0);
    await deploymentProvider.delete!(created.id, outs);
  }, 60_000);

  it("DeveloperTier deploys (written with ARM 2025-07-01-preview); an idle-deleted deployment shows in the diff", async () => {
    const created = await deploymentProvider.create(
      deploymentInputs("dev", trained.fineTunedModel!, { name: "DeveloperTier", capacity: 50 }),
    );
    const outs = created.outs as ModelDeploymentOutputs;
    const unchanged = deploymentInputs("dev", trained.fineTunedModel!, { name: "DeveloperTier", capacity: 50 });
    expect(await deploymentProvider.diff!(created.id, outs, unchanged)).toMatchObject({ changes: false });
    const expired = await fetch(
      `${service.emulator.url}/_emulator/accounts/${service.account}/deployments/${outs.deploymentName}/expire`,
      {
        method: "POST",
        headers: { "api-key": service.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ reason: "developerTier" }),
      },
    );
    expect(expired.status).toBeLessThan(300);
    expect(await deploymentProvider.diff!(created.id, outs, unchanged)).toEqual({
      changes: true,
      replaces: ["deploymentName"],
      deleteBeforeReplace: true,
    });
  }, 60_000);

  it("a capacity shortfall never deletes the serving deployment it replaces", async () => {
    const checkpoint = trained.checkpoints![0]!.id;
    const serving = await deploymentProvider.create(deploymentInputs("keep", checkpoint));
    const servingName = (serving.outs as ModelDeploymentOutputs).deploymentName;
    const error = await deploymentProvider
      .create(deploymentInputs("keep", trained.fineTunedModel!, { name: "Standard", capacity: 100 }))
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/bigger than available capacity/);
    expect(await service.clients().control.getDeployment(servingName)).toMatchObject({ name: servingName });
  }, 60_000);
});
