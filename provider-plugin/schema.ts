// The package schema of `pulumi-resource-foundry`: what `pulumi package gen-sdk`, the YAML host and editors read.
// Built here from the contracts' declared outputs and a table of inputs (each documented), written to schema.json
// by `npx tsx provider-plugin/write-schema.ts`; a test keeps the file current and the inputs true to the contracts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DECLARED_OUTPUTS } from "../resources/shared/declared-outputs";
import { PROVIDER_CONFIG_KEYS } from "./provider-config";

/** The package's own version: plugin, schema and generated SDKs carry the npm package's. */
export const PACKAGE_VERSION: string = JSON.parse(
  // From the sources, or from the build (dist/provider-plugin/, one folder deeper).
  readFileSync(path.join(__dirname, "..", ...(__filename.endsWith(".ts") ? [] : [".."]), "package.json"), "utf8"),
).version;

type Property = { description: string; secret?: boolean } & (
  | { type: "string" | "number" | "integer" | "boolean" }
  | { $ref: string }
  | { type: "object"; additionalProperties: object }
  | { type: "array"; items: object }
);

const str = (description: string): Property => ({ type: "string", description });
const num = (description: string): Property => ({ type: "number", description });
const bool = (description: string): Property => ({ type: "boolean", description });
const any = (description: string): Property => ({ $ref: "pulumi.json#/Any", description });
const ref = (type: string, description: string): Property => ({ $ref: `#/types/foundry:index:${type}`, description });
const strings = (description: string): Property => ({
  type: "object",
  additionalProperties: { type: "string" },
  description,
});

const TARGET = ref(
  "Target",
  "The account: by default the one in the provider's config (foundry:accountName, foundry:target, ...).",
);

/** Inputs of each custom resource, as a program declares them (provider-plugin/contract-inputs.ts reads them). */
export const RESOURCE_INPUTS: Record<
  string,
  { description: string; inputs: Record<string, Property>; required: string[] }
> = {
  TrainingFile: {
    description:
      "A JSONL training or validation file uploaded to the service (purpose fine-tune); replaced when its bytes change.",
    inputs: {
      target: TARGET,
      path: str("The file, relative to the program's folder (or the URL without its query, for contentUrl)."),
      sha256: str("The bytes' sha256; computed from path when left out. A change replaces the file."),
      bytes: num("The file's size, for the record."),
      examples: num("The number of examples, for the record."),
      contentUrl: {
        ...str("A URL the service imports the data from instead of an upload (a SAS URL is a secret)."),
        secret: true,
      },
      retainOnDelete: bool("Keep the file on the service when the resource is deleted."),
    },
    required: ["path"],
  },
  FineTuningJob: {
    description:
      "A fine-tuning job and the model it trains; replaced (retrained) only when its training identity changes. Import: `pulumi import foundry:index:FineTuningJob <name> <ftjob-id>`.",
    inputs: {
      target: TARGET,
      baseModel: str("The base model (gpt-4.1-mini-2025-04-14) or a fine-tuned model to continue."),
      trainingFileId: str("The training file's id (file-...)."),
      trainingFileSha256: str(
        "The training data's sha256 (a TrainingFile's sha256); without it the file id identifies the data.",
      ),
      validationFileId: str("The validation file's id."),
      validationFileSha256: str("The validation data's sha256; without it the file id identifies the data."),
      method: ref("Method", 'supervised (default) or dpo, with hyperparameters (each may be "auto").'),
      seed: { type: "integer", description: "The training seed." },
      suffix: str("The fine-tuned model's suffix (1-40 characters)."),
      trainingType: str(
        "Standard | GlobalStandard | Developer (default: the base model's global tier where it has one).",
      ),
      metadata: strings("Tags on the job."),
      wait: ref("Wait", "Follow the job until it ends (default: yes, up to 24 hours)."),
      adoptJobId: str("Adopt this existing job instead of submitting one."),
      modelName: str("The name its logs use (default: the resource's name)."),
      reportsDir: str("Where results.csv and charts go, relative to the program (default reports/out/<stack>/<name>)."),
    },
    required: ["baseModel", "trainingFileId"],
  },
  ModelDeployment: {
    description:
      "A deployment of a fine-tuned model or checkpoint through the control plane; a new model deploys beside the old one, then replaces it. Import: `pulumi import foundry:index:ModelDeployment <name> <ARM id>`.",
    inputs: {
      target: TARGET,
      name: str(
        "The deployment's name; a deployment this resource creates is named <name>-<8 hex of the model and sku>.",
      ),
      model: str("The fine-tuned model (or a checkpoint id, ftchkpt-...) to deploy."),
      source: str("The ARM id of the account that trained the model, when another account deploys it."),
      sku: ref("Sku", "The sku and capacity (default Standard x1); capacity changes in place."),
      raiPolicyName: str("The content filter (RAI policy)."),
      versionUpgradeOption: str(
        "OnceNewDefaultVersionAvailable | OnceCurrentVersionExpired | NoAutoUpgrade (default).",
      ),
      modelName: str("The name its logs use (default: the resource's name)."),
    },
    required: ["name", "model"],
  },
  Evaluation: {
    description:
      "A held-out evaluation of a deployment (exact match, token overlap, latency), run again when the deployed model or the file changes.",
    inputs: {
      target: TARGET,
      deploymentName: str("The deployment to ask."),
      model: str("The model it serves (a change re-runs the evaluation)."),
      file: str("The evaluation set (JSONL chat examples), relative to the program's folder."),
      fileSha256: str("The file's sha256; computed from file when left out."),
      maxTokens: { type: "integer", description: "The reply's token limit (default 200)." },
      modelName: str("The name its logs use (default: the resource's name)."),
      swapScores: any(
        "The deployment's challengeOutcome: when its swap scored this deployment on the same file, those scores are recorded instead of asking again.",
      ),
    },
    required: ["deploymentName", "model", "file"],
  },
};

