// Errors carry the service's message, never the credentials of the request that failed: whatever prints them
// (util.inspect, JSON, the message or stack Pulumi shows) must not reveal a bearer token or api-key.
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { APIError } from "openai";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { toFoundryError } from "../../foundry/errors";

const TOKEN = "SECRET-TOKEN-7f3a9c";

function renderings(error: Error): string[] {
  return [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), error.message, String(error.stack), String(error)];
}

describe("errors never carry credentials into what gets printed", () => {
  it("an ARM failure (RestError with the bearer header) normalised to a FoundryError", () => {
    const request = createPipelineRequest({ url: "https://127.0.0.1/subscriptions/s", headers: createHttpHeaders({ authorization: `Bearer ${TOKEN}`, "api-key": TOKEN }) });
    const raw = new RestError("Too many requests", { statusCode: 429, request, response: { status: 429, headers: createHttpHeaders({ "retry-after": "1" }), request } });
    const error = toFoundryError(raw);
    expect(error.status).toBe(429);
    for (const text of [...renderings(error), ...renderings(raw)]) expect(text).not.toContain(TOKEN);
  });

  it("a data-plane failure (openai APIError) normalised to a FoundryError", () => {
    const raw = APIError.generate(401, { error: { code: "unauthorized", message: "Access denied" } }, "Access denied", new Headers({ "apim-request-id": "r1" }));
    const error = toFoundryError(raw);
    expect(error.status).toBe(401);
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
  });
});
