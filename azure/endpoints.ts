// Where Azure answers and for which token: hosts, paths and token scopes of both planes, and the form of a
// Foundry project endpoint and name.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.

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
