// Who we are to the service. Secrets come from the call (or the environment) each time and are never
// stored in the target, so nothing secret reaches Pulumi state.
import type { AccessToken, TokenCredential } from "@azure/identity";
import { dataPlaneScope } from "./data-plane-route";
import type { ResolvedTarget } from "./target";

/** Environment variable holding the local service's API key. */
const LOCAL_API_KEY_ENV = "FOUNDRY_API_KEY";
/** Environment variable holding an Azure data-plane API key (optional; Entra is used otherwise). */
const AZURE_API_KEY_ENV = "AZURE_OPENAI_API_KEY";

/** Exactly one of the two data-plane schemes: `api-key` header, or `Authorization: Bearer`. */
export type DataPlaneAuth = { kind: "api-key"; apiKey: string } | { kind: "bearer"; getToken: () => Promise<string> };

export interface Credentials {
  dataPlane: DataPlaneAuth;
  /** For ARM; the control plane asks it for the ARM scope. */
  arm: TokenCredential;
}

export interface CredentialOptions {
  apiKey?: string;
  credential?: TokenCredential;
  env?: Record<string, string | undefined>;
}

export function resolveCredentials(
  target: Pick<ResolvedTarget, "kind" | "project">,
  options: CredentialOptions = {},
): Credentials {
  const env = options.env ?? process.env;
  if (target.kind === "local") {
    const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env[LOCAL_API_KEY_ENV]);
    if (!apiKey) {
      throw new Error(`No API key for the local Foundry service: set ${LOCAL_API_KEY_ENV} (or pass apiKey).`);
    }
    return { dataPlane: { kind: "api-key", apiKey }, arm: options.credential ?? staticKeyCredential(apiKey) };
  }
  const credential = options.credential ?? escOidcCredential(env) ?? new (identity().DefaultAzureCredential)();
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env[AZURE_API_KEY_ENV]);
  const dataPlane: DataPlaneAuth = apiKey
    ? { kind: "api-key", apiKey }
    : { kind: "bearer", getToken: identity().getBearerTokenProvider(credential, dataPlaneScope(target)) };
  return { dataPlane, arm: credential };
}

/**
 * Pulumi ESC's `fn::open::azure-login` (OIDC) exports ARM_CLIENT_ID, ARM_TENANT_ID and ARM_OIDC_TOKEN, the names
 * Terraform's and Pulumi's Azure providers read; @azure/identity reads AZURE_* and a token file instead, so
 * DefaultAzureCredential would not sign in with them. With all three (and no AZURE_FEDERATED_TOKEN_FILE of its
 * own), the ESC token is exchanged as a client assertion, the same federated sign-in. The token is read from the
 * environment at each exchange, never kept.
 */
export function escOidcCredential(env: Record<string, string | undefined>): TokenCredential | undefined {
  const clientId = nonEmpty(env.ARM_CLIENT_ID);
  const tenantId = nonEmpty(env.ARM_TENANT_ID);
  if (!clientId || !tenantId || !nonEmpty(env.ARM_OIDC_TOKEN) || nonEmpty(env.AZURE_FEDERATED_TOKEN_FILE))
    return undefined;
  return new (identity().ClientAssertionCredential)(
    tenantId,
    clientId,
    async () => nonEmpty(env.ARM_OIDC_TOKEN) ?? "",
    {
      ...(nonEmpty(env.AZURE_AUTHORITY_HOST) ? { authorityHost: nonEmpty(env.AZURE_AUTHORITY_HOST)! } : {}),
    },
  );
}

/**
 * A TokenCredential that hands out the local service's API key as the bearer token (the local service accepts
 * either). Good for a day so the Azure pipeline does not keep refreshing it.
 */
function staticKeyCredential(apiKey: string): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token: apiKey, expiresOnTimestamp: Date.now() + 24 * 3600_000 };
    },
  };
}

// @azure/identity takes about 0.3 s of CPU to load and only Azure needs it: a local stack's provider process
// (the deployment's GET in every preview) never loads it. (require, as in resources/provider-runtime/connection.ts.)
const identity = (): typeof import("@azure/identity") => require("@azure/identity");

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