const OUTPUT_TYPES: Record<string, Property> = {
  fileId: str("The file's id on the service."),
  status: str("The status on the service."),
  jobId: str("The job's id (ftjob-...)."),
  tag: str("The job's idempotency tag."),
  fineTunedModel: str("The trained model."),
  trainedTokens: num("Tokens trained."),
  estimatedFinish: num("When the job is expected to end (Unix seconds)."),
  deploymentName: str("The deployment's name on the service."),
  endpoint: str("The account's data-plane endpoint."),
  provisioningState: str("The deployment's provisioning state."),
  examples: num("Examples evaluated."),
  exactMatch: num("Exact match rate."),
  tokenOverlap: num("Token overlap (F1)."),
  latencyMsP50: num("Median latency (ms)."),
  latencyMsP95: num("95th percentile latency (ms)."),
};

const KIND_OF: Record<string, keyof typeof DECLARED_OUTPUTS> = {
  TrainingFile: "training-file",
  FineTuningJob: "fine-tuning-job",
  ModelDeployment: "model-deployment",
  Evaluation: "evaluation",
};

function customResource(type: string) {
  const { description, inputs, required } = RESOURCE_INPUTS[type]!;
  const outputs = Object.fromEntries(
    DECLARED_OUTPUTS[KIND_OF[type]!].map((key) => [key, OUTPUT_TYPES[key] ?? any(`${key} (see the README).`)]),
  );
  return {
    description,
    inputProperties: inputs,
    requiredInputs: required,
    properties: { ...inputs, ...outputs },
    required: [] as string[],
  };
}

const MODEL_INPUTS: Record<string, Property> = {
  baseModel: str("The base model to fine-tune (gpt-4.1-mini-2025-04-14)."),
  trainingFile: any(
    "The training data: a JSONL path relative to the program's folder (validated before anything is uploaded), or { url, sha256, validate }.",
  ),
  validationFile: any("The validation data, as trainingFile."),
  suffix: str("The fine-tuned model's suffix."),
  seed: { type: "integer", description: "The training seed." },
  trainingType: str("Standard | GlobalStandard | Developer."),
  method: ref("Method", "supervised (default) or dpo, with hyperparameters."),
  deployment: any(
    "The deployment: { name, sku, capacity, checkpoint, raiPolicyName, versionUpgradeOption }, as in the stack config.",
  ),
  evaluation: any("A held-out evaluation: { file, maxTokens }."),
  metadata: strings("Tags on the job."),
  wait: any("true, false, or { timeoutMinutes }."),
  deleteModelOnDestroy: bool("Ask to delete the model on destroy."),
  protect: bool("Protect the job and the deployment."),
  adoptJobId: str("Adopt this existing job."),
  quality: any("Thresholds of the overfitting warnings."),
};

