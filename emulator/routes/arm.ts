// ARM control plane: deployments under /subscriptions/{sub}/resourceGroups/{rg}/providers/
// Microsoft.CognitiveServices/accounts/{account}/deployments, and the Azure-AsyncOperation status route.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ARM_API_VERSIONS, ARM_BAD_API_VERSION, ARM_MIN_API_VERSION, operationPath } from "../azure-facts";
import type { ArmScope, LroResult } from "../domain/deployments";
import { OPERATION_WIRE_STATUS } from "../domain/types";
import { armError } from "../http/errors";
import type { Services } from "../services";

const BASE =
  "/subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account/deployments";
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;
const DEPLOYMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

export function armRoutes(app: FastifyInstance, s: Services): void {
  app.addHook("preHandler", async (req) => checkArmApiVersion(req, s.strict.realArmVersionsOnly));

  app.get(BASE, async (req) => ({ value: s.deployments.list(scopeOf(s, req)) }));
  app.get(`${BASE}/:deployment`, async (req) => s.deployments.get(scopeOf(s, req), nameOf(req)));
  app.put(`${BASE}/:deployment`, async (req, reply) =>
    lro(req, reply, s.deployments.put(scopeOf(s, req), nameOf(req), req.body, apiVersionOf(req))),
  );
  app.patch(`${BASE}/:deployment`, async (req, reply) =>
    lro(req, reply, s.deployments.patch(scopeOf(s, req), nameOf(req), req.body, apiVersionOf(req))),
  );
  app.delete(`${BASE}/:deployment`, async (req, reply) => {
    const r = s.deployments.delete(scopeOf(s, req), nameOf(req));
    if (!r) return reply.status(204).send();
    const url = operationUrl(req, r.operationId);
    return reply.status(202).header("azure-asyncoperation", url).header("location", url).send();
  });

  app.get(
    "/subscriptions/:subscription/providers/Microsoft.CognitiveServices/locations/:location/operationResults/:operationId",
    async (req) => {
      const op = s.deployments.operation((req.params as { operationId: string }).operationId);
      if (!op) throw armError(404, "NotFound", "The operation does not exist.");
      return {
        id: req.url.split("?")[0],
        name: op.id,
        status: OPERATION_WIRE_STATUS[op.status],
        startTime: op.started_at,
        ...(op.ended_at ? { endTime: op.ended_at } : {}),
        percentComplete: 0, // recorded: 0.0 while Running and still 0.0 once Succeeded [REC-DEPLOYMENT]
        ...(op.error ? { error: { code: "DeploymentFailed", message: op.error } } : {}),
      };
    },
  );
}

function lro(req: FastifyRequest, reply: FastifyReply, r: LroResult) {
  return reply.status(r.status).header("azure-asyncoperation", operationUrl(req, r.operationId)).send(r.body);
}

function operationUrl(req: FastifyRequest, operationId: string): string {
  const { subscription } = req.params as { subscription: string };
  const version = (req.query as { "api-version"?: string })["api-version"];
  return `https://${req.headers.host}${operationPath(subscription, operationId)}?api-version=${version}`;
}

function scopeOf(s: Services, req: FastifyRequest): ArmScope {
  const p = req.params as { subscription: string; resourceGroup: string; account: string };
  if (!ACCOUNT_NAME.test(p.account))
    throw armError(400, "InvalidResourceName", `Account name '${p.account}' is not valid.`);
  s.accounts.ensure(p.account, { subscription: p.subscription, resourceGroup: p.resourceGroup });
  return { subscription: p.subscription, resourceGroup: p.resourceGroup, account: p.account };
}

function nameOf(req: FastifyRequest): string {
  const name = (req.params as { deployment: string }).deployment;
  if (!DEPLOYMENT_NAME.test(name))
    throw armError(400, "InvalidResourceName", `Deployment name '${name}' is not valid.`);
  return name;
}

function apiVersionOf(req: FastifyRequest): string {
  return (req.query as { "api-version"?: string })["api-version"] ?? "";
}

/** Strict: only versions that exist (ARM_API_VERSIONS); lenient: any dated version from ARM_MIN_API_VERSION on. */
function checkArmApiVersion(req: FastifyRequest, realOnly: boolean): void {
  const v = apiVersionOf(req);
  const ok = realOnly
    ? (ARM_API_VERSIONS as readonly string[]).includes(v)
    : /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v) && v.slice(0, 10) >= ARM_MIN_API_VERSION;
  if (!ok) {
    throw armError(
      ARM_BAD_API_VERSION.status,
      ARM_BAD_API_VERSION.code,
      realOnly
        ? `The api-version '${v}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(",")}'.`
        : `The api-version '${v}' is invalid; use a Microsoft.CognitiveServices version from ${ARM_MIN_API_VERSION} on.`,
    );
  }
}
