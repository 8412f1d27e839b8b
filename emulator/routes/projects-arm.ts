// ARM routes of Foundry projects (Projects_Create, _Get, _List, _Delete under accounts/{account}/projects). A
// project must exist here before the data plane answers through its endpoint (routes/project-scope.ts).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ARM_API_VERSIONS, PROJECTS_MIN_ARM_API_VERSION } from "../azure-facts";
import { accountArmId } from "../domain/deployments";
import { permissionsOf } from "../domain/key-roles";
import { armError } from "../http/errors";
import type { Services } from "../services";
import type { ProjectDoc } from "../store/projects";

const PROJECTS =
  "/subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account/projects";
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;
/** Projects_Create's projectName rule [S-ARM-PROJECTS]. */
const PROJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/;

export function projectArmRoutes(app: FastifyInstance, s: Services): void {
  // The caller's permissions at the project's scope (what the preflight reads for a project's data actions);
  // Microsoft.Authorization has api-versions of its own.
  app.get(`${PROJECTS}/:project/providers/Microsoft.Authorization/permissions`, async (req) => {
    const v = (req.query as { "api-version"?: string })["api-version"];
    if (!v || !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v))
      throw armError(400, "InvalidApiVersionParameter", `The api-version '${v ?? ""}' is invalid.`);
    projectOf(s, req);
    return { value: permissionsOf(s.keyRoles.rolesOfRequest(req.headers) ?? ["Owner"]) };
  });

  app.register(async (projects) => {
    projects.addHook("preHandler", async (req) => {
      const v = (req.query as { "api-version"?: string })["api-version"] ?? "";
      const known = s.strict.realArmVersionsOnly
        ? (ARM_API_VERSIONS as readonly string[]).includes(v)
        : /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v);
      if (!known || v.slice(0, 10) < PROJECTS_MIN_ARM_API_VERSION) {
        throw armError(
          400,
          "InvalidApiVersionParameter",
          `The api-version '${v}' is invalid for projects; they exist from ${PROJECTS_MIN_ARM_API_VERSION} on.`,
        );
      }
    });
    crudRoutes(projects, s);
  });
}

function crudRoutes(app: FastifyInstance, s: Services): void {
  app.get(PROJECTS, async (req) => ({ value: s.projects.list(scope(s, req).account) }));
  app.get(`${PROJECTS}/:project`, async (req) => projectOf(s, req));
  app.put(`${PROJECTS}/:project`, async (req, reply) => {
    const p = scope(s, req);
    const name = nameOf(req);
    const body = (req.body ?? {}) as {
      location?: unknown;
      properties?: { displayName?: unknown; description?: unknown };
    };
    if (typeof body.location !== "string" || body.location === "")
      throw armError(400, "LocationRequired", "The location property is required for this definition.");
    const doc: ProjectDoc = {
      id: `${accountArmId(p)}/projects/${name}`,
      name,
      type: "Microsoft.CognitiveServices/accounts/projects",
      location: body.location,
      properties: {
        provisioningState: "Succeeded",
        displayName: typeof body.properties?.displayName === "string" ? body.properties.displayName : name,
        ...(typeof body.properties?.description === "string" ? { description: body.properties.description } : {}),
        endpoints: {
          "AI Foundry API": `https://${req.headers.host}${p.account === "local" ? "" : `/accounts/${p.account}`}/api/projects/${name}`,
        },
        isDefault: s.projects.list(p.account).length === 0,
      },
    };
    const previous = s.projects.get(p.account, name);
    if (previous) doc.properties.isDefault = previous.properties.isDefault;
    return reply.status(s.projects.put(p.account, doc) ? 201 : 200).send(doc);
  });
  app.delete(`${PROJECTS}/:project`, async (req, reply) =>
    reply.status(s.projects.delete(scope(s, req).account, nameOf(req)) ? 200 : 204).send(),
  );
}

function scope(s: Services, req: FastifyRequest) {
  const p = req.params as { subscription: string; resourceGroup: string; account: string };
  if (!ACCOUNT_NAME.test(p.account))
    throw armError(400, "InvalidResourceName", `Account name '${p.account}' is not valid.`);
  s.accounts.ensure(p.account, { subscription: p.subscription, resourceGroup: p.resourceGroup });
  return { subscription: p.subscription, resourceGroup: p.resourceGroup, account: p.account };
}

function projectOf(s: Services, req: FastifyRequest): ProjectDoc {
  const p = scope(s, req);
  const doc = s.projects.get(p.account, nameOf(req));
  if (!doc)
    throw armError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.CognitiveServices/accounts/${p.account}/projects/${nameOf(req)}' was not found.`,
    );
  return doc;
}

function nameOf(req: FastifyRequest): string {
  const name = (req.params as { project: string }).project;
  if (!PROJECT_NAME.test(name)) throw armError(400, "InvalidResourceName", `Project name '${name}' is not valid.`);
  return name;
}
