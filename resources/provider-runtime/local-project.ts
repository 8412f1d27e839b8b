// The local counterpart of creating a Foundry project in the portal: a local stack that names a project gets it
// on the local service (an idempotent ARM PUT, once per process), as it gets its account on first use. On Azure
// the project must exist already; the program never creates one there.
import { PROJECTS_ARM_API_VERSION } from "../../azure/api-versions";
import { accountResourceId } from "../../foundry/target";
import { ProviderError } from "./errors";
import type { LocalService } from "./local-service";

const ensured = new Map<string, Promise<void>>();

export interface ProjectScope {
  subscriptionId: string;
  resourceGroup: string;
  accountName: string;
  project: string;
}

export function ensureLocalProject(service: LocalService, scope: ProjectScope): Promise<void> {
  const account = `${service.url}${accountResourceId(scope)}`;
  const key = `${account}/projects/${scope.project}`.toLowerCase();
  let once = ensured.get(key);
  if (!once) {
    once = create(service, account, scope.project);
    ensured.set(key, once);
    once.catch(() => ensured.delete(key));
  }
  return once;
}

async function create(service: LocalService, account: string, project: string): Promise<void> {
  const headers = { "api-key": service.apiKey, "content-type": "application/json" };
  const version = `api-version=${PROJECTS_ARM_API_VERSION}`;
  const got = await fetch(`${account}?${version}`, { headers });
  const location = got.ok ? ((await got.json()) as { location?: string }).location : undefined;
  const put = await fetch(`${account}/projects/${encodeURIComponent(project)}?${version}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ location, properties: { displayName: project } }),
  });
  if (!put.ok)
    throw new ProviderError(
      `the local Foundry service did not create project "${project}": ${put.status} ${await put.text()}`,
    );
}
