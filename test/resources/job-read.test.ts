// FineTuningJob's read (what `pulumi refresh` runs) against a real local service, in-process: a job submitted
// with wait: false is refreshed while it trains and after it succeeds (results collected then, once), and a job
// the service no longer knows gives an empty id, which Pulumi shows as deleted.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import { inProcessService } from "../support/in-process-service";

// Providers load the SDKs lazily with require(); the provider shim registers tsx for that in its process.
(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const service = inProcessService("foundry-job-read-", 0.01);

it("refresh follows a job from submitted to succeeded, collects its results once, and a vanished job reads as gone", async () => {
  const { data } = service.clients();
  const file = await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 });
  const reportsDir = path.join(service.scratch, "reports");
  const inputs = {
    target: service.target,
    resourceUrn: "urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:FineTuningJob::reader",
    stack: "foundry-finetune/dev",
    resourceName: "reader",
    modelName: "reader",
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFileId: file.id,
    trainingFileSha256: "d".repeat(64),
    method: { type: "supervised", hyperparameters: { n_epochs: 2, batch_size: 12 } },
    seed: 5,
    trainingType: "GlobalStandard",
    wait: { enabled: false, timeoutMinutes: 0 },
    reportsDir,
  } as unknown as JobInputs;

  const created = await jobProvider.create(inputs);
  const submitted = created.outs as JobOutputs;
  expect(submitted.status).not.toBe("succeeded"); // wait: false returns once submitted
  expect(submitted.metrics).toBeNull(); // declared, not known yet (resources/shared/declared-outputs.ts)

  let refreshed = (await jobProvider.read!(created.id, submitted)) as { id: string; props: JobOutputs };
  expect(refreshed.id).toBe(created.id);
  for (let i = 0; i < 300 && refreshed.props.status !== "succeeded"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    refreshed = (await jobProvider.read!(created.id, refreshed.props)) as { id: string; props: JobOutputs };
  }
  const done = refreshed.props;
  expect(done.status).toBe("succeeded");
  expect(done.fineTunedModel).toMatch(/ft/);
  expect(done.trainedTokens).toBeGreaterThan(0);
  // 36 examples, batch 12: 3 steps an epoch; no validation file, so the epochs come from the resolved n_epochs.
  expect(done.metrics).toMatchObject({ steps: 6, epochs: 2 });
  expect(done.metrics!.finalTrainLoss).toBeGreaterThan(0);
  expect(done.checkpoints!.length).toBeGreaterThan(0);
  expect(existsSync(path.join(reportsDir, "results.csv"))).toBe(true);

  // A second refresh of a finished job keeps what was collected and downloads nothing again.
  rmSync(path.join(reportsDir, "results.csv"));
  const again = (await jobProvider.read!(created.id, done)) as { id: string; props: JobOutputs };
  expect(again.props.metrics).toEqual(done.metrics);
  expect(existsSync(path.join(reportsDir, "results.csv"))).toBe(false);

  // The service does not know this id (another account's, or a job gone with its resource): empty id.
  const gone = (await jobProvider.read!("ftjob-00000000000000000000000000000000", done)) as { id: string };
  expect(gone.id).toBe("");
}, 180_000);
