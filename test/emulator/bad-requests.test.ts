// Bad requests get the documented status and error code (emulator/README.md) and change no state. The dated
// surface names the bad parameter in error.target, v1 in error.param.
import * as fs from "node:fs";
import * as path from "node:path";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { AzureOpenAI, OpenAI, toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_MODEL,
  jsonl,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  sampleExamples,
  startEmulator,
  type TestEmulator,
  uploadSample,
  waitForFile,
} from "./helpers";

const MAX_UPLOAD = 64 * 1024;
const UNKNOWN_FILE = `file-${"0".repeat(32)}`;
const UNKNOWN_JOB = `ftjob-${"0".repeat(32)}`;

describe("bad requests", () => {
  let emu: TestEmulator;
  let client: AzureOpenAI;
  let goodFile: string;
  beforeAll(async () => {
    emu = await startEmulator({ maxUploadBytes: MAX_UPLOAD });
    client = emu.dated();
    goodFile = await uploadSample(client, "train.jsonl");
  });
  afterAll(async () => {
    await emu?.close();
  });

  /** Everything a bad request could have changed. */
  async function state() {
    const files = (await client.files.list()).data.map((f) => `${f.id}:${f.status}`).sort();
    const jobs = (await client.fineTuning.jobs.list()).data.map((j) => `${j.id}:${j.status}`).sort();
    const deployments = [];
    for await (const d of emu.arm().deployments.list(RESOURCE_GROUP, "local")) deployments.push(d.name);
    return { files, jobs, deployments };
  }
  async function expectUnchanged(bad: () => Promise<unknown>, expected: Record<string, unknown>) {
    const before = await state();
    await expect(bad()).rejects.toMatchObject(expected);
    expect(await state()).toEqual(before);
  }
  async function uploadInvalid(examples: unknown[]) {
    const f = await client.files.create({ file: await toFile(jsonl(examples), "bad.jsonl"), purpose: "fine-tune" });
    return waitForFile(client, f.id);
  }
  const examples = () => sampleExamples("train.jsonl") as Array<{ messages: Array<Record<string, unknown>> }>;

  it("no key: 401 unauthorized", async () => {
    const anonymous = new OpenAI({
      baseURL: `${emu.url}/openai/v1`,
      apiKey: "unused",
      maxRetries: 0,
      defaultHeaders: { authorization: null },
    });
    await expectUnchanged(() => anonymous.files.list(), { status: 401, code: "unauthorized" });
  });

  it("wrong key: 401 on the data plane and on ARM", async () => {
    const wrong = new AzureOpenAI({ endpoint: emu.url, apiKey: "wrong", apiVersion: "2024-10-21", maxRetries: 0 });
    await expectUnchanged(() => wrong.fineTuning.jobs.create({ model: BASE_MODEL, training_file: goodFile }), {
      status: 401,
      code: "unauthorized",
    });
    const credential = { getToken: async () => ({ token: "wrong", expiresOnTimestamp: Date.now() + 60_000 }) };
    const arm = new CognitiveServicesManagementClient(credential, SUBSCRIPTION, {
      endpoint: emu.url,
      retryOptions: { maxRetries: 0 },
    });
    await expectUnchanged(() => arm.deployments.get(RESOURCE_GROUP, "local", "x"), {
      statusCode: 401,
      code: "InvalidAuthenticationToken",
    });
  });

  it("malformed JSON: 400 invalidPayload", async () => {
    await expectUnchanged(
      () => client.post("/fine_tuning/jobs", { body: '{"model": ', headers: { "content-type": "application/json" } }),
      { status: 400, code: "invalidPayload" },
    );
  });

  it("unknown ids: 404 notFound (data plane) and DeploymentNotFound (ARM)", async () => {
    await expectUnchanged(() => client.files.retrieve(UNKNOWN_FILE), { status: 404, code: "notFound" });
    await expectUnchanged(() => client.files.delete(UNKNOWN_FILE), { status: 404, code: "notFound" });
    await expectUnchanged(() => client.fineTuning.jobs.retrieve(UNKNOWN_JOB), { status: 404, code: "notFound" });
    await expectUnchanged(() => client.fineTuning.jobs.cancel(UNKNOWN_JOB), { status: 404, code: "notFound" });
    await expectUnchanged(() => client.models.retrieve("no-such-model"), { status: 404, code: "notFound" });
    await expectUnchanged(() => emu.arm().deployments.get(RESOURCE_GROUP, "local", "missing"), {
      statusCode: 404,
      code: "DeploymentNotFound",
    });
  });

  it("too few examples: the file ends in error, and a job on it is 400 jsonlValidationFailed", async () => {
    const f = await uploadInvalid(examples().slice(0, 5));
    expect(f.status).toBe("error");
    expect(f.status_details).toMatch(/has 5 examples; at least 10 are required/);
    await expectUnchanged(() => client.fineTuning.jobs.create({ model: BASE_MODEL, training_file: f.id }), {
      status: 400,
      code: "jsonlValidationFailed",
      error: expect.objectContaining({ target: "training_file" }),
    });
  });

  it("weight 2 and a weight on a non-assistant message: error naming line and key", async () => {
    const weight2 = examples();
    weight2[3]!.messages.at(-1)!.weight = 2;
    const f1 = await uploadInvalid(weight2);
    expect(f1.status).toBe("error");
    expect(f1.status_details).toMatch(/bad\.jsonl line 4, key 'messages\[\d+\]\.weight': must be 0 or 1 \(got 2\)/);

    const userWeight = examples();
    userWeight[0]!.messages.find((m) => m.role === "user")!.weight = 1;
    const f2 = await uploadInvalid(userWeight);
    expect(f2.status).toBe("error");
    expect(f2.status_details).toMatch(
      /line 1, key 'messages\[\d+\]\.weight': only assistant messages may carry a weight/,
    );
    await expectUnchanged(() => client.fineTuning.jobs.create({ model: BASE_MODEL, training_file: f2.id }), {
      status: 400,
      code: "jsonlValidationFailed",
    });
  });

  it("oversize upload: 413 payloadTooLarge, nothing stored", async () => {
    const big = Buffer.alloc(MAX_UPLOAD * 3, "x");
    await expectUnchanged(
      async () => client.files.create({ file: await toFile(big, "big.jsonl"), purpose: "fine-tune" }),
      { status: 413, code: "payloadTooLarge" },
    );
    expect(fs.readdirSync(path.join(emu.dataDir, "tmp"))).toEqual([]); // the partial upload was removed
  });

  it("bad job bodies: 400 invalidPayload naming the parameter", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ suffix: "not ok!" }, "suffix"],
      [{ suffix: "x".repeat(41) }, "suffix"],
      [{ seed: -1 }, "seed"],
      [{ hyperparameters: { n_epochs: 0 } }, "hyperparameters.n_epochs"],
      [{ hyperparameters: { batch_size: 1.5 } }, "hyperparameters.batch_size"],
      [{ trainingType: "Turbo" }, "trainingType"],
      [{ model: "gpt-2" }, "model"],
      [{ training_file: UNKNOWN_FILE }, "training_file"],
      [{ method: { type: "dpo", dpo: { hyperparameters: { beta: 0 } } } }, "method.dpo.hyperparameters.beta"],
      [{ method: { type: "dpo", dpo: { hyperparameters: { warmup: 1 } } } }, "method.dpo.hyperparameters.warmup"],
      [{ method: { type: "reinforcement" } }, "method.type"],
    ];
    for (const [patch, param] of cases) {
      await expectUnchanged(
        () => client.fineTuning.jobs.create({ model: BASE_MODEL, training_file: goodFile, ...patch } as never),
        {
          status: 400,
          code: "invalidPayload",
          error: expect.objectContaining({ target: param }),
        },
      );
    }
  });

  it("control plane: unknown model, unsupported sku, scaleSettings", async () => {
    const arm = emu.arm();
    const put = (body: object) =>
      arm.deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, "local", "bad", body, { updateIntervalInMs: 20 });
    await expectUnchanged(
      () =>
        put({
          sku: { name: "Standard", capacity: 1 },
          properties: { model: { format: "OpenAI", name: "nope.ft-1", version: "1" } },
        }),
      {
        statusCode: 400,
        code: "DeploymentModelNotSupported",
      },
    );
    await expectUnchanged(
      () =>
        put({
          sku: { name: "ProvisionedManaged", capacity: 1 },
          properties: { model: { format: "OpenAI", name: "x", version: "1" } },
        }),
      {
        statusCode: 400,
        code: "InvalidResourceProperties",
      },
    );
    await expectUnchanged(
      () =>
        put({
          sku: { name: "Standard", capacity: 1 },
          properties: {
            model: { format: "OpenAI", name: "x", version: "1" },
            scaleSettings: { scaleType: "Standard" },
          },
        }),
      { statusCode: 400, code: "InvalidResourceProperties" },
    );
  });
});
