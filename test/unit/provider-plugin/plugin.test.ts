// The provider plugin's pure parts: its schema is current and true to the contracts (every declared input
// reaches the CRUD code, every declared output is in the schema, the component takes the stack config's model
// keys), import's reading of a job and an ARM id, secrets kept secret, and the provider config.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FoundryJob } from "../../../foundry/data-plane-types";
import { parseStackConfig } from "../../../program/config";
import { targetFromConfig } from "../../../provider-plugin/configured-target";
import {
  deploymentInputs,
  evaluationInputs,
  jobInputs,
  trainingFileInputs,
} from "../../../provider-plugin/contract-inputs";
import { declaredOfJob, parseDeploymentId, targetOfDeploymentId } from "../../../provider-plugin/imports";
import { providerConfigFrom } from "../../../provider-plugin/provider-config";
import { buildSchema, RESOURCE_INPUTS, schemaJson } from "../../../provider-plugin/schema";
import { secretKeys, unwrapSecrets, wrapSecrets } from "../../../provider-plugin/secrets";
import { parseUrn } from "../../../provider-plugin/urn";
import { DECLARED_OUTPUTS } from "../../../resources/shared/declared-outputs";
import type { TargetInputs } from "../../../resources/shared/target-inputs";

const target: TargetInputs = {
  kind: "local",
  accountName: "dev",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "local",
  localDataDir: ".foundry-local",
  localPort: 0,
};
const urn = parseUrn("urn:pulumi:dev::shop::foundry:index:FineTunedModel$foundry:index:FineTuningJob::clippy");

/** A value for each schema input, so every one can be seen to arrive. */
const SAMPLES: Record<string, unknown> = {
  target,
  path: "datasets/clippy/train.jsonl",
  sha256: "ab".repeat(32),
  bytes: 10,
  examples: 2,
  contentUrl: "https://example.invalid/train.jsonl?sig=x",
  retainOnDelete: true,
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFileId: "file-t",
  trainingFileSha256: "cd".repeat(32),
  validationFileId: "file-v",
  validationFileSha256: "ef".repeat(32),
  method: { type: "supervised", hyperparameters: { n_epochs: 2 } },
  seed: 7,
  suffix: "clippy",
  trainingType: "Standard",
  metadata: { team: "a" },
  wait: { enabled: false, timeoutMinutes: 0 },
  deleteModelOnDestroy: true,
  adoptJobId: "ftjob-abc",
  modelName: "support",
  reportsDir: "reports/x",
  quality: { maxValidLossRise: 0.5 },
  name: "clippy",
  model: "gpt-4.1-mini-2025-04-14.ft-1-clippy",
  source: "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/other",
  sku: { name: "GlobalStandard", capacity: 2 },
  raiPolicyName: "strict",
  versionUpgradeOption: "OnceCurrentVersionExpired",
  deploymentName: "clippy-12345678",
  swapScores: {
    candidate: { deploymentName: "clippy-12345678", model: "ft:new", scores: { examples: 1, tokenOverlap: 0.5 } },
    live: { deploymentName: "clippy-87654321", model: "ft:old", scores: { examples: 1, tokenOverlap: 0.4 } },
    fileSha256: "12".repeat(32),
  },
  file: "datasets/clippy/eval.jsonl",
  fileSha256: "01".repeat(32),
  maxTokens: 50,
};

const contractOf = (type: string, declared: Record<string, unknown>): Record<string, unknown> => {
  switch (type) {
    case "TrainingFile":
      return trainingFileInputs(urn, declared, target, String(declared.sha256)) as unknown as Record<string, unknown>;
    case "FineTuningJob":
      return jobInputs(urn, declared, target).inputs as unknown as Record<string, unknown>;
    case "ModelDeployment":
      return deploymentInputs(urn, declared, target).inputs as unknown as Record<string, unknown>;
    default:
      return evaluationInputs(urn, declared, target, String(declared.fileSha256)).inputs as unknown as Record<
        string,
        unknown
      >;
  }
};

