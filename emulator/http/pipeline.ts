// The request pipeline, in a fixed order: request id -> fault injection -> auth -> (route: api-version check,
// body validation, handler) -> error rendering -> request log. Handlers never see sockets.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ARM_UNAUTHORIZED_CODE } from "../azure-facts";
import type { Faults } from "../domain/faults";
import { audienceFor, verifyToken } from "../domain/issued-tokens";
import { type KeyRoles, refusalFor } from "../domain/key-roles";
import type { RequestLog } from "../domain/request-log";
import { IDENTITY_ROUTE } from "../routes/identity";
import { renderError, ServiceError, type Surface, surfaceOf } from "./errors";

class BadJsonError extends Error {}

export interface PipelineDeps {
  apiKey: string;
  faults: Faults;
  requests: RequestLog;
  log: (m: string) => void;
  keyRoles?: KeyRoles;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export function installPipeline(app: FastifyInstance, d: PipelineDeps): void {
  const expected = digest(d.apiKey);

  app.addHook("onRequest", async (req, reply) => {
    reply.header("apim-request-id", randomUUID());
    const path = req.url.split("?")[0];
    if (!path.startsWith("/_emulator/")) {
      const f = d.faults.decide(req.method, path);
      if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
      const surface = surfaceOf(path);
      if (f.kind === "drop") {
        d.requests.add(req.method, req.url, 0);
        reply.hijack();
        req.raw.socket.destroy();
        return;
      }
      if (f.kind === "429") {
        throw new ServiceError(
          429,
          surface === "arm" ? "TooManyRequests" : "tooManyRequests",
          "Requests to this resource have exceeded the rate limit (injected fault).",
          null,
          {
            "retry-after": String(f.retryAfterSeconds),
          },
        );
      }
      if (f.kind === "5xx") {
        const code =
          f.status === 500
            ? surface === "arm"
              ? "InternalServerError"
              : "internalFailure"
            : surface === "arm"
              ? "ServiceUnavailable"
              : "serviceUnavailable";
        throw new ServiceError(f.status, code, "The service failed to answer (injected fault).");
      }
    }
    const given = keyOf(req);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      const surface = surfaceOf(path);
      // A token this service issued (routes/identity.ts) is good where its audience is.
      const claims = given === undefined ? undefined : verifyToken(d.apiKey, given, Date.now());
      if (claims) {
        const wanted = audienceFor(path);
        if (wanted !== undefined && claims.aud === wanted) return;
        throw new ServiceError(
          401,
          surface === "arm" ? ARM_UNAUTHORIZED_CODE : "unauthorized",
          `The access token's audience '${claims.aud}' is not valid here; this endpoint takes ${wanted ? `tokens for '${wanted}'` : "the key only"}.`,
        );
      }
      // A key given roles by a test control: Azure's 403 for what its roles do not allow.
      const roles = given === undefined ? undefined : d.keyRoles?.rolesOf(given);
      if (roles) {
        const refused = refusalFor(roles, req.method, path);
        if (refused) throw new ServiceError(refused.status, refused.code, refused.message);
        return;
      }
      throw new ServiceError(
        401,
        surface === "arm" ? ARM_UNAUTHORIZED_CODE : "unauthorized",
        given === undefined
          ? "Access denied: no key was given. Send it in the 'api-key' header or as 'Authorization: Bearer <key>'."
          : "Access denied due to invalid subscription key or wrong API endpoint.",
      );
    }
  });

  app.addHook("onResponse", async (req, reply) => {
    d.requests.add(req.method, req.url, reply.statusCode);
  });

  app.setErrorHandler((error: FastifyError | ServiceError | BadJsonError, req: FastifyRequest, reply: FastifyReply) => {
    const surface = surfaceOf(req.url.split("?")[0]);
    const e = toServiceError(error, surface);
    if (e.status >= 500 && !(error instanceof ServiceError))
      d.log(`${req.method} ${req.url.split("?")[0]}: ${(error as Error).stack ?? error}`);
    for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
    return reply.status(e.status).send(renderError(surface, e));
  });

  app.setNotFoundHandler((req, reply) => {
    const surface = surfaceOf(req.url.split("?")[0]);
    const e = new ServiceError(
      404,
      surface === "arm" ? "NotFound" : "404",
      `No route for ${req.method} ${req.url.split("?")[0]}.`,
    );
    return reply.status(404).send(renderError(surface, e));
  });

  // JSON bodies: an empty body is no body; malformed JSON is the service's own 400.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new BadJsonError(`The request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
}

function keyOf(req: FastifyRequest): string | undefined {
  // The managed-identity endpoint takes its secret the way App Service's does.
  const identity = req.headers["x-identity-header"];
  if (req.url.split("?")[0] === IDENTITY_ROUTE && typeof identity === "string" && identity.length > 0) return identity;
  const h = req.headers["api-key"];
  if (typeof h === "string" && h.length > 0) return h;
  const auth = req.headers.authorization;
  if (typeof auth === "string" && /^bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

function toServiceError(error: unknown, surface: Surface): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof BadJsonError) {
    return new ServiceError(400, surface === "arm" ? "InvalidRequestContent" : "invalidPayload", error.message);
  }
  const fe = error as FastifyError;
  const status = typeof fe.statusCode === "number" ? fe.statusCode : 500;
  if (status === 413 || fe.code === "FST_REQ_FILE_TOO_LARGE") {
    return new ServiceError(413, surface === "arm" ? "RequestEntityTooLarge" : "payloadTooLarge", fe.message);
  }
  if (status >= 400 && status < 500) {
    return new ServiceError(status, surface === "arm" ? "InvalidRequestContent" : "invalidPayload", fe.message);
  }
  return new ServiceError(
    500,
    surface === "arm" ? "InternalServerError" : "internalFailure",
    "The service had an internal error.",
  );
}
