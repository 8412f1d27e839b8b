// Pay once: one training, reused by a renamed model key, by the model moved into a program's own component, by a
// second stack on the same account, and after destroy then up. Jobs are counted on the service through the
// official openai client; each preview names the job it reuses.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { AzureOpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

// Explicit seed and hyperparameters, as the shipped dev stack: the job is recognised by what the dated surface
// echoes and its files' content hashes (the derived-seed and metadata proofs are unit-tested).
const model = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "once",
  seed: 42,
  method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4, learning_rate_multiplier: 1 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1 },
};
const config = (models: Record<string, unknown>) => ({ account: { name: "once" }, models });

/** A program of its own that declares the same model inside its own component, through the package API. */
const COMPONENT_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { declareFineTunedModels } from "./program/package-api";

class SupportApp extends pulumi.ComponentResource {
  constructor(name: string) {
    super("acme:index:SupportApp", name, {});
  }
}

export = async () => {
  const app = new SupportApp("app");
  const models = await declareFineTunedModels({ projectDir: __dirname, models: { helper: ${JSON.stringify(model)} } }, { parent: app });
  return { models: Object.fromEntries(Object.entries(models).map(([name, m]) => [name, m.outputs])) };
};
`;

interface ModelOut {
  jobId: string;
  reused: boolean;
  reusedFrom?: string;
  deployment: { name: string };
}

describe("a training identity is paid for once per account", () => {
  let t: ProjectStack;
  let jobId = "";
  let deploymentName = "";
  const client = () =>
    new AzureOpenAI({
      endpoint: `${t.emulator.url}/accounts/once`,
      apiKey: t.apiKey,
      apiVersion: "2025-04-01-preview",
    });
  const jobsOnService = async () => {
    const jobs = [];
    for await (const job of client().fineTuning.jobs.list({ limit: 100 })) jobs.push(job);
    return jobs;
  };
  const modelsOut = async (stack = t.stack) => (await stack.outputs()).models!.value as Record<string, ModelOut>;
  /** The preview's log, which must name the reused job, and its change summary. */
  const preview = async (stack = t.stack) => {
    let log = "";
    const result = await stack.preview({ onOutput: (s) => (log += s) });
    return { log, changes: changes(result.changeSummary) };
  };
  const reusesJob = (log: string, name: string) =>
    expect(log).toMatch(new RegExp(`${name}: reuses ${jobId} \\(trained \\d{4}-\\d{2}-\\d{2}\\), no training cost`));

  beforeAll(async () => {
    t = await createProjectStack({ config: config({ clippy: model }) });
    await t.stack.up();
    const clippy = (await modelsOut()).clippy!;
    jobId = clippy.jobId;
    deploymentName = clippy.deployment.name;
    expect(clippy.reused).toBe(false);
    expect(await jobsOnService()).toHaveLength(1);
  });
  afterAll(async () => t?.stop());

  it("writing the base model's short name previews no change", async () => {
    t.setStackConfig(config({ clippy: { ...model, baseModel: "gpt-4.1-mini" } }));
    expect((await preview()).changes).toEqual({});
  });

  it("a renamed model key reuses the job and its deployment: no upload, no training, and the deployment serves", async () => {
    t.setStackConfig(config({ helper: model }));
    const pv = await preview();
    reusesJob(pv.log, "helper");
    const before = await t.lastSeq();
    await t.stack.up();
    const helper = (await modelsOut()).helper!;
    expect(helper).toMatchObject({ jobId, reused: true, reusedFrom: jobId, deployment: { name: deploymentName } });
    const sent = (await t.requestsSince(before)).filter(
      (r) => r.method === "POST" && /\/openai\/(files|uploads|fine_tuning\/jobs)$/.test(r.route),
    );
    expect(sent).toEqual([]);
    expect(await jobsOnService()).toHaveLength(1);
    expect((await preview()).changes).toEqual({});
    const reply = await client().chat.completions.create({
      model: deploymentName,
      messages: [{ role: "user", content: "What is the capital of France?" }],
    });
    expect(reply.choices[0]!.message.content!.length).toBeGreaterThan(0);
  });

  it("the model moved into a program's own component reuses the job", async () => {
    writeFileSync(path.join(t.workDir, "index.ts"), COMPONENT_PROGRAM);
    reusesJob((await preview()).log, "helper");
    await t.stack.up();
    expect((await modelsOut()).helper).toMatchObject({ jobId, reused: true, deployment: { name: deploymentName } });
    expect(await jobsOnService()).toHaveLength(1);
    expect((await preview()).changes).toEqual({});
  });

  it("a second stack on the same account reuses the job; destroying it leaves the first stack's deployment serving", async () => {
    // The project now runs the component program, which declares the model itself; the stack gives the account.
    const review = await t.openStack("review");
    t.setStackConfig(config({}), "review");
    reusesJob((await preview(review)).log, "helper");
    await review.up();
    expect((await modelsOut(review)).helper).toMatchObject({
      jobId,
      reused: true,
      deployment: { name: deploymentName },
    });
    expect(await jobsOnService()).toHaveLength(1);
    await review.destroy();
    const reply = await client().chat.completions.create({
      model: deploymentName,
      messages: [{ role: "user", content: "Hello?" }],
    });
    expect(reply.choices.length).toBe(1);
  });

  it("destroy then up reuses the job; a reused job is never cancelled and the model is kept", async () => {
    await t.stack.destroy();
    expect((await client().fineTuning.jobs.retrieve(jobId)).status).toBe("succeeded");
    reusesJob((await preview()).log, "helper");
    await t.stack.up();
    expect((await modelsOut()).helper).toMatchObject({ jobId, reused: true, deployment: { name: deploymentName } });
    expect(await jobsOnService()).toHaveLength(1);
    await t.stack.destroy();
  });
});
