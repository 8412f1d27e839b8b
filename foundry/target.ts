// Where the service lives: plain, serialisable data (it may end up in Pulumi state), never a secret.
import {
  DEFAULT_ARM_API_VERSION,
  DEFAULT_DATA_PLANE_API_VERSION,
  PROJECT_DATA_PLANE_API_VERSION,
} from "../azure/api-versions";
import { AZURE_ARM_ENDPOINT, defaultAzureEndpoint, PROJECT_NAME, PROJECT_NAME_RULE } from "../azure/endpoints";

type TargetKind = "local" | "azure";

/** "dated" = /openai/...?api-version=X (AzureOpenAI); "v1" = /openai/v1/... (plain OpenAI client). */
export type DataPlaneForm = "dated" | "v1";

export interface FoundryTarget {
  kind: TargetKind;
  /** The account's data-plane base, e.g. https://x.openai.azure.com or https://127.0.0.1:port/accounts/dev (never a project's path). */
  endpoint: string;
  /** https://management.azure.com, or the local service URL. */
  armEndpoint: string;
  subscriptionId: string;
  resourceGroup: string;
  accountName: string;
  /** A Foundry project of the account: the data plane then goes through `<endpoint>/api/projects/<project>`. */
  project?: string;
  /** Data-plane api-version (dated form). */
  apiVersion?: string;
  armApiVersion?: string;
  dataPlaneForm?: DataPlaneForm;
  /** PEM file of the local service's CA (local targets only). */
  caCertPath?: string;
}

export type ResolvedTarget = Required<Omit<FoundryTarget, "caCertPath" | "project">> & {
  caCertPath?: string;
  project?: string;
};

/** Applies defaults and rejects targets that would send credentials somewhere odd. */
export function resolveTarget(target: FoundryTarget): ResolvedTarget {
  const problems: string[] = [];
  for (const key of ["endpoint", "armEndpoint", "subscriptionId", "resourceGroup", "accountName"] as const) {
    if (typeof target[key] !== "string" || target[key].trim() === "")
      problems.push(`${key}: required, got ${JSON.stringify(target[key])}`);
  }
  if (target.kind !== "local" && target.kind !== "azure")
    problems.push(`kind: must be "local" or "azure", got ${JSON.stringify(target.kind)}`);
  for (const key of ["endpoint", "armEndpoint"] as const) {
    if (typeof target[key] === "string" && target[key] !== "" && !isHttpUrl(target[key]))
      problems.push(`${key}: not an http(s) URL: ${target[key]}`);
  }
  if (target.kind === "azure") {
    for (const key of ["endpoint", "armEndpoint"] as const) {
      if (typeof target[key] === "string" && target[key].startsWith("http:"))
        problems.push(`${key}: an Azure target must use https`);
    }
    if (target.caCertPath) problems.push("caCertPath: only local targets may trust an extra CA");
  }
  if (target.dataPlaneForm !== undefined && target.dataPlaneForm !== "dated" && target.dataPlaneForm !== "v1") {
    problems.push(`dataPlaneForm: must be "dated" or "v1", got ${JSON.stringify(target.dataPlaneForm)}`);
  }
  if (target.project !== undefined && !PROJECT_NAME.test(target.project))
    problems.push(`project: must be ${PROJECT_NAME_RULE}, got ${JSON.stringify(target.project)}`);
  if (problems.length > 0) throw new Error(`Invalid Foundry target:\n  ${problems.join("\n  ")}`);
  return {
    kind: target.kind,
    endpoint: stripTrailingSlashes(target.endpoint),
    armEndpoint: stripTrailingSlashes(target.armEndpoint),
    subscriptionId: target.subscriptionId,
    resourceGroup: target.resourceGroup,
    accountName: target.accountName,
    ...(target.project !== undefined ? { project: target.project } : {}),
    apiVersion:
      target.apiVersion ??
      (target.project !== undefined ? PROJECT_DATA_PLANE_API_VERSION : DEFAULT_DATA_PLANE_API_VERSION),
    armApiVersion: target.armApiVersion ?? DEFAULT_ARM_API_VERSION,
    dataPlaneForm: target.dataPlaneForm ?? "dated",
    ...(target.caCertPath ? { caCertPath: target.caCertPath } : {}),
  };
}

/** An Azure target from account coordinates, with the public endpoints filled in. */
export function azureTarget(account: {
  subscriptionId: string;
  resourceGroup: string;
  accountName: string;
  endpoint?: string;
  project?: string;
}): FoundryTarget {
  return {
    ...(account.project !== undefined ? { project: account.project } : {}),
    kind: "azure",
    endpoint: account.endpoint ?? defaultAzureEndpoint(account.accountName),
    armEndpoint: AZURE_ARM_ENDPOINT,
    subscriptionId: account.subscriptionId,
    resourceGroup: account.resourceGroup,
    accountName: account.accountName,
  };
}

/** The account's ARM resource id (what `model.source` takes for cross-account deployments). */
export function accountResourceId(
  target: Pick<FoundryTarget, "subscriptionId" | "resourceGroup" | "accountName">,
): string {
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${target.accountName}`;
}

/** Key for per-account serialisation: ARM ids are case-insensitive, and one host may serve many accounts. */
export function accountKey(
  target: Pick<FoundryTarget, "armEndpoint" | "subscriptionId" | "resourceGroup" | "accountName">,
): string {
  return `${stripTrailingSlashes(target.armEndpoint)}${accountResourceId(target)}`.toLowerCase();
}

function stripTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