describe("provider-plugin schema", () => {
  it("schema.json is what schema.ts builds (npx tsx provider-plugin/write-schema.ts)", () => {
    expect(readFileSync(path.join(__dirname, "..", "..", "..", "provider-plugin", "schema.json"), "utf8")).toBe(
      schemaJson(),
    );
  });

  it.each(Object.keys(RESOURCE_INPUTS))("%s: every declared input reaches the contract with its value", (type) => {
    const inputs = RESOURCE_INPUTS[type]!.inputs;
    const declared = Object.fromEntries(Object.keys(inputs).map((k) => [k, SAMPLES[k]]));
    expect(Object.keys(inputs).filter((k) => SAMPLES[k] === undefined)).toEqual([]);
    const contract = contractOf(type, declared);
    for (const key of Object.keys(inputs)) {
      const arrived =
        key === "quality"
          ? expect.objectContaining(SAMPLES.quality as object)
          : key === "method"
            ? { type: "supervised", hyperparameters: expect.objectContaining({ n_epochs: 2 }) }
            : SAMPLES[key];
      expect(contract[key], `${type}.${key}`).toEqual(arrived);
    }
    expect(contract.resourceUrn).toBe(urn.urn);
  });

  it("declares every output the CRUD code returns, for each custom resource", () => {
    const resources = buildSchema().resources as Record<string, { properties: Record<string, unknown> }>;
    const kinds = {
      TrainingFile: "training-file",
      FineTuningJob: "fine-tuning-job",
      ModelDeployment: "model-deployment",
      Evaluation: "evaluation",
    } as const;
    for (const [type, kind] of Object.entries(kinds))
      expect(Object.keys(resources[`foundry:index:${type}`]!.properties)).toEqual(
        expect.arrayContaining([...DECLARED_OUTPUTS[kind]]),
      );
  });

  it("the component takes the keys of a model in stack config, and nothing else", () => {
    const component = (buildSchema().resources as Record<string, { inputProperties: Record<string, unknown> }>)[
      "foundry:index:FineTunedModel"
    ]!;
    const entry = {
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFile: "datasets/clippy/train.jsonl",
      validationFile: "datasets/clippy/valid.jsonl",
      suffix: "clippy",
      seed: 1,
      trainingType: "Standard",
      method: { type: "supervised", hyperparameters: {} },
      deployment: { name: "clippy" },
      evaluation: { file: "datasets/clippy/eval.jsonl" },
      metadata: { a: "b" },
      wait: true,
      deleteModelOnDestroy: false,
      protect: false,
      adoptJobId: "ftjob-abc",
      quality: {},
    };
    expect(Object.keys(entry).sort()).toEqual(Object.keys(component.inputProperties).sort());
    expect(() => parseStackConfig({ account: { name: "dev" }, models: { clippy: entry } })).not.toThrow();
    expect(() => parseStackConfig({ account: { name: "dev" }, models: { clippy: { ...entry, nonsense: 1 } } })).toThrow(
      /nonsense/,
    );
  });
});

describe("provider-plugin import", () => {
  it("reads what a program declares from a job as the service reports it, leaving out our own tag", () => {
    const job = {
      id: "ftjob-1",
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-t",
      validation_file: null,
      seed: 42,
      suffix: "bot",
      trainingType: "GlobalStandard",
      metadata: { "foundry-finetune": "tag", team: "a" },
      hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
      method: {
        type: "supervised",
        supervised: { hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
      },
    } as unknown as FoundryJob;
    const declared = declaredOfJob(job);
    expect(declared).toEqual({
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFileId: "file-t",
      method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
      seed: 42,
      suffix: "bot",
      trainingType: "GlobalStandard",
      metadata: { team: "a" },
    });
    const { inputs } = jobInputs(urn, declared, target);
    expect(inputs).toMatchObject({
      trainingFileSha256: "file-id:file-t",
      stack: "shop/dev",
      resourceName: "clippy",
      trainingType: "GlobalStandard",
    });
  });

  it("reads an ARM id, and refuses what is not a deployment's", () => {
    const id =
      "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/acct/deployments/portal-made";
    expect(parseDeploymentId(id)).toEqual({
      subscriptionId: "sub-1",
      resourceGroup: "rg-1",
      accountName: "acct",
      deploymentName: "portal-made",
    });
    expect(targetOfDeploymentId(id, { ...target, kind: "azure" })).toMatchObject({
      kind: "azure",
      subscriptionId: "sub-1",
      resourceGroup: "rg-1",
      accountName: "acct",
    });
    expect(targetOfDeploymentId(id, undefined)).toMatchObject({ kind: "local", accountName: "acct" });
    expect(() => parseDeploymentId("portal-made")).toThrow(/not a deployment's ARM id/);
  });
});

describe("provider-plugin secrets and config", () => {
  it("unwraps secrets for the CRUD code and wraps the same keys again on the way back", () => {
    const wrapped = wrapSecrets({ contentUrl: "https://x?sig=1", path: "p" }, ["contentUrl"]);
    expect(secretKeys(wrapped)).toEqual(["contentUrl"]);
    expect(unwrapSecrets(wrapped)).toEqual({ contentUrl: "https://x?sig=1", path: "p" });
    expect(JSON.stringify(wrapped)).not.toContain('"contentUrl":"https');
  });

  it("takes the service from foundry:* config with the stack config's defaults, and names nothing without an account", () => {
    const config = providerConfigFrom([
      ["foundry:accountName", "dev"],
      ["foundry:localDataDir", "local-service-data"],
      ["other:accountName", "no"],
    ]);
    expect(targetFromConfig(config)).toEqual({ ...target, localDataDir: "local-service-data" });
    expect(targetFromConfig(providerConfigFrom([["foundry:target", "azure"]]))).toBeUndefined();
    expect(() =>
      targetFromConfig(
        providerConfigFrom([
          ["foundry:accountName", "dev"],
          ["foundry:target", "azure"],
        ]),
      ),
    ).toThrow(/subscriptionId/);
  });
});
