// Facts the preflight checks rely on, each with its source; GUESS marks what no primary source confirms.
// Operations: ARM specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/stable/2024-10-01/
// cognitiveservices.json: Accounts_Get, Accounts_ListModels, Accounts_ListUsages, Deployments_List.

/** An account holds at most this many fine-tuned deployments (azure/limits.ts). */
export { MAX_FINE_TUNED_DEPLOYMENTS as FINE_TUNED_DEPLOYMENT_LIMIT } from "../azure/limits";

/** Accounts_ListModels answers `capabilities: { fineTune: "true" }` for a model the account can fine-tune (spec example ListAccountModels.json). */
export const FINE_TUNE_CAPABILITY = "fineTune";

/**
 * GUESS: where the model list names the training tiers and methods of a fine-tunable model
 * (`finetuneCapabilities` is in the spec, its keys are not). Absent keys fall back to the hand-kept table.
 */
export const TRAINING_TIERS_CAPABILITY = "trainingTypes";
export const METHODS_CAPABILITY = "methods";

/** Microsoft.Authorization/permissions (the caller's own actions on a scope) and its api-version. */
export const PERMISSIONS_API_VERSION = "2022-04-01";

/** The ARM action a deployment write needs, and the data actions training needs (GUESS for the data-action names). */
export const DEPLOYMENT_WRITE_ACTION = "Microsoft.CognitiveServices/accounts/deployments/write";
export const TRAINING_DATA_ACTIONS = [
  "Microsoft.CognitiveServices/accounts/OpenAI/files/write",
  "Microsoft.CognitiveServices/accounts/OpenAI/fine-tunes/write",
];

/** Roles to name in a refusal (README "Pointing a stack at Azure"). */
export const DATA_PLANE_ROLES = "Cognitive Services OpenAI Contributor or Azure AI User";
/** Through a Foundry project: its roles are granted on the project (or inherited from the account) [D-RBAC-FOUNDRY]. */
export const PROJECT_DATA_PLANE_ROLES = "Foundry User, formerly Azure AI User (or Foundry Owner)";
export const DEPLOYMENT_ROLES =
  "Cognitive Services Contributor (or another role with Microsoft.CognitiveServices/accounts/deployments/write)";
export const CONTROL_PLANE_READ_ROLES = "Reader (or any role with Microsoft.CognitiveServices/*/read)";

/** A read that has not answered after this long is reported as a warning, not a pass. */
export const PREFLIGHT_READ_TIMEOUT_MS = 15_000;
