// Every guess about Azure (GUESS: no public source in docs/azure-sources.md states it) lives here, so each is a
// one-line change. emulator/README.md lists them under "Differences from Azure". Confirmed facts live here too
// when several modules need them.

/** Dated data-plane versions accepted on /openai/... (the api-version query parameter is required there). */
export const DATED_API_VERSIONS = [
  "2024-02-01",
  "2024-06-01",
  "2024-10-21",
  "2024-05-01-preview",
  "2024-07-01-preview",
  "2024-08-01-preview",
  "2024-09-01-preview",
  "2024-10-01-preview",
  "2024-12-01-preview",
  "2025-01-01-preview",
  "2025-02-01-preview",
  "2025-03-01-preview",
  "2025-04-01-preview",
  // What the SDK's recorded fine-tuning traffic sends through a Foundry project endpoint [REC-FT].
  "2025-11-15-preview",
];
/**
 * From this dated version on, `method.supervised.hyperparameters` is honoured: the recordings send it on
 * 2025-11-15-preview and the job echoes it (docs/azure-sources.md [REC-PENDING]). Earlier dated versions follow the
 * 2025-04-01-preview spec, whose SupervisedMethodRequest has only `type` (strictness.ts).
 */
export const NESTED_SUPERVISED_HYPERPARAMETERS_FROM = "2025-11-15-preview";
/** v1 accepts no api-version, or one of these. */
export const V1_API_VERSIONS = ["v1", "preview"];
/** GUESS: an unknown dated api-version is answered like this. */
export const UNSUPPORTED_API_VERSION = { status: 404, code: "404", message: "Resource not found" };

/** ARM versions: any dated version from 2023-05-01 on (sku replaced scaleSettings then); lenient mode only. */
export const ARM_MIN_API_VERSION = "2023-05-01";
/** ARM api-versions that exist: the same spec fact the program checks config against, stated once. */
/** The token scopes of ARM, an account's data plane and a Foundry project's: the audiences issued tokens carry. */
export { ARM_API_VERSIONS } from "../azure/api-versions";
export { ARM_SCOPE, DATA_PLANE_SCOPE, PROJECT_DATA_PLANE_SCOPE } from "../azure/endpoints";
/** DeveloperTier deployments: every sample uses this ARM version (GUESS: earlier ones refuse the sku). */
export const DEVELOPER_TIER_MIN_ARM_VERSION = "2025-07-01-preview";
/** Developer deployments exist only for these base models. */
export const DEVELOPER_TIER_MODELS = ["gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14", "gpt-4.1-nano-2025-04-14"];
/**
 * GUESS: TPM capacity units per account and sku (Azure's quota is per subscription, region, model and sku);
 * beyond it a PUT or PATCH answers InsufficientQuota with Azure's capacity message.
 */
export const CAPACITY_LIMIT_PER_SKU = 100;
export function capacityShortfallMessage(requested: number, available: number, sku: string, model: string): string {
  return `The specified capacity '${requested}' of account deployment is bigger than available capacity '${available}' for UsageName 'OpenAI.${sku}.${model}'.`;
}
/** GUESS: code for a missing or too-old ARM api-version. */
/** Projects (`accounts/{account}/projects`) appear in the Microsoft.CognitiveServices specs from this version [S-ARM-PROJECTS]. */
export const PROJECTS_MIN_ARM_API_VERSION = "2025-04-01";
/**
 * GUESS: the data plane through a project the account does not have answers 404 "The project does not exist."
 * (the message a Foundry client reported, microsoft/microsoft-foundry-for-vscode#100); the code is a guess.
 */
export const UNKNOWN_PROJECT = { status: 404, code: "NotFound", message: "The project does not exist." };
export const ARM_BAD_API_VERSION = { status: 400, code: "InvalidApiVersionParameter" };

