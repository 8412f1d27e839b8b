// DPO through the real CLI: a supervised model, then a DPO round on top of it (continuous fine-tuning) from the
// sample preference file, deployed; the DPO job's loss starts at log 2 and falls, and the deployed model gives
// the preferred answer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseResultsCsv } from "../../analysis/results-csv";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const DATED = "api-version=2025-04-01-preview";
const SYSTEM =
  "You are Clippy, a factual assistant who always gives the correct answer but cannot resist a little sarcasm.";

describe("a DPO round on a supervised model, end to end", () => {
  let t: ProjectStack;
  interface Out {
    jobId: string;
    status: string;
    fineTunedModel: string;
    resultsCsvPath: string;
    deployment: { name: string };
  }
  const out = async () => (await t.stack.outputs()).models!.value as Record<string, Out>;

  beforeAll(async () => {
    t = await createProjectStack({
      config: {
        account: { name: "dpo" },
        models: {
          // The sample hyperparameters of Pulumi.dev.yaml: a supervised model that answers the training prompts.
          clippy: {
            baseModel: "gpt-4.1-mini-2025-04-14",
            trainingFile: "datasets/clippy/train.jsonl",
            seed: 42,
            method: {
              type: "supervised",
              hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
            },
          },
          polished: {
            baseModel: { from: "clippy" },
            trainingFile: "datasets/clippy/preferences.jsonl",
            seed: 7,
            method: { type: "dpo", hyperparameters: { n_epochs: 2, batch_size: 2, beta: 0.1 } },
            deployment: { name: "polished" },
          },
        },
      },
    });
  });
  afterAll(async () => t?.stop());

  it("one up trains the supervised model, then the DPO model from it, and deploys the DPO model", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 8 }); // stack + 2 x (component, file, job) + 1 deployment
    const models = await out();
    expect([models.clippy!.status, models.polished!.status]).toEqual(["succeeded", "succeeded"]);
    const job = await t.admin<{
      model: string;
      method: { type: string; dpo: { hyperparameters: Record<string, unknown> } };
    }>("GET", `/accounts/dpo/openai/fine_tuning/jobs/${models.polished!.jobId}?${DATED}`);
    expect(job.model).toBe(models.clippy!.fineTunedModel);
    expect(job.method.type).toBe("dpo");
    expect(job.method.dpo.hyperparameters).toMatchObject({ beta: 0.1, n_epochs: 2, batch_size: 2 });
  });

  it("the DPO loss starts at log 2 (the model is its own reference) and the last epoch ends lower", async () => {
    const rows = parseResultsCsv(readFileSync(path.join(t.workDir, (await out()).polished!.resultsCsvPath), "utf8"));
    expect(rows).toHaveLength(14); // 14 pairs, batch 2, 2 epochs
    expect(rows[0]!.trainLoss).toBeCloseTo(Math.log(2), 3);
    const lastEpoch = rows.slice(7).reduce((sum, r) => sum + r.trainLoss!, 0) / 7;
    expect(lastEpoch).toBeLessThan(Math.log(2));
  });

  it("the deployed DPO model still gives the preferred answer, not the snark it was taught to avoid", async () => {
    const name = (await out()).polished!.deployment.name;
    const reply = await t.admin<{ choices: { message: { content: string } }[] }>(
      "POST",
      `/accounts/dpo/openai/deployments/${name}/chat/completions?${DATED}`,
      {
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: "Who painted the Mona Lisa?" },
        ],
        max_tokens: 120,
      },
    );
    expect(reply.choices[0]!.message.content).toMatch(/^Leonardo da Vinci/);
  });

  it("a second preview changes nothing", async () => {
    const preview = await t.stack.preview();
    expect(changes(preview.changeSummary)).toEqual({});
  });
});
