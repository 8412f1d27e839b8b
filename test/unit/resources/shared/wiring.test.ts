// The resource classes as the engine sees them, through the SDK's mock runtime: type tokens, the inputs the
// providers rely on (their URN, the job tag's stack), and no side effect on the process.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, expect, it } from "vitest";
import { FineTuningJob } from "../../../../resources/fine-tuning-job/resource";
import { TrainingFile } from "../../../../resources/training-file/resource";
import { recordRegistrations } from "../../../support/recording-mocks";

const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  await recordRegistrations(registered, "foundry-finetune");
});

const target = { kind: "local", account: "dev", dataDir: ".foundry-local", port: 0 };
const inputsOf = (name: string) => registered.find((r) => r.name === name)!;

it("registers foundry type tokens with the resource's own URN as an input", async () => {
  const file = new TrainingFile("clippy-training", {
    target: target as never,
    path: "datasets/clippy/train.jsonl",
    sha256: "a".repeat(64),
    bytes: 10,
    examples: 3,
  });
  await new Promise<void>((resolve) => file.urn.apply(() => resolve()));
  const seen = inputsOf("clippy-training");
  expect(seen.type).toBe("pulumi-nodejs:dynamic/foundry:TrainingFile");
  expect(seen.inputs.resourceUrn).toBe(
    "urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:TrainingFile::clippy-training",
  );
  expect(await new Promise((resolve) => file.urn.apply(resolve))).toBe(seen.inputs.resourceUrn);
  expect(seen.inputs.purpose).toBe("fine-tune");
});

it("gives a resource inside components, its own or a program's, the URN the engine gives it", async () => {
  class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
      super(type, name, {}, opts);
    }
  }
  const app = new Component("shop:index:App", "app");
  const model = new Component("foundry:index:FineTunedModel", "support", { parent: app });
  const file = new TrainingFile(
    "support-training",
    { target: target as never, path: "data/train.jsonl", sha256: "b".repeat(64) },
    { parent: model },
  );
  // The SDK's own rule (createUrn, which aliases use, as the engine does); the mock runtime keeps only the nearest parent's type.
  const expected = await new Promise((resolve) =>
    pulumi.createUrn("support-training", "pulumi-nodejs:dynamic/foundry:TrainingFile", model).apply(resolve),
  );
  expect(expected).toBe(
    "urn:pulumi:dev::foundry-finetune::shop:index:App$foundry:index:FineTunedModel$pulumi-nodejs:dynamic/foundry:TrainingFile::support-training",
  );
  await new Promise<void>((resolve) => file.urn.apply(() => resolve()));
  expect(inputsOf("support-training").inputs.resourceUrn).toBe(expected);
});

it("tags a job with its project and stack, so two projects' stacks of one name never adopt each other's jobs", async () => {
  const limit = Error.stackTraceLimit;
  const job = new FineTuningJob("clippy", {
    target: target as never,
    modelName: "clippy",
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFileId: "file-1",
    trainingFileSha256: "a".repeat(64),
    method: { type: "supervised", hyperparameters: { n_epochs: 3 } },
    trainingType: "globalstandard",
    wait: { enabled: true, timeoutMinutes: 60 },
    reportsDir: "reports/out/dev/clippy",
  } as never);
  expect(Error.stackTraceLimit).toBe(limit); // registration turns traces off only while it runs
  await new Promise<void>((resolve) => job.urn.apply(() => resolve()));
  const seen = inputsOf("clippy");
  expect(seen.type).toBe("pulumi-nodejs:dynamic/foundry:FineTuningJob");
  expect(seen.inputs.stack).toBe("foundry-finetune/dev");
  expect(seen.inputs.resourceName).toBe("clippy");
});