/** GUESS: HTTP status for each data-plane error code (the specs give codes, not statuses). */
export const DATA_PLANE_STATUS: Record<string, number> = {
  invalidPayload: 400,
  jsonlValidationFailed: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unexpectedEntityState: 409,
  itemDoesAlreadyExist: 409,
  payloadTooLarge: 413,
  DeploymentNotFound: 404,
  tooManyRequests: 429,
  internalFailure: 500,
  serviceUnavailable: 503,
  quotaExceeded: 429,
  contentFilter: 400,
};
/** GUESS: code used when an upload exceeds the size cap (the specs name no code for it). */
export const UPLOAD_TOO_LARGE_CODE = "payloadTooLarge";
/** GUESS: code for creating a job from a file whose validation failed. */
export const FILE_NOT_VALID_CODE = "jsonlValidationFailed";
/** GUESS: ARM answers a bad or missing key with this code (401). */
export const ARM_UNAUTHORIZED_CODE = "InvalidAuthenticationToken";
/** GUESS: ARM GET of a missing deployment. */
export const ARM_DEPLOYMENT_NOT_FOUND = { status: 404, code: "DeploymentNotFound" };
/** GUESS: code and status when an account already has the maximum number of fine-tuned deployments. */
export const ARM_QUOTA_EXCEEDED = { status: 400, code: "InsufficientQuota" };
/** GUESS: deploying a model whose job has not succeeded is answered like an unknown model. */
export const ARM_MODEL_NOT_READY_CODE = "DeploymentModelNotSupported";
export const MAX_FINE_TUNED_DEPLOYMENTS = 10;

/** GUESS: shape of the Azure-AsyncOperation URL. */
const ARM_REGION = "eastus2";
export function operationPath(subscription: string, operationId: string): string {
  return `/subscriptions/${subscription}/providers/Microsoft.CognitiveServices/locations/${ARM_REGION}/operationResults/${operationId}`;
}

/** Capabilities a recorded fine-tuned deployment reports besides chatCompletion and area [REC-DEPLOYMENT]. */
export const DEPLOYMENT_CAPABILITIES = { responses: "true", agentsV2: "true", assistants: "true" };
/** GUESS: a deployment's `capabilities.area` from its account's region (recorded: "US" in East US 2 [REC-DEPLOYMENT]). */
const EU_REGIONS = [
  "swedencentral",
  "francecentral",
  "germanywestcentral",
  "switzerlandnorth",
  "switzerlandwest",
  "norwayeast",
  "polandcentral",
  "italynorth",
  "spaincentral",
  "uksouth",
  "ukwest",
  "northeurope",
  "westeurope",
];
export function areaOf(region: string): string | undefined {
  if (/us\d?$/.test(region)) return "US";
  return EU_REGIONS.includes(region) ? "EU" : undefined;
}

/** Sku names accepted for fine-tuned deployments, matched case-insensitively (GUESS: the matching). */
export const FINE_TUNED_SKUS = ["Standard", "GlobalStandard", "DeveloperTier"];
/** Other sku names Azure knows; they are answered with InvalidResourceProperties for fine-tuned models. */
export const OTHER_SKUS = [
  "DataZoneStandard",
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
  "GlobalBatch",
  "DataZoneBatch",
];

/**
 * Training tiers per base model, and where each trains (Azure's fine-tuning model table as of 2026-02: global
 * training for gpt-4o, gpt-4o-mini and the gpt-4.1 family, none for o4-mini; Developer for the same five; no
 * gpt-35-turbo). The program keeps its own copy (azure/model-tiers.ts): test/unit/azure/tier-tables-agree.test.ts
 * compares the two, so neither drifts alone.
 */
