// The one place that decides where the data plane is and which token it takes: an account's data plane under
// `<endpoint>/openai`, or a Foundry project's under `<endpoint>/api/projects/<project>/openai` with the
// ai.azure.com scope. Deployments never go here: they stay on the account's ARM either way.
import {
  DATA_PLANE_PATH,
  DATA_PLANE_SCOPE,
  DATA_PLANE_V1_PATH,
  PROJECT_DATA_PLANE_SCOPE,
  PROJECT_PATH_PREFIX,
} from "../azure/endpoints";
import type { DataPlaneForm } from "./target";

export interface DataPlaneRoute {
  /** Base URL of the OpenAI-style calls: `.../openai` (dated, with ?api-version=) or `.../openai/v1`. */
  baseURL: string;
  /** Entra scope of the bearer token. */
  scope: string;
}

export function dataPlaneRoute(target: {
  endpoint: string;
  project?: string | undefined;
  dataPlaneForm: DataPlaneForm;
}): DataPlaneRoute {
  const root = target.project
    ? `${target.endpoint}${PROJECT_PATH_PREFIX}${encodeURIComponent(target.project)}`
    : target.endpoint;
  return {
    baseURL: `${root}${target.dataPlaneForm === "v1" ? DATA_PLANE_V1_PATH : DATA_PLANE_PATH}`,
    scope: dataPlaneScope(target),
  };
}

/** The scope alone, for the credential (which does not need to know the URL). */
export function dataPlaneScope(target: { project?: string | undefined }): string {
  return target.project ? PROJECT_DATA_PLANE_SCOPE : DATA_PLANE_SCOPE;
}
