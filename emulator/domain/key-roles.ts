// Extra keys with Azure role names, so tests can be an identity that may read but not deploy (or not use the data
// plane at all) and see Azure's 403s. The service's own key keeps every permission. Roles are in memory only: a
// test control, like faults.
import { createHash } from "node:crypto";

/** What a built-in role may do: ARM actions and data actions, as wildcard patterns (Azure's role definitions). */
export interface RolePermissions {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/**
 * GUESS (the shapes of Azure's built-in roles, reduced to what this service serves): OpenAI Contributor uses the
 * data plane but writes no deployments; Cognitive Services Contributor writes deployments but has no data actions.
 */
const ROLES: Record<string, RolePermissions> = {
  Owner: { actions: ["*"], notActions: [], dataActions: ["*"], notDataActions: [] },
  Reader: { actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] },
  "Cognitive Services Contributor": {
    actions: ["Microsoft.CognitiveServices/*"],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  },
  "Cognitive Services OpenAI Contributor": {
    actions: ["Microsoft.CognitiveServices/*/read"],
    notActions: [],
    dataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/*"],
    notDataActions: [],
  },
  "Cognitive Services OpenAI User": {
    actions: ["Microsoft.CognitiveServices/*/read"],
    notActions: [],
    dataActions: [
      "Microsoft.CognitiveServices/accounts/OpenAI/*/read",
      "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    ],
    notDataActions: [],
  },
  "Azure AI User": {
    actions: ["Microsoft.CognitiveServices/*/read"],
    notActions: [],
    dataActions: ["Microsoft.CognitiveServices/*"],
    notDataActions: [],
  },
};

export type Operation = { kind: "action" | "dataAction"; name: string };

/**
 * Azure's wildcard match: `*` stands for any run of characters, case-insensitively. Restated on purpose beside the
 * program's (foundry/preflight-checks.ts): test/unit/emulator/restated-facts-agree.test.ts compares the two.
 */
export function actionMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return re.test(name);
}

function permits(p: RolePermissions, op: Operation): boolean {
  const [allow, deny] = op.kind === "action" ? [p.actions, p.notActions] : [p.dataActions, p.notDataActions];
  return allow.some((a) => actionMatches(a, op.name)) && !deny.some((d) => actionMatches(d, op.name));
}

/** The union of several roles' permissions (what Microsoft.Authorization/permissions lists, one entry per role). */
export function permissionsOf(roles: string[]): RolePermissions[] {
  return roles.map((r) => ROLES[r]!);
}

/** The operation a request performs, named as Azure's RBAC names it (GUESS for the data-plane names). */
export function operationOf(method: string, path: string): Operation | undefined {
  const verb = method === "GET" || method === "HEAD" ? "read" : method === "DELETE" ? "delete" : "write";
  if (path.startsWith("/subscriptions/")) {
    if (/\/providers\/Microsoft\.Authorization\/permissions$/i.test(path))
      return { kind: "action", name: "Microsoft.Authorization/permissions/read" };
    const m = /\/providers\/Microsoft\.CognitiveServices\/(.*)$/i.exec(path);
    const kinds = (m?.[1] ?? "").split("/").filter((_, i) => i % 2 === 0); // accounts/x/deployments/y -> accounts, deployments
    const resource = kinds.length > 0 ? kinds.join("/") : "accounts";
    return { kind: "action", name: `Microsoft.CognitiveServices/${resource}/${verb}` };
  }
  if (path.startsWith("/_emulator/")) return undefined;
  const rest = path.replace(/^(\/accounts\/[^/]+)?(\/api\/projects\/[^/]+)?\/openai(\/v1)?/, "");
  // inference: chat completions, and (GUESS: under the same action) the Responses API
  if (/\/chat\/completions$/.test(rest) || rest === "/responses")
    return {
      kind: "dataAction",
      name: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    };
  const area = rest.startsWith("/files")
    ? "files"
    : rest.startsWith("/fine_tuning")
      ? "fine-tunes"
      : rest.startsWith("/models")
        ? "models"
        : "other";
  const action = verb === "write" && /\/(cancel|pause|resume)$/.test(rest) ? "action" : verb;
  return { kind: "dataAction", name: `Microsoft.CognitiveServices/accounts/OpenAI/${area}/${action}` };
}

const digest = (key: string) => createHash("sha256").update(key).digest("hex");

export class KeyRoles {
  private readonly byDigest = new Map<string, string[]>();

  set(key: string, roles: string[]): void {
    const unknown = roles.find((r) => !ROLES[r]);
    if (unknown !== undefined) throw new Error(`unknown role '${unknown}'; known: ${Object.keys(ROLES).join(", ")}`);
    this.byDigest.set(digest(key), roles);
  }
  /** The roles of an extra key, or undefined when it is not one. */
  rolesOf(key: string): string[] | undefined {
    return this.byDigest.get(digest(key));
  }
  rolesOfRequest(headers: Record<string, string | string[] | undefined>): string[] | undefined {
    const key = keyOfHeaders(headers);
    return key === undefined ? undefined : this.rolesOf(key);
  }
}

/** The key a request presents: `api-key`, or a bearer token (the service takes its key as either). */
function keyOfHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const h = headers["api-key"];
  if (typeof h === "string" && h.length > 0) return h;
  const auth = headers.authorization;
  return typeof auth === "string" && /^bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
}

/**
 * Why a key with these roles may not make this request, in Azure's words (ARM AuthorizationFailed, data plane
 * PermissionDenied: GUESS for the data-plane code and message), or undefined when it may. Of the test controls
 * only health is open to such keys.
 */
export function refusalFor(
  roles: string[],
  method: string,
  path: string,
): { status: number; code: string; message: string } | undefined {
  if (path.startsWith("/_emulator/")) {
    return path === "/_emulator/health"
      ? undefined
      : { status: 403, code: "Forbidden", message: "Test controls need the service's own key." };
  }
  const op = operationOf(method, path);
  // Anyone with a role on the scope may list their own permissions there.
  if (!op || op.name === "Microsoft.Authorization/permissions/read" || permissionsOf(roles).some((p) => permits(p, op)))
    return undefined;
  if (op.kind === "action") {
    const scope =
      /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+)/i.exec(
        path,
      )?.[1] ?? path;
    return {
      status: 403,
      code: "AuthorizationFailed",
      message: `The client does not have authorization to perform action '${op.name}' over scope '${scope}' or the scope is invalid. (roles: ${roles.join(", ")})`,
    };
  }
  return {
    status: 403,
    code: "PermissionDenied",
    message: `Principal does not have access to API/Operation. (data action '${op.name}'; roles: ${roles.join(", ")})`,
  };
}
