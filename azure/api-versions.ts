// Every Azure fact the clients depend on, in one place, so a wrong one is fixed once.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.
import type { TrainingTier } from "./model-tiers";

/** Data-plane (dated "authoring") API version: the latest preview, the first with trainingType samples [S-AUTH, D-REST]. */
export const DEFAULT_DATA_PLANE_API_VERSION = "2025-04-01-preview";

/**
 * The dated api-version through a Foundry project endpoint: the one the SDK's recorded fine-tuning traffic uses
 * [REC-FT]. Whether a project also takes older dated versions is UNCONFIRMED, so a project stack sends this one.
 */
export const PROJECT_DATA_PLANE_API_VERSION = "2025-11-15-preview";

/** ARM api-version for deployments: a GA version with `sku` (not scaleSettings) [S-ARM]. The JS SDK default is newer. */
export const DEFAULT_ARM_API_VERSION = "2024-10-01";

/**
 * Microsoft.CognitiveServices ARM api-versions from 2023-05-01 on: the folders under
 * specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/{stable,preview}/ in
 * Azure/azure-rest-api-specs, and (from 2026-03-01 on, after the move to TypeSpec) the tags of
 * .../Microsoft.CognitiveServices/CognitiveServices/readme.md [S-ARM-VERSIONS]. `2024-10-21`, printed by some
 * deployment pages, is a data-plane version.
 */
export const ARM_API_VERSIONS = [
  "2023-05-01",
  "2024-10-01",
  "2025-06-01",
  "2025-09-01",
  "2025-12-01",
  "2026-03-01",
  "2026-05-01",
  "2026-07-01",
  "2026-09-01",
  "2023-06-01-preview",
  "2023-10-01-preview",
  "2024-04-01-preview",
  "2024-06-01-preview",
  "2025-04-01-preview",
  "2025-07-01-preview",
  "2025-10-01-preview",
  "2026-01-15-preview",
  "2026-03-15-preview",
  "2026-05-15-preview",
  "2026-07-15-preview",
  "2026-09-15-preview",
] as const;

/** Every DeveloperTier deployment sample uses this ARM version (with capacity 50); earlier ones are unconfirmed. */
const DEVELOPER_TIER_ARM_API_VERSION = "2025-07-01-preview";

/** The ARM api-version a deployment of this sku is written with: DeveloperTier needs one at least as new as its samples'. */
export function armApiVersionFor(skuName: string, configured: string): string {
  if (skuName.toLowerCase() !== "developertier") return configured;
  return configured.slice(0, 10) >= DEVELOPER_TIER_ARM_API_VERSION.slice(0, 10)
    ? configured
    : DEVELOPER_TIER_ARM_API_VERSION;
}

/** An account holds at most this many fine-tuned deployments [D-QUOTA]; the error code for the limit is UNCONFIRMED. */
export const MAX_FINE_TUNED_DEPLOYMENTS = 10;

/**
 * Azure answers a TPM capacity shortfall with InsufficientQuota too: "The specified capacity '1' of account
 * deployment is bigger than available capacity '0' for UsageName ...". Such an error is never a reason to
 * delete a deployment.
 */
export const CAPACITY_SHORTFALL = /bigger than available capacity|available capacity/i;

/**
 * After ARM reports a new deployment Succeeded, inference can answer 404 DeploymentNotFound ("...If you
 * created the deployment within the last 5 minutes, please wait a moment and try again") for a while.
 */
export const DEPLOYMENT_WARMUP_TIMEOUT_MS = 10 * 60_000;

/** Public ARM endpoint. */
export const AZURE_ARM_ENDPOINT = "https://management.azure.com";

/** Token scope for an account's data plane, dated and v1 [S-AUTH, S-V1]. */
export const DATA_PLANE_SCOPE = "https://cognitiveservices.azure.com/.default";

/** Token scope for a Foundry project's data plane: what `@azure/ai-projects` asks for [D-FOUNDRY-SDK, NPM-PROJECTS]. */
export const PROJECT_DATA_PLANE_SCOPE = "https://ai.azure.com/.default";

