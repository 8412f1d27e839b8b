// The local service's route table, read from the app itself (Fastify's printRoutes), so the auth test covers
// every route that exists, including ones added later, rather than a hand-picked few.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../../emulator/app";
import { createServices } from "../../emulator/services";

export interface Route {
  method: string;
  path: string;
}

/** Pure: parses `printRoutes({ commonPrefix: false })` output into method + full path pairs. */
export function parseRouteTree(tree: string): Route[] {
  const routes: Route[] = [];
  const parents: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const full = (depth > 0 ? parents[depth - 1]! : "") + m[2]!;
    parents[depth] = full;
    parents.length = depth + 1;
    for (const method of m[3]!.split(",").map((s) => s.trim())) routes.push({ method, path: full });
  }
  return routes;
}

export async function emulatorRoutes(): Promise<Route[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-routes-"));
  const services = createServices({ dataDir, timeScale: 0.01, log: () => undefined });
  try {
    const app = await buildApp(services, { apiKey: "unused", maxUploadBytes: 1024, log: () => undefined });
    await app.ready();
    const routes = parseRouteTree(app.printRoutes({ commonPrefix: false }));
    await app.close();
    return routes;
  } finally {
    services.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const SAMPLE_PARAMS: Record<string, string> = {
  account: "acct1",
  fileId: `file-${"0".repeat(32)}`,
  jobId: `ftjob-${"0".repeat(32)}`,
  modelId: "gpt-4.1-mini-2025-04-14",
  deployment: "dep1",
  project: "proj1",
  subscription: "sub1",
  resourceGroup: "rg1",
  location: "eastus",
  operationId: "0".repeat(32),
  uploadId: `upload-${"0".repeat(32)}`,
};

/** A concrete URL path for a route pattern (every `:param` filled with a plausible value). */
export function concretePath(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = SAMPLE_PARAMS[name];
    if (value === undefined) throw new Error(`no sample value for route parameter :${name} (add one to SAMPLE_PARAMS)`);
    return value;
  });
}
