// Errors in the service's own wire formats. Domain code throws ServiceError; the app's error handler renders it
// in the envelope of the surface the request came in on (dated data plane, v1 data plane, or ARM).
import { DATA_PLANE_STATUS } from "../azure-facts";

export type Surface = "dated" | "v1" | "arm" | "admin";

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A data-plane error whose HTTP status follows the code (see azure-facts). */
export function dataPlaneError(code: string, message: string, param: string | null = null): ServiceError {
  return new ServiceError(DATA_PLANE_STATUS[code] ?? 400, code, message, param);
}
export const invalidPayload = (message: string, param: string | null = null) =>
  dataPlaneError("invalidPayload", message, param);
export const notFound = (what: string, id: string) => dataPlaneError("notFound", `The ${what} '${id}' does not exist.`);

export function armError(status: number, code: string, message: string): ServiceError {
  return new ServiceError(status, code, message);
}

export function surfaceOf(path: string): Surface {
  if (path.startsWith("/subscriptions/")) return "arm";
  if (path.startsWith("/_emulator/")) return "admin";
  return /\/openai\/v1(\/|$)/.test(path) ? "v1" : "dated";
}

export function renderError(surface: Surface, e: ServiceError): object {
  switch (surface) {
    case "v1":
      return { error: { code: e.code, message: e.message, param: e.param, type: "error", inner_error: null } };
    case "dated":
      return { error: { code: e.code, message: e.message, ...(e.param ? { target: e.param } : {}) } };
    default:
      return { error: { code: e.code, message: e.message } };
  }
}
