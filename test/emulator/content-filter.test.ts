// The local service's content filter (a test control, off by default): a given prompt is refused with Azure's
// 400 `content_filter`, or its completion filtered (`finish_reason: "content_filter"`); and the evaluation counts
// both apart (contentFiltered) instead of crashing (resources/evaluation/run.ts).
import path from "node:path";
import type { AzureOpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../foundry";
import { evaluateDeployment } from "../../resources/evaluation/run";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  sampleExamples,
  startEmulator,
  type TestEmulator,
  untilServing,
  uploadSample,
  waitForJob,
} from "./helpers";

const EVAL = path.join(__dirname, "../../datasets/clippy/eval.jsonl");

describe("content filter (test control)", () => {
  let emu: TestEmulator;
  let chat: AzureOpenAI;
  const prompt = sampleExamples("train.jsonl")[0]!.messages.slice(0, -1) as { role: "user"; content: string }[];
  beforeAll(async () => {
    emu = await startEmulator();
    chat = emu.dated(undefined, "cf");
    const job = await waitForJob(
      chat,
      (
        await chat.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file: await uploadSample(chat, "train.jsonl"),
          seed: 2,
          hyperparameters: { n_epochs: 1 },
        })
      ).id,
    );
    await emu.arm().deployments.beginCreateOrUpdateAndWait(
      RESOURCE_GROUP,
      "cf",
      "clippy",
      {
        sku: { name: "Standard", capacity: 1 },
        properties: { model: { format: "OpenAI", name: job.fine_tuned_model!, version: "1" } },
      },
      { updateIntervalInMs: 20 },
    );
    await untilServing(chat, "clippy");
  });
  afterAll(async () => emu?.close());

  it("is off by default, and refuses a given prompt with 400 content_filter once told", async () => {
    expect((await emu.admin("GET", "/_emulator/content-filter")).body).toEqual({ rules: [] });
    const answered = await chat.chat.completions.create({ model: "clippy", messages: prompt, max_tokens: 5 });
    expect(answered.choices[0]!.finish_reason).not.toBe("content_filter");
    const text = prompt.at(-1)!.content.slice(0, 12);
    expect((await emu.admin("PUT", "/_emulator/content-filter", { rules: [{ text, where: "prompt" }] })).status).toBe(
      200,
    );
    await expect(
      chat.chat.completions.create({ model: "clippy", messages: prompt, max_tokens: 5 }),
    ).rejects.toMatchObject({ status: 400, code: "content_filter" });
  });

  it("filters a completion with finish_reason content_filter and no content", async () => {
    await emu.admin("PUT", "/_emulator/content-filter", {
      rules: [{ text: prompt.at(-1)!.content.slice(0, 12), where: "completion" }],
    });
    const filtered = await chat.chat.completions.create({ model: "clippy", messages: prompt, max_tokens: 5 });
    expect(filtered.choices[0]).toMatchObject({ finish_reason: "content_filter", message: { content: "" } });
  });

  it("refuses a malformed rule, naming it", async () => {
    expect(
      (await emu.admin("PUT", "/_emulator/content-filter", { rules: [{ text: "", where: "prompt" }] })).status,
    ).toBe(400);
    expect(
      (await emu.admin("PUT", "/_emulator/content-filter", { rules: [{ text: "x", where: "reply" }] })).status,
    ).toBe(400);
  });

  it("an evaluation counts both kinds of refusal apart and finishes", async () => {
    await emu.admin("PUT", "/_emulator/content-filter", {
      rules: [
        { text: "capital", where: "prompt" },
        { text: "Starry", where: "completion" },
      ],
    });
    const { data } = connect(
      {
        kind: "local",
        endpoint: `${emu.url}/accounts/cf`,
        armEndpoint: emu.url,
        subscriptionId: SUBSCRIPTION,
        resourceGroup: RESOURCE_GROUP,
        accountName: "cf",
        caCertPath: emu.caCert,
      },
      { apiKey: emu.apiKey, maxRetries: 0 },
    );
    const { scores, samples } = await evaluateDeployment(data, {
      file: EVAL,
      maxTokens: 20,
      deploymentName: "clippy",
      modelName: "clippy",
      resourceUrn: "urn:test",
      local: true,
    });
    expect(scores.examples).toBe(10);
    expect(scores.contentFiltered).toBe(2);
    expect(samples.filter((s) => s.contentFiltered).map((s) => s.prompt.slice(0, 40))).toEqual([
      expect.stringContaining("capital"),
      expect.stringContaining("Starry"),
    ]);
    await emu.admin("PUT", "/_emulator/content-filter", { rules: [] });
    expect(
      (
        await evaluateDeployment(data, {
          file: EVAL,
          maxTokens: 20,
          deploymentName: "clippy",
          modelName: "clippy",
          resourceUrn: "urn:test",
          local: true,
        })
      ).scores.contentFiltered,
    ).toBe(0);
  });
});
