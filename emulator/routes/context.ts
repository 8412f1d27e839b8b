// Per-request facts shared by the data-plane routes: which account, which surface (dated or v1).
import type { FastifyReply, FastifyRequest } from "fastify";
import { DATED_API_VERSIONS, UNKNOWN_PROJECT, UNSUPPORTED_API_VERSION, V1_API_VERSIONS } from "../azure-facts";
import { invalidPayload, ServiceError } from "../http/errors";
import type { Services } from "../services";

export type DataSurface = "dated" | "v1";
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;

export function accountOf(s: Services, req: FastifyRequest): string {
  const name = (req.params as { account?: string }).account ?? "local";
  if (!ACCOUNT_NAME.test(name)) throw invalidPayload(`account '${name}' is not a valid account name.`, "account");
  s.accounts.ensure(name);
  return name;
}

/** A request through a project endpoint: the project must be one of the account's (made through ARM). */
export function checkProject(s: Services, req: FastifyRequest): void {
  const project = (req.params as { project: string }).project;
  if (!s.projects.get(accountOf(s, req), project)) {
    throw new ServiceError(
      UNKNOWN_PROJECT.status,
      UNKNOWN_PROJECT.code,
      `${UNKNOWN_PROJECT.message} (project '${project}')`,
    );
  }
}

export function checkApiVersion(surface: DataSurface, req: FastifyRequest): void {
  const v = (req.query as { "api-version"?: string })["api-version"];
  if (surface === "dated") {
    if (v === undefined)
      throw invalidPayload(
        "The api-version query parameter (?api-version=) is required for all requests.",
        "api-version",
      );
    if (!DATED_API_VERSIONS.includes(v)) {
      throw new ServiceError(
        UNSUPPORTED_API_VERSION.status,
        UNSUPPORTED_API_VERSION.code,
        `${UNSUPPORTED_API_VERSION.message} (api-version '${v}' is not supported).`,
      );
    }
  } else if (v !== undefined && !V1_API_VERSIONS.includes(v)) {
    throw invalidPayload(
      `api-version '${v}' is not supported on /openai/v1; use ${V1_API_VERSIONS.join(" or ")}.`,
      "api-version",
    );
  }
}

/** Dated creates answer 201 with a Location (the collection's URL plus the new id); v1 answers 200. */
export function created(surface: DataSurface, req: FastifyRequest, reply: FastifyReply, id: string): FastifyReply {
  if (surface === "v1") return reply.status(200);
  const q = req.url.indexOf("?");
  const collection = q >= 0 ? req.url.slice(0, q) : req.url;
  return reply
    .status(201)
    .header(
      "location",
      `https://${req.headers.host}${collection.replace(/\/$/, "")}/${id}${q >= 0 ? req.url.slice(q) : ""}`,
    );
}
