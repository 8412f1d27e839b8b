// The whole Foundry workflow through the official clients: upload (BOM), train with hyperparameters, seed,
// suffix and training type, follow events to success, checkpoints, results.csv, deploy through ARM, chat,
// then fine-tune the fine-tuned model further and deploy a checkpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  parseCsv,
  RESOURCE_GROUP,
  SAMPLE_HYPERPARAMETERS,
  sampleExamples,
  startEmulator,
  type TestEmulator,
  uniqueName,
  untilServing,
  uploadSample,
  waitForJob,
} from "./helpers";

const RESULTS_COLUMNS =
  "step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy";

describe("the Foundry fine-tuning workflow", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("trains, reports, deploys, answers and trains further", async () => {
    const client = emu.dated("2025-04-01-preview");
    const ga = emu.dated("2024-10-21");
    const trainingFile = await uploadSample(client, "train.jsonl");
    const validationFile = await uploadSample(client, "valid.jsonl");

    const { data: created, response } = await client.fineTuning.jobs
      .create({
        model: BASE_MODEL,
        training_file: trainingFile,
        validation_file: validationFile,
        seed: 42,
        suffix: "clippy",
        hyperparameters: SAMPLE_HYPERPARAMETERS,
        trainingType: "globalstandard",
      } as Parameters<typeof client.fineTuning.jobs.create>[0])
      .withResponse();
    expect(response.status).toBe(201); // dated surface; v1 answers 200
    expect(response.headers.get("location")).toBe(
      `${emu.url}/openai/fine_tuning/jobs/${created.id}?api-version=2025-04-01-preview`,
    );
    expect(created.id).toMatch(/^ftjob-[0-9a-f]{32}$/);
    expect(created.status).toBe("pending");
    // Azure echoes the requested values while pending, and spells the tier globalStandard (recorded jobs)
    expect(created.hyperparameters).toEqual(SAMPLE_HYPERPARAMETERS);
    expect((created as unknown as { trainingType: string }).trainingType).toBe("globalStandard");
    // unset fields are omitted, not null
    expect(Object.hasOwn(created, "fine_tuned_model")).toBe(false);
    expect(Object.hasOwn(created, "finished_at")).toBe(false);

    const seen = new Set<string>();
    const job = await waitForJob(ga, created.id, seen);
    expect(job.status).toBe("succeeded");
    expect(seen.has("running") || seen.has("pending")).toBe(true);
    const hex = created.id.slice("ftjob-".length);
    expect(job.fine_tuned_model).toBe(`${BASE_MODEL}.ft-${hex}-clippy`);
    expect(job.hyperparameters).toEqual(SAMPLE_HYPERPARAMETERS);
    expect(job.seed).toBe(42);
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.result_files).toHaveLength(1);

    // Events: newest first, success last, metrics events carrying computed metrics.
    const events = [];
    for await (const e of client.fineTuning.jobs.listEvents(created.id, { limit: 50 })) events.push(e);
    expect(events[0]!.message).toBe("Job succeeded.");
    expect(events.at(-1)!.message).toBe("Job enqueued. Waiting for jobs ahead to complete.");
    const metrics = events.filter((e) => e.type === "metrics");
    expect(metrics.length).toBeGreaterThan(10);
    const steps = metrics.map((e) => (e.data as { step: number }).step);
    expect(steps).toEqual([...steps].sort((a, b) => b - a));
    expect(metrics.every((e) => Number.isFinite((e.data as { train_loss: number }).train_loss))).toBe(true);

    // Checkpoints: one per epoch, the final one named like the model.
    const checkpoints = (await client.fineTuning.jobs.checkpoints.list(created.id)).data;
    const stepsPerEpoch = sampleExamples("train.jsonl").length;
    expect(checkpoints.map((c) => c.step_number)).toEqual([3, 2, 1].map((e) => e * stepsPerEpoch));
    expect(checkpoints[0]!.fine_tuned_model_checkpoint).toBe(job.fine_tuned_model);
    expect(checkpoints[1]!.fine_tuned_model_checkpoint).toBe(`${job.fine_tuned_model}:ckpt-step-${2 * stepsPerEpoch}`);
    expect(checkpoints.every((c) => /^ftchkpt-[0-9a-f]{32}$/.test(c.id))).toBe(true);

    // results.csv: documented columns, one row per step, metrics equal to the events'.
    const resultsFile = await client.files.retrieve(job.result_files[0]!);
    expect(resultsFile.purpose).toBe("fine-tune-results");
    const csv = parseCsv(await (await client.files.content(job.result_files[0]!)).text());
    expect(csv.header.join(",")).toBe(RESULTS_COLUMNS);
    expect(csv.rows).toHaveLength(3 * stepsPerEpoch);
    expect(csv.rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 3 * stepsPerEpoch }, (_, i) => i + 1));
    const lastEvent = metrics[0]!.data as { step: number; train_loss: number; full_valid_loss: number };
    const lastRow = csv.rows.at(-1)!;
    expect(Number(lastRow[1])).toBeCloseTo(lastEvent.train_loss, 4);
    expect(lastRow[5]).not.toBe(""); // full validation at the epoch end
    expect(csv.rows[0]![5]).toBe(""); // not mid-epoch

    // Models: the fine-tuned model is listed (dated and v1 forms).
    const model = await client.models.retrieve(job.fine_tuned_model!);
    expect(model.id).toBe(job.fine_tuned_model);
    const v1Models = [];
    for await (const m of emu.v1().models.list()) v1Models.push(m.id);
    expect(v1Models).toContain(job.fine_tuned_model);

    // Deploy through the control plane.
    const arm = emu.arm();
    const deploymentName = uniqueName("clippy");
    const deployment = await arm.deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "local",
      deploymentName,
      {
        sku: { name: "standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: job.fine_tuned_model!, version: "1" } },
      },
      { updateIntervalInMs: 20 },
    );
    expect(deployment.properties?.provisioningState).toBe("Succeeded");
    expect(deployment.sku?.name).toBe("Standard");
    expect((await arm.deployments.get(RESOURCE_GROUP, "local", deploymentName)).properties?.model?.name).toBe(
      job.fine_tuned_model,
    );
    const listed = [];
    for await (const d of arm.deployments.list(RESOURCE_GROUP, "local")) listed.push(d.name);
    expect(listed).toContain(deploymentName);
    const updated = await arm.deployments.beginUpdateAndWait(
      RESOURCE_GROUP,
      "local",
      deploymentName,
      { sku: { name: "Standard", capacity: 2 } },
      { updateIntervalInMs: 20 },
    );
    expect(updated.sku?.capacity).toBe(2);

    // Chat: the greedy reply to a training prompt begins with that example's trained answer.
    const example = sampleExamples("train.jsonl")[0]!;
    const prompt = example.messages.slice(0, -1) as Array<{ role: "system" | "user"; content: string }>;
    const answer = example.messages.at(-1)!.content;
    await untilServing(client, deploymentName);
    const reply = await client.chat.completions.create({
      model: deploymentName,
      messages: prompt,
      temperature: 0,
      max_tokens: 60,
    });
    expect(reply.choices[0]!.message.content!.startsWith(answer.slice(0, 30))).toBe(true);
    expect(reply.usage!.completion_tokens).toBeGreaterThan(0);
    const v1Reply = await emu
      .v1()
      .chat.completions.create({ model: deploymentName, messages: prompt, temperature: 0, max_tokens: 60 });
    expect(v1Reply.choices[0]!.message.content).toBe(reply.choices[0]!.message.content);
    const stream = await client.chat.completions.create({
      model: deploymentName,
      messages: prompt,
      temperature: 0,
      max_tokens: 60,
      stream: true,
    });
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";
    expect(streamed).toBe(reply.choices[0]!.message.content);

    // An earlier checkpoint is deployable by its ftchkpt id.
    const ckptDeployment = uniqueName("ckpt");
    await arm.deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "local",
      ckptDeployment,
      {
        sku: { name: "Standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: checkpoints[2]!.id, version: "1" } },
      },
      { updateIntervalInMs: 20 },
    );
    await untilServing(client, ckptDeployment);
    const early = await client.chat.completions.create({
      model: ckptDeployment,
      messages: prompt,
      temperature: 0,
      max_tokens: 60,
    });
    expect(typeof early.choices[0]!.message.content).toBe("string");

    // Continuous fine-tuning: the fine-tuned model is the base of a new job.
    const second = await client.fineTuning.jobs.create({
      model: job.fine_tuned_model!,
      training_file: trainingFile,
      seed: 7,
      hyperparameters: { n_epochs: 1 },
    });
    const secondDone = await waitForJob(client, second.id);
    expect(secondDone.status).toBe("succeeded");
    expect(secondDone.fine_tuned_model).toBe(`${job.fine_tuned_model}.ft-${second.id.slice(6)}`);
    const firstRow = parseCsv(await (await client.files.content(secondDone.result_files[0]!)).text()).rows[0]!;
    // Starting from trained weights, the first step's loss is already far below a fresh start's.
    expect(Number(firstRow[1])).toBeLessThan(Number(csv.rows[0]![1]) / 2);

    // Deleting a finished job (dated surface) hides it; its model stays.
    await client.delete(`/fine_tuning/jobs/${second.id}`); // not wrapped by openai-node; its generic request method
    await expect(client.fineTuning.jobs.retrieve(second.id)).rejects.toMatchObject({ status: 404 });
    expect((await client.models.retrieve(secondDone.fine_tuned_model!)).id).toBe(secondDone.fine_tuned_model);

    // Delete through the control plane; the deployment is gone.
    await arm.deployments.beginDeleteAndWait(RESOURCE_GROUP, "local", deploymentName, { updateIntervalInMs: 20 });
    await expect(arm.deployments.get(RESOURCE_GROUP, "local", deploymentName)).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(client.chat.completions.create({ model: deploymentName, messages: prompt })).rejects.toMatchObject({
      status: 404,
    });
  });
});
