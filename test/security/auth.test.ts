// Every route of the local service refuses a request without the key or with a wrong one (api-key header or
// bearer token), enumerated from the app's own route table. The right key gets past auth on every route.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../emulator";
import { concretePath, emulatorRoutes, parseRouteTree, type Route } from "./route-table";

function send(
  emulator: Emulator,
  method: string,
  route: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const separator = route.includes("?") ? "&" : "?";
  const url = `${emulator.url}${route}${route.startsWith("/subscriptions/") ? `${separator}api-version=2024-10-01` : route.startsWith("/_emulator") ? "" : `${separator}api-version=2025-04-01-preview`}`;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method,
        ca: readFileSync(emulator.caCert, "utf8"),
        headers: {
          ...headers,
          ...(["POST", "PUT", "PATCH"].includes(method) ? { "content-type": "application/json" } : {}),
        },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end(["POST", "PUT", "PATCH"].includes(method) ? "{}" : undefined);
  });
}

describe("the route table", () => {
  it("parses nested routes with their full paths", () => {
    const tree = [
      "├── /openai/files (POST, GET)",
      "│   └── /:fileId (GET, DELETE)",
      "│       └── /content (GET)",
      "└── /_emulator/health (GET)",
    ].join("\n");
    expect(parseRouteTree(tree)).toEqual([
      { method: "POST", path: "/openai/files" },
      { method: "GET", path: "/openai/files" },
      { method: "GET", path: "/openai/files/:fileId" },
      { method: "DELETE", path: "/openai/files/:fileId" },
      { method: "GET", path: "/openai/files/:fileId/content" },
      { method: "GET", path: "/_emulator/health" },
    ]);
  });
});

describe("every route of the local service requires the key", () => {
  let emulator: Emulator;
  let dataDir: string;
  let routes: Route[];
  const apiKey = `right-${randomBytes(16).toString("hex")}`;

  beforeAll(async () => {
    routes = await emulatorRoutes();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-auth-"));
    emulator = await createEmulator({ dataDir, apiKey, timeScale: 0.01, log: () => undefined });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds the data plane (dated and v1, default and named accounts), ARM and the admin routes", () => {
    const paths = new Set(routes.map((r) => r.path));
    expect(routes.length).toBeGreaterThan(60);
    for (const p of [
      "/openai/files",
      "/openai/v1/fine_tuning/jobs/:jobId/cancel",
      "/accounts/:account/openai/deployments/:deployment/chat/completions",
      "/_emulator/faults",
    ])
      expect(paths).toContain(p);
    expect([...paths].some((p) => p.startsWith("/subscriptions/"))).toBe(true);
  });

  const wrong = {
    "no credentials": {},
    "a wrong api-key": { "api-key": "wrong-key" },
    "an empty api-key": { "api-key": "" },
    "the key with a suffix": { "api-key": "SUFFIXED" },
    "a wrong bearer token": { authorization: "Bearer wrong-token" },
    "a bearer scheme without a token": { authorization: "Bearer " },
    "the key in another header": { "x-api-key": "RIGHT", "ocp-apim-subscription-key": "RIGHT" },
    "the key as basic auth": { authorization: "Basic RIGHT" },
  } as const;

  for (const [label, headers] of Object.entries(wrong)) {
    it(`refuses ${label} on every route with 401 and the service's error envelope`, async () => {
      const fill = (h: Record<string, string>) =>
        Object.fromEntries(
          Object.entries(h).map(([k, v]) => [k, v === "RIGHT" ? apiKey : v === "SUFFIXED" ? `${apiKey}x` : v]),
        );
      const answers = await Promise.all(
        routes.map(async (r) => ({
          route: `${r.method} ${r.path}`,
          ...(await send(emulator, r.method, concretePath(r.path), fill(headers))),
        })),
      );
      expect(answers.filter((a) => a.status !== 401).map((a) => `${a.route} -> ${a.status}`)).toEqual([]);
      for (const a of answers.filter((x) => x.route.split(" ")[0] !== "HEAD")) {
        expect(JSON.parse(a.body).error.message).toMatch(/Access denied/);
        expect(a.body).not.toContain(apiKey);
      }
    });
  }

  it("the right key (api-key or bearer) gets past auth on every route", async () => {
    const answers = await Promise.all(
      routes.flatMap((r, i) => {
        // Admin writes change the service (faults, time scale): leave those to their own tests.
        if (r.path.startsWith("/_emulator/") && r.method !== "GET" && r.method !== "HEAD") return [];
        const headers: Record<string, string> =
          i % 2 === 0 ? { "api-key": apiKey } : { authorization: `Bearer ${apiKey}` };
        return [
          send(emulator, r.method, concretePath(r.path), headers).then((a) => ({
            route: `${r.method} ${r.path}`,
            status: a.status,
          })),
        ];
      }),
    );
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.status === 401 || a.status === 403)).toEqual([]);
  });
});
