// Errors carry the service's message, never the credentials of the request that failed: whatever prints them
// (util.inspect, JSON, the message or stack Pulumi shows) must not reveal a bearer token or api-key.

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toFoundryError } from "../../foundry/errors";
import { connect } from "../../foundry/index";

const TOKEN = "SECRET-TOKEN-7f3a9c";

function renderings(error: Error): string[] {
  return [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    error.message,
    String(error.stack),
    String(error),
  ];
}

describe("errors never carry credentials into what gets printed", () => {
  it("an ARM failure (RestError with the bearer header) normalised to a FoundryError", () => {
    const request = createPipelineRequest({
      url: "https://127.0.0.1/subscriptions/s",
      headers: createHttpHeaders({ authorization: `Bearer ${TOKEN}`, "api-key": TOKEN }),
    });
    const raw = new RestError("Too many requests", {
      statusCode: 429,
      request,
      response: { status: 429, headers: createHttpHeaders({ "retry-after": "1" }), request },
    });
    const error = toFoundryError(raw);
    expect(error.status).toBe(429);
    for (const text of [...renderings(error), ...renderings(raw)]) expect(text).not.toContain(TOKEN);
  });

  // Through the real data-plane client and a real socket, so the failing request did carry the key: the errors
  // are what the SDK builds from it (the server checks the key arrived, or the test would prove nothing). The ARM
  // case above already holds the token in the raw error's request.
  describe("over a real socket", () => {
    let server: Server;
    let seen: IncomingHttpHeaders[];
    let answer: "401" | "drop";
    beforeEach(async () => {
      seen = [];
      server = createServer((req, res) => {
        seen.push(req.headers);
        if (answer === "drop") return void req.socket.destroy();
        res.writeHead(401, { "content-type": "application/json", "apim-request-id": "r1" });
        res.end(JSON.stringify({ error: { code: "unauthorized", message: "Access denied" } }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const clients = () => {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return connect(
        {
          kind: "local",
          endpoint,
          armEndpoint: endpoint,
          subscriptionId: "s",
          resourceGroup: "rg",
          accountName: "dev",
        },
        { apiKey: TOKEN, maxRetries: 0 },
      );
    };

    it("a data-plane failure (openai APIError, 401) normalised to a FoundryError", async () => {
      answer = "401";
      const error = (await clients()
        .data.getJob("ftjob-1")
        .catch((e: unknown) => e)) as Error;
      expect(seen.map((h) => h["api-key"])).toEqual([TOKEN]);
      expect(error).toMatchObject({ name: "FoundryError", status: 401, message: "Access denied" });
      for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
    });

    it("a data-plane connection dropped mid-request", async () => {
      answer = "drop";
      const error = (await clients()
        .data.getJob("ftjob-1")
        .catch((e: unknown) => e)) as Error;
      expect(seen.map((h) => h["api-key"])).toEqual([TOKEN]);
      expect(error).toMatchObject({ name: "FoundryError" });
      expect((error as { status?: number }).status).toBeUndefined();
      for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
    });
  });
});