export function buildSchema() {
  const resources: Record<string, unknown> = Object.fromEntries(
    Object.keys(RESOURCE_INPUTS).map((type) => [`foundry:index:${type}`, customResource(type)]),
  );
  resources["foundry:index:FineTunedModel"] = {
    isComponent: true,
    description:
      "One fine-tuned model with the keys of a model in the stack config: its files, job, deployment and evaluation, validated and preflighted first.",
    inputProperties: MODEL_INPUTS,
    requiredInputs: ["baseModel", "trainingFile"],
    properties: {
      jobId: OUTPUT_TYPES.jobId,
      status: OUTPUT_TYPES.status,
      fineTunedModel: OUTPUT_TYPES.fineTunedModel,
      trainedTokens: OUTPUT_TYPES.trainedTokens,
      metrics: {
        type: "object",
        additionalProperties: { type: "number" },
        description: "Final metrics from results.csv.",
      },
      deploymentName: OUTPUT_TYPES.deploymentName,
      endpoint: OUTPUT_TYPES.endpoint,
    },
    required: ["jobId", "status"],
  };
  const config = Object.fromEntries(
    Object.entries(PROVIDER_CONFIG_KEYS).map(([key, description]) => [
      key,
      { type: key === "localPort" ? "integer" : "string", description, ...(key === "apiKey" ? { secret: true } : {}) },
    ]),
  );
  return {
    name: "foundry",
    displayName: "Foundry fine-tuning",
    version: PACKAGE_VERSION,
    description: "Fine-tuned models on Microsoft Foundry (Azure OpenAI) as code, with a local Foundry service.",
    license: "MIT",
    config: { variables: config },
    provider: { description: "The foundry provider: where the service is.", inputProperties: config },
    types: {
      "foundry:index:Target": {
        type: "object",
        description: "Where the service is.",
        properties: {
          kind: str("local | azure."),
          accountName: str("The account."),
          subscriptionId: str("Its subscription."),
          resourceGroup: str("Its resource group."),
          endpoint: str("The Azure data-plane endpoint."),
          apiVersion: str("The data-plane api-version."),
          armApiVersion: str("The ARM api-version."),
          dataPlane: str("dated | v1."),
          localDataDir: str("The local service's data directory."),
          localPort: { type: "integer", description: "The local service's port." },
        },
        required: ["kind", "accountName", "subscriptionId", "resourceGroup"],
      },
      "foundry:index:Sku": {
        type: "object",
        description: "A deployment's sku.",
        properties: {
          name: str("Standard, GlobalStandard, DeveloperTier or a PTU sku."),
          capacity: { type: "integer", description: "Capacity." },
        },
        required: ["name", "capacity"],
      },
      "foundry:index:Method": {
        type: "object",
        description: "The training method.",
        properties: {
          type: str("supervised | dpo."),
          hyperparameters: {
            type: "object",
            additionalProperties: { $ref: "pulumi.json#/Any" },
            description: 'n_epochs, batch_size, learning_rate_multiplier, beta, ...: a number or "auto".',
          },
        },
        required: ["type"],
      },
      "foundry:index:Wait": {
        type: "object",
        description: "The wait policy.",
        properties: { enabled: bool("Follow the job."), timeoutMinutes: num("For how long.") },
        required: ["enabled", "timeoutMinutes"],
      },
    },
    resources,
    language: {
      go: { importBasePath: "example.invalid/foundry-finetune/sdk/go/foundry" },
      csharp: { rootNamespace: "FoundryFinetune", packageReferences: { Pulumi: "3.*" } },
      python: { packageName: "foundry_finetune" },
      nodejs: { packageName: "@foundry-finetune/foundry" },
    },
  };
}

export function schemaJson(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}