/**
 * A Foundry project endpoint is `https://<resource>.services.ai.azure.com/api/projects/<project>` [D-FOUNDRY-SDK];
 * the OpenAI-style data plane lives under it, `/openai/v1` and `/openai?api-version=` [NPM-PROJECTS, REC-FT].
 */
export const PROJECT_PATH_PREFIX = "/api/projects/";

/** Projects (`accounts/{account}/projects/{project}`) are in the ARM specs from 2025-04-01-preview; this is their first GA version [S-ARM-PROJECTS]. */
export const PROJECTS_ARM_API_VERSION = "2025-06-01";

/** ARM's rule for a project name (Projects_Create's projectName parameter) [S-ARM-PROJECTS]. */
export const PROJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/;
export const PROJECT_NAME_RULE = "2-64 letters, digits, '_', '.' or '-', starting with a letter or digit";

/** Token scope for ARM deployment calls: Azure Resource Manager's own [D-DEPLOY]. */
export const ARM_SCOPE = "https://management.azure.com/.default";

/** Data-plane base path under the endpoint; the v1 form adds `/v1` and needs no api-version [S-V1, D-LIFE]. */
export const DATA_PLANE_PATH = "/openai";
export const DATA_PLANE_V1_PATH = "/openai/v1";

/** Default data-plane host for an account when no endpoint is configured. */
export function defaultAzureEndpoint(accountName: string): string {
  return `https://${accountName}.openai.azure.com`;
}

/**
 * Wire spelling of the Azure-only top-level `trainingType` create field: the spellings Azure accepted (201) in
 * the SDK's recorded job creates, "Standard", "GlobalStandard" and "developerTier" [REC-CREATE]. Azure echoes
 * them as "standard", "globalStandard", "developerTier" (job-check.ts compares without case).
 */
export const TRAINING_TYPE_WIRE: Record<TrainingTier, string> = {
  Standard: "Standard",
  GlobalStandard: "GlobalStandard",
  Developer: "developerTier",
};

/** Fine-tuned models are always deployed with this format and version [D-DEPLOY]. */
export const FINE_TUNED_MODEL_FORMAT = "OpenAI";
export const FINE_TUNED_MODEL_VERSION = "1";

/**
 * ARM error codes for "another write on this account is in flight": retry after a pause [TF].
 * AnotherOperationInProgress is seen on other Azure resource types; listing it here is a guess (UNCONFIRMED).
 */
export const ARM_CONFLICT_CODES = ["RequestConflict", "AnotherOperationInProgress"];

/**
 * The Files API takes one upload of at most 512 MB [D-QUOTA, 2026-02]; larger ones go through the Uploads API (`/uploads`, dated surface only;
 * 2025-04-01-preview spec, UploadFile_*: "a maximum of 9 GB in total", each part "up to the standard size limit
 * for file upload"). 9 GB is read as 9 * 10^9 bytes, the stricter reading (UNCONFIRMED).
 */
export const FILES_API_MAX_BYTES = 512_000_000; // 512 MB read as 10^6 bytes, the stricter reading: 512 MiB would allow more
/**
 * Fine-tuning files per resource, as of 2026-02 [D-QUOTA]: at most 100 files and 1 GB in all (read as 10^9
 * bytes, the stricter reading). The preflight refuses a plan that would pass either, before any upload.
 */
export const FINE_TUNING_FILES_PER_RESOURCE = 100;
export const FINE_TUNING_FILE_BYTES_PER_RESOURCE = 1_000_000_000;
export const UPLOADS_API_MAX_BYTES = 9_000_000_000;
/** Part size: small enough that a failed part costs little to send again, large enough for few requests. */
export const UPLOAD_PART_BYTES = 64 * 1024 * 1024;

/** The spec's start example sends `application/json` for a fine-tune .jsonl file. */
export const UPLOAD_MIME_TYPE = "application/json";
/**
 * UNCONFIRMED: what `part_ids` of a complete lists. The 2025-04-01-preview spec's UploadFile_Complete example lists
 * the parts' `azure_block_id` values; OpenAI's API takes the parts' `id`s. The client sends the spec example's
 * reading first and, if the list is refused (400), the other (foundry/uploads.ts); the local service, strict,
 * takes only the spec's.
 */
export const UPLOAD_COMPLETE_PART_ID: "id" | "azure_block_id" = "azure_block_id";
