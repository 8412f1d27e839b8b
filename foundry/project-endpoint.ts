// A configured endpoint is either an account's (`https://x.openai.azure.com`, or a gateway's URL in front of it,
// path and all) or a Foundry project's (`https://x.services.ai.azure.com/api/projects/p`). Parsed once, into the
// account part and the project name; a path that names a project must be exactly the project form.
import { PROJECT_NAME, PROJECT_NAME_RULE, PROJECT_PATH_PREFIX } from "../azure/endpoints";

export interface SplitEndpoint {
  /** The endpoint without the project path: where the account's own data plane would be. */
  endpoint: string;
  project?: string;
}

/** Splits an endpoint URL, or returns the rule it breaks (for the config error). */
export function splitEndpoint(value: string): SplitEndpoint | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: "must be a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "must be an http(s) URL" };
  if (url.search || url.hash) return { problem: "must have no query or fragment" };
  const origin = `${url.protocol}//${url.host}`;
  const path = url.pathname.replace(/\/+$/, "");
  if (!/project/i.test(path)) return { endpoint: `${origin}${path}` };
  if (!path.startsWith(PROJECT_PATH_PREFIX)) {
    return {
      problem: `a path naming a project must be ${PROJECT_PATH_PREFIX}<project> (a project endpoint: https://<resource>.services.ai.azure.com/api/projects/<project>), got path ${path}`,
    };
  }
  const project = decodeURIComponent(path.slice(PROJECT_PATH_PREFIX.length));
  if (!PROJECT_NAME.test(project)) return { problem: `the project in ${path} must be ${PROJECT_NAME_RULE}` };
  return { endpoint: origin, project };
}