export const TRAINING_TIERS: Record<string, string[]> = {
  "gpt-4.1-2025-04-14": ["Standard", "GlobalStandard", "developerTier"],
  "gpt-4.1-mini-2025-04-14": ["Standard", "GlobalStandard", "developerTier"],
  "gpt-4.1-nano-2025-04-14": ["Standard", "GlobalStandard", "developerTier"],
  "gpt-4o-2024-08-06": ["Standard", "GlobalStandard", "developerTier"],
  "gpt-4o-mini-2024-07-18": ["Standard", "GlobalStandard", "developerTier"],
  "o4-mini-2025-04-16": ["Standard"],
};
/** Standard (regional) training: only for accounts in these regions. */
export const STANDARD_TRAINING_REGIONS: Record<string, string[]> = {
  // eastus2: the recordings train gpt-4.1 and gpt-4o-mini on Standard from East US 2 [REC-CREATE], beyond the docs' list.
  "gpt-4.1-2025-04-14": ["eastus2", "northcentralus", "swedencentral"],
  "gpt-4.1-mini-2025-04-14": ["northcentralus", "swedencentral"],
  "gpt-4.1-nano-2025-04-14": ["northcentralus", "swedencentral"],
  "gpt-4o-2024-08-06": ["eastus2", "northcentralus", "swedencentral"],
  "gpt-4o-mini-2024-07-18": ["eastus2", "northcentralus", "swedencentral"],
  "o4-mini-2025-04-16": ["eastus2", "swedencentral"],
};
/** Global training: only for accounts in these regions (Poland Central: not gpt-4.1-nano). */
const GLOBAL_REGIONS = [
  "australiaeast",
  "brazilsouth",
  "canadacentral",
  "canadaeast",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "italynorth",
  "japaneast",
  "koreacentral",
  "northcentralus",
  "norwayeast",
  "polandcentral",
  "southeastasia",
  "southafricanorth",
  "southcentralus",
  "southindia",
  "spaincentral",
  "swedencentral",
  "switzerlandwest",
  "switzerlandnorth",
  "uksouth",
  "westeurope",
  "westus",
  "westus3",
];
export const GLOBAL_TRAINING_REGIONS: Record<string, string[]> = {
  "gpt-4.1-2025-04-14": GLOBAL_REGIONS,
  "gpt-4.1-mini-2025-04-14": GLOBAL_REGIONS,
  "gpt-4.1-nano-2025-04-14": GLOBAL_REGIONS.filter((r) => r !== "polandcentral"),
  "gpt-4o-2024-08-06": GLOBAL_REGIONS,
  "gpt-4o-mini-2024-07-18": GLOBAL_REGIONS,
};

/**
 * Accepted trainingType spellings (case-insensitive; GUESS: which ones), mapped to the spelling Azure echoes:
 * `standard`, `globalStandard`, `developerTier` [REC-CREATE]. The tier table above spells them its own
 * way; they are compared case-insensitively.
 */
export const TRAINING_TYPES: Record<string, string> = {
  standard: "standard",
  globalstandard: "globalStandard",
  developertier: "developerTier",
};
export const DEFAULT_TRAINING_TYPE = "standard";

/**
 * GUESS: the retirement dates the model list reports by default (AccountModel.deprecation, fineTune and inference,
 * as in the ARM spec's ModelDeprecationInfo). Azure's real dates differ per model and move; these are far enough out
 * to warn no one, and a test sets others through PUT /_emulator/models/{model}/deprecation.
 */
export const DEFAULT_MODEL_DEPRECATION = { fineTune: "2027-12-31T00:00:00Z", inference: "2028-06-30T00:00:00Z" };

/** Base models the local trainer fine-tunes (versioned names): the table's, less o4-mini (reinforcement only, not served here). */
export const BASE_MODELS = [
  "gpt-4.1-2025-04-14",
  "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano-2025-04-14",
  "gpt-4o-2024-08-06",
  "gpt-4o-mini-2024-07-18",
];

/**
 * Short base-model names Azure accepts and answers with the dated name (recorded: `gpt-4.1` -> `gpt-4.1-2025-04-14`,
 * `gpt-4o-mini` -> `gpt-4o-mini-2024-07-18` [REC-MODEL]). This service's own table, restated on purpose (the program
 * keeps its own): the other entries are the one dated version of each family in BASE_MODELS (GUESS that Azure
 * picks it). gpt-35-turbo has two and is left out.
 */
export const SHORT_MODEL_NAMES: Record<string, string> = {
  "gpt-4.1": "gpt-4.1-2025-04-14",
  "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
  "gpt-4o": "gpt-4o-2024-08-06",
  "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
};

/** fine_tuned_model naming: `{model}.ft-{jobhex}[-{suffix}]` (GUESS: the hex always equals the job's). */
export function fineTunedModelName(model: string, jobHex: string, suffix: string | null): string {
  return `${model}.ft-${jobHex}${suffix ? `-${suffix}` : ""}`;
}
/** GUESS: earlier checkpoints are named after the fine-tuned model plus `:ckpt-step-{N}`. */
export function checkpointName(fineTunedModel: string, step: number): string {
  return `${fineTunedModel}:ckpt-step-${step}`;
}
export const CHECKPOINTS_KEPT = 3;

