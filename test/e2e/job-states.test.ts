// A job the service fails, a job left training (wait: false), and adopting an existing job by id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const model = (extra: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  seed: 11,
  method: { type: "supervised", hyperparameters: { n_epochs: 2, batch_size: 1 } },
  ...extra,
});
const config = (m: unknown) => ({ account: { name: "states" }, models: { clippy: m } });

describe("job states through the real CLI", () => {
  let t: ProjectStack;
  interface Job {
    id: string;
    status: string;
    seed: number;
    metadata?: Record<string, string>;
  }
  const jobs = async () =>
    (
      await t.admin<{ data: Job[] }>(
        "GET",
        "/accounts/states/openai/fine_tuning/jobs?api-version=2025-04-01-preview&limit=100",
      )
    ).data;
  const untilJob = async (pred: (j: Job) => boolean) => {
    for (let i = 0; i < 600; i++) {
      const found = (await jobs()).find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("no such job appeared");
  };

  // Slow enough (0.2 x real pacing) that a test can act while the job trains.
  beforeAll(async () => {
    t = await createProjectStack({ config: config(model()), timeScale: 0.2 });
  });
  afterAll(async () => t?.stop());

  it("a job the service fails fails the up with the service's message, and stays in state with its id", async () => {
    const up = t.stack.up();
    const running = await untilJob((j) => j.status === "running");
    await t.admin("POST", `/_emulator/jobs/${running.id}/fail`, {
      message: "The training data contains content that violates the policy.",
    });
    await expect(up).rejects.toThrow(
      /fine-tuning job ftjob-[0-9a-f]+ failed: The training data contains content that violates the policy\. Change the model's training inputs to train again\./,
    );
    const state = await t.stack.exportStack();
    const job = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(":FineTuningJob"));
    expect(job?.id).toBe(running.id);
    expect(job?.outputs.status).toBe("failed");
  });

  it("running up again with the same inputs fails the same way and submits no new job", async () => {
    const before = (await jobs()).length;
    await expect(t.stack.up()).rejects.toThrow(/failed: The training data contains content that violates the policy/);
    expect(await jobs()).toHaveLength(before);
  });

  it("wait: false returns once submitted; a deployment then says the model is still training; a later up finishes", async () => {
    t.setStackConfig(config(model({ seed: 12, wait: false, deployment: { name: "clippy" } })));
    await expect(t.stack.up()).rejects.toThrow(
      /model clippy cannot be deployed yet: its fine-tuning job is (pending|running)/,
    );
    // Found by its seed: the (strict) dated surface drops the metadata tag.
    const submitted = await untilJob((j) => j.seed === 12 && j.status !== "failed");
    await untilJob((j) => j.id === submitted.id && j.status === "succeeded");
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 1, update: 1 }); // the deployment, and the job's recorded status
    expect(((await t.stack.outputs()).models!.value as Record<string, { status: string }>).clippy!.status).toBe(
      "succeeded",
    );
    expect((await jobs()).filter((j) => j.id === submitted.id)).toHaveLength(1);
  });

  it("adoptJobId brings an existing job under management without training again", async () => {
    const existing = (await jobs()).find((j) => j.status === "succeeded")!;
    await t.stack.destroy();
    const before = (await jobs()).length;
    t.setStackConfig(config(model({ seed: 12, adoptJobId: existing.id })));
    await t.stack.up();
    expect(((await t.stack.outputs()).models!.value as Record<string, { jobId: string }>).clippy!.jobId).toBe(
      existing.id,
    );
    expect(await jobs()).toHaveLength(before);
  });
});
