// One error shape for both SDKs, carrying the service's own message, so callers and logs never
// need to know which library failed.
// The error classes alone: the client (openai/index) takes about a second to load, and a control-plane call
// (the deployment GET of every preview) needs none of it. They are the same classes openai re-exports.
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai/core/error";
import { classify, type FailureFacts, retryAfterFromHeaders } from "./retry-policy";

export class FoundryError extends Error implements FailureFacts {
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;

  constructor(facts: {
    message: string;
    status?: number;
    code?: string;
    requestId?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(facts.message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = "FoundryError";
    if (facts.status !== undefined) this.status = facts.status;
    if (facts.code !== undefined) this.code = facts.code;
    if (facts.requestId !== undefined) this.requestId = facts.requestId;
    if (facts.retryAfterMs !== undefined) this.retryAfterMs = facts.retryAfterMs;
    this.retryable = classify(facts) === "retry";
  }

  /** "404 notFound: File not found (request abc)" - status and code first, for logs. */
  describe(): string {
    const head = [this.status, this.code].filter((part) => part !== undefined).join(" ");
    const tail = this.requestId ? ` (request ${this.requestId})` : "";
    return `${head ? `${head}: ` : ""}${this.message}${tail}`;
  }
}

/** Normalises anything thrown by openai, the Azure SDK, fetch or node:net into a FoundryError. */
export function toFoundryError(error: unknown): FoundryError {
  if (error instanceof FoundryError) return error;
  if (error instanceof APIUserAbortError)
    return new FoundryError({ message: error.message, code: "ABORTED", cause: error });
  if (error instanceof APIConnectionTimeoutError)
    return new FoundryError({ message: error.message, code: "TIMEOUT", cause: error });
  if (error instanceof APIError) return fromOpenAIError(error);
  if (isRestError(error)) return fromRestError(error);
  const lro = error instanceof Error ? LRO_FAILURE.exec(error.message) : null;
  if (lro?.[1] && lro[2]) return new FoundryError({ message: lro[2], code: lro[1], cause: error });
  if (error instanceof Error) {
    return new FoundryError({ message: error.message, ...optional("code", causeCode(error)), cause: error });
  }
  return new FoundryError({ message: String(error) });
}

/** How @azure/core-lro reports an operation that ended in Failed: "...has failed. <code>. <message>". */
const LRO_FAILURE = /^The long-running operation has failed\. ([A-Za-z0-9_.]+)\. ([\s\S]+)$/;

/** Awaits `promise`; a 404 becomes `undefined`, anything else is rethrown normalised. */
export async function undefinedIfNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    const normalised = toFoundryError(error);
    if (normalised.status === 404) return undefined;
    throw normalised;
  }
}

function fromOpenAIError(error: APIError): FoundryError {
  if (error.status === undefined) {
    // APIConnectionError: no response; the reason is in the cause chain (ECONNRESET, "other side closed"...).
    const code = causeCode(error) ?? "CONNECTION_ERROR";
    return new FoundryError({ message: `${error.message}${causeMessage(error)}`, code, cause: error });
  }
  const body = error.error as { message?: unknown; code?: unknown } | undefined;
  const serviceMessage = typeof body?.message === "string" ? body.message : error.message;
  const headers = error.headers;
  return new FoundryError({
    message: serviceMessage,
    status: error.status,
    ...optional("code", typeof body?.code === "string" ? body.code : (error.code ?? undefined)),
    ...optional(
      "requestId",
      headers?.get("apim-request-id") ?? headers?.get("x-request-id") ?? headers?.get("x-ms-request-id") ?? undefined,
    ),
    ...optional("retryAfterMs", headers ? retryAfterFromHeaders((name) => headers.get(name)) : undefined),
    cause: error,
  });
}

interface RestErrorLike extends Error {
  statusCode?: number;
  code?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === "RestError";
}

function fromRestError(error: RestErrorLike): FoundryError {
  const headers = error.response?.headers;
  return new FoundryError({
    message: error.message,
    ...optional("status", error.statusCode),
    ...optional("code", error.code ?? causeCode(error)),
    ...optional("requestId", headers?.get("x-ms-request-id") ?? headers?.get("apim-request-id")),
    ...optional("retryAfterMs", headers ? retryAfterFromHeaders((name) => headers.get(name)) : undefined),
    cause: error,
  });
}

/** The first system error code (ECONNRESET, UND_ERR_SOCKET...) along the cause chain. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeMessage(error: Error): string {
  const messages: string[] = [];
  let current: unknown = error.cause;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages.length > 0 ? ` (${messages.join(": ")})` : "";
}

function optional<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]: V });
}
