// Read-only ARM routes about an account, what the preflight checks read: the account (its location), its model
// list with fine-tuning capabilities (Accounts_ListModels), its region's usages (Usages_List), and the caller's
// permissions on it (Microsoft.Authorization/permissions, from the key's roles).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { accountModels, locationUsages } from "../domain/account-models";
import { accountArmId } from "../domain/deployments";
import { permissionsOf } from "../domain/key-roles";
import { armError } from "../http/errors";
import type { Services } from "../services";

const ACCOUNT =
  "/subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account";
const LOCATION_USAGES = "/subscriptions/:subscription/providers/Microsoft.CognitiveServices/locations/:location/usages";
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;

export function accountArmRoutes(app: FastifyInstance, s: Services): void {
  app.addHook("preHandler", async (req) => {
    const v = (req.query as { "api-version"?: string })["api-version"];
    if (!v || !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v))
      throw armError(400, "InvalidApiVersionParameter", `The api-version '${v ?? ""}' is invalid.`);
  });

  app.get(ACCOUNT, async (req) => {
    const p = scope(s, req);
    return {
      id: accountArmId(p),
      name: p.account,
      type: "Microsoft.CognitiveServices/accounts",
      kind: "OpenAI",
      location: s.regions.get(p.account),
      sku: { name: "S0" },
      properties: { provisioningState: "Succeeded", endpoint: `https://${req.headers.host}/accounts/${p.account}` },
    };
  });
  app.get(`${ACCOUNT}/models`, async (req) => ({
    value: accountModels(s.regions.get(scope(s, req).account), s.retirements),
  }));
  // Azure's account usages carry no TPM quota (that is the subscription's, per region: below); nothing is invented here.
  app.get(`${ACCOUNT}/usages`, async (req) => (scope(s, req), { value: [] }));
  app.get(LOCATION_USAGES, async (req) => {
    const { subscription, location } = req.params as { subscription: string; location: string };
    return { value: locationUsages(s.deployments.inRegion(subscription, location).map((r) => r.doc)) };
  });
  // One role per page, linked by nextLink as ARM pages lists, so a client that reads only the first page misses roles.
  app.get(`${ACCOUNT}/providers/Microsoft.Authorization/permissions`, async (req) => {
    scope(s, req);
    const all = permissionsOf(s.keyRoles.rolesOfRequest(req.headers) ?? ["Owner"]);
    const query = req.query as { "api-version"?: string; $skiptoken?: string };
    const at = Math.max(0, Number(query.$skiptoken ?? 0) || 0);
    const next =
      at + 1 < all.length
        ? `https://${req.headers.host}${req.url.split("?")[0]}?api-version=${query["api-version"]}&$skiptoken=${at + 1}`
        : undefined;
    return { value: all.slice(at, at + 1), ...(next ? { nextLink: next } : {}) };
  });
}

function scope(s: Services, req: FastifyRequest) {
  const p = req.params as { subscription: string; resourceGroup: string; account: string };
  if (!ACCOUNT_NAME.test(p.account))
    throw armError(400, "InvalidResourceName", `Account name '${p.account}' is not valid.`);
  s.accounts.ensure(p.account, { subscription: p.subscription, resourceGroup: p.resourceGroup });
  return { subscription: p.subscription, resourceGroup: p.resourceGroup, account: p.account };
}
