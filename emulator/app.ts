// Builds the Fastify app (routes, pipeline) without opening a port; server.ts adds TLS and listens.

import multipart from "@fastify/multipart";
import fastify, { type FastifyInstance, type FastifyServerFactory } from "fastify";
import { installPipeline } from "./http/pipeline";
import { accountArmRoutes } from "./routes/account-arm";
import { adminRoutes } from "./routes/admin";
import { armRoutes } from "./routes/arm";
import { checkApiVersion, checkProject, type DataSurface } from "./routes/context";
import { fileRoutes } from "./routes/files";
import { identityRoutes } from "./routes/identity";
import { jobRoutes } from "./routes/jobs";
import { modelAndChatRoutes } from "./routes/models-chat";
import { projectArmRoutes } from "./routes/projects-arm";
import type { Services } from "./services";
import { uploadRoutes } from "./uploads/routes";

export interface AppOptions {
  apiKey: string;
  maxUploadBytes: number;
  serverFactory?: FastifyServerFactory;
  log: (m: string) => void;
}

export async function buildApp(s: Services, o: AppOptions): Promise<FastifyInstance> {
  const app = fastify({
    logger: false,
    serverFactory: o.serverFactory,
    bodyLimit: 16 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });
  installPipeline(app, { apiKey: o.apiKey, faults: s.faults, requests: s.requests, log: o.log, keyRoles: s.keyRoles });
  await app.register(multipart, { limits: { fileSize: o.maxUploadBytes, files: 1, fields: 20 } });

  // The data plane, for the default account ("local") and for any account by name, dated and v1; and the same
  // through a Foundry project of the account (`/api/projects/<project>` before `/openai`), which must exist.
  const prefixes: Array<[string, DataSurface]> = [];
  for (const account of ["", "/accounts/:account"]) {
    for (const project of ["", "/api/projects/:project"]) {
      prefixes.push([`${account}${project}/openai/v1`, "v1"], [`${account}${project}/openai`, "dated"]);
    }
  }
  for (const [prefix, surface] of prefixes) {
    await app.register(
      async (scope) => {
        if (prefix.includes(":project")) scope.addHook("preHandler", async (req) => checkProject(s, req));
        scope.addHook("preHandler", async (req) => checkApiVersion(surface, req));
        fileRoutes(scope, s, surface, o.maxUploadBytes);
        jobRoutes(scope, s, surface);
        modelAndChatRoutes(scope, s, surface);
        if (surface === "dated") uploadRoutes(scope, s, o.maxUploadBytes);
      },
      { prefix },
    );
  }
  await app.register(async (scope) => armRoutes(scope, s));
  await app.register(async (scope) => accountArmRoutes(scope, s));
  await app.register(async (scope) => projectArmRoutes(scope, s));
  await app.register(async (scope) => adminRoutes(scope, s));
  await app.register(async (scope) => identityRoutes(scope, o.apiKey));
  return app;
}