/** Suffix: ≤40 chars of [a-zA-Z0-9_-] (the API specs; the Foundry how-to says 18, which we do not enforce). */
export const SUFFIX_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;
export const SEED_MAX = 2147483647;
// Hyperparameter names and bounds per method (some GUESSES, marked there): azure/methods.ts, shared with
// the stack config so that both refuse the same values.
/**
 * While a job is pending Azure echoes the requested values at once [REC-PENDING]; what was not requested reads as these
 * placeholders (a Learn page's output shows `batch_size: -1, n_epochs: -1` next to a requested multiplier).
 * Real values appear once it runs.
 */
export const UNRESOLVED_HYPERPARAMETERS = { n_epochs: -1, batch_size: -1, learning_rate_multiplier: 1 };
/** A pending DPO job already reports these under method.dpo.hyperparameters when not requested [REC-DPO]. */
export const DPO_DEFAULTS = { beta: 0.1, l2_multiplier: 0 };
/** Every recorded job carries this object (its meaning is not documented) [REC-PENDING]. */
export const JOB_ADDITIONAL_PARAMETERS = { completionOverride: "True" };

export const MIN_TRAINING_EXAMPLES = 10;
export const MAX_TRAINING_FILE_BYTES = 512 * 1024 * 1024;
export const FILE_PURPOSES = [
  "fine-tune",
  "fine-tune-results",
  "assistants",
  "assistants_output",
  "batch",
  "batch_output",
  "evals",
  "evals_output",
];
export const V1_UPLOAD_PURPOSES = ["assistants", "batch", "fine-tune", "evals"];
/** GUESS: expires_after.seconds bounds (from the v1 spec). */
export const EXPIRES_AFTER_SECONDS = { min: 1209600, max: 2592000 };
/** Metadata limits (v1/OpenAI; Azure support is a GUESS). */
export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 };

/** Azure: inference may answer DeploymentNotFound for up to ~5 minutes after a deployment succeeds. */
export const DEPLOYMENT_NOT_READY_MESSAGE =
  "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

/** Deployment lifetimes: deleted after 15 idle days; DeveloperTier removed after 24 h. */
export const IDLE_DELETION_MS = 15 * 24 * 3600 * 1000;
export const DEVELOPER_TIER_LIFETIME_MS = 24 * 3600 * 1000;

/** Event messages (the ones Azure is known to send; GUESS for the ones marked). */
export const EVENT_MESSAGES = {
  enqueued: "Job enqueued. Waiting for jobs ahead to complete.",
  started: "Job started.",
  postprocessing: "Postprocessing started.",
  resultsFile: (fileId: string) => `Completed results file: ${fileId}`,
  tokensBilled: (tokens: number) => `Training tokens billed: ${tokens}`, // GUESS (third-party only)
  succeeded: "Job succeeded.",
  failed: "Job failed.", // GUESS
  cancelled: "Job cancelled.", // GUESS
  pausing: "Job pausing.", // GUESS
  paused: "Job paused.", // GUESS
  resuming: "Job resuming.", // GUESS
  checkpoint: (step: number) => `Checkpoint created at step ${step}.`, // GUESS
  metrics: (step: number, loss: number) => `Step ${step}: training loss=${loss}`,
};

// --- Uploads API and file import (2025-04-01-preview spec: UploadFile_Start/_Part/_Complete/_Cancel, Files_Import) ---
/** "An Upload size can be a maximum of 9 GB in total" (spec); read as 9 * 10^9 bytes, the stricter reading (GUESS). */
export const UPLOAD_MAX_BYTES = 9_000_000_000;
/** "will expire two hours after being created" (spec). */
export const UPLOAD_LIFETIME_SECONDS = 2 * 3600;
/** GUESS: upload ids (the spec's example shows `fine-tune-<hex>`, OpenAI `upload_<id>`); part ids follow the example's `uplprt-`. */
export const UPLOAD_ID_PREFIX = "upload-";
export const UPLOAD_PART_ID_PREFIX = "uplprt-";
/** The spec's code for a failed import (ErrorCode enum); its HTTP status (400) is a GUESS. */
export const FILE_IMPORT_FAILED_CODE = "fileImportFailed";
