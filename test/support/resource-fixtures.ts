// Inputs shared by the tests of the resources: their pure logic, and their providers run in-process.
import type { JobInputs } from "../../resources/fine-tuning-job/contract";
import type { DeploymentInputs } from "../../resources/model-deployment/contract";
import type { TargetInputs } from "../../resources/shared/target-inputs";

/** The dev stack's local account, as the program passes it to every resource. */
export const localTarget: TargetInputs = {
  kind: "local",
  accountName: "dev",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "local",
  localDataDir: ".foundry-local",
  localPort: 0,
};

/** The URN of a dynamic resource of the dev stack, which providers attach their logs to. */
export const dynamicUrn = (kind: string, name: string) =>
  `urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:${kind}::${name}`;

/** A deployment of `model` on `target`, named `name`, as the program declares one (Standard x1 unless told). */
export function deploymentOn(
  target: TargetInputs,
  name: string,
  model: string,
  extra: Partial<DeploymentInputs> = {},
): DeploymentInputs {
  return {
    target,
    resourceUrn: dynamicUrn("ModelDeployment", name),
    modelName: name,
    name,
    model,
    sku: { name: "Standard", capacity: 1 },
    versionUpgradeOption: "NoAutoUpgrade",
    ...extra,
  };
}

const SHA_A = "3f2a91c0" + "a".repeat(56);

/** A supervised job of the dev stack, with a validation file, seed, suffix and metadata, as the program declares it. */
export function jobInputs(overrides: Partial<JobInputs> = {}): JobInputs {
  return {
    target: localTarget,
    resourceUrn: "urn:pulumi:dev::foundry-finetune::foundry:index:FineTuningJob::clippy",
    stack: "dev",
    resourceName: "clippy",
    modelName: "clippy",
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFileId: "file-train1",
    trainingFileSha256: SHA_A,
    validationFileId: "file-valid1",
    validationFileSha256: "0c0ffee0" + "c".repeat(56),
    method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
    seed: 42,
    suffix: "clippy",
    trainingType: "GlobalStandard",
    metadata: { team: "docs" },
    wait: { enabled: true, timeoutMinutes: 1440 },
    reportsDir: "reports/out/dev/clippy",
    estimate: {
      examples: 10,
      trainingTokens: 1000,
      billedTokens: 3000,
      epochs: 3,
      epochsEstimated: false,
      estimatedCostUsd: 0.01,
      currency: "USD",
      priceDate: "2025-06-01",
    },
    findings: [],
    ...overrides,
  };
}
