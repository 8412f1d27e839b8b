// A local target over real HTTPS with a self-signed CA: proves foundry/tls.ts trusts it in-process, that the
// Azure pipeline sends the key as a bearer token to the local ARM routes, and that ARM calls retry on a socket.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../../foundry/index";
import type { FoundryTarget } from "../../../foundry/target";
import { trustCaCertificate } from "../../../foundry/tls";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let dir: string;
let server: Server;
let target: FoundryTarget;
let caPem: string;
const seen: { method: string; url: string; authorization?: string; apiKey?: string }[] = [];
const script: Handler[] = [];
const deploymentPath =
  "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/dev/deployments/clippy";
const deployment = {
  id: deploymentPath,
  name: "clippy",
  sku: { name: "Standard", capacity: 1 },
  properties: { provisioningState: "Succeeded", model: { format: "OpenAI", name: "m.ft-1", version: "1" } },
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "foundry-https-"));
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    algorithm: "sha256",
    keySize: 2048,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  caPem = pems.cert;
  await writeFile(join(dir, "ca.pem"), pems.cert);
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(req.headers["api-key"] ? { apiKey: String(req.headers["api-key"]) } : {}),
      });
      const next = script.shift();
      if (next) return next(req, res);
      json(res, 200, deployment);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  target = {
    kind: "local",
    endpoint: `https://127.0.0.1:${port}/accounts/dev`,
    armEndpoint: `https://127.0.0.1:${port}`,
    subscriptionId: "sub",
    resourceGroup: "rg",
    accountName: "dev",
    caCertPath: join(dir, "ca.pem"),
  };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe("local target over HTTPS", () => {
  it("trusts the CA once, however often it is added", () => {
    connect(target, { apiKey: "k" });
    const count = tls.getCACertificates("default").length;
    connect(target, { apiKey: "k" });
    trustCaCertificate(caPem.replace(/\n/g, "\r\n"));
    expect(tls.getCACertificates("default").length).toBe(count);
    expect(tls.getCACertificates("default").some((cert) => cert.trim() === caPem.trim())).toBe(true);
  });

  it("data plane: api-key header under <endpoint>/openai over TLS", async () => {
    seen.length = 0;
    script.push((_req, res) =>
      json(res, 200, {
        id: "file-1",
        object: "file",
        status: "processed",
        filename: "t.jsonl",
        purpose: "fine-tune",
        bytes: 1,
        created_at: 1,
      }),
    );
    const { data } = connect(target, { apiKey: "local-key" });
    expect((await data.getFile("file-1"))?.status).toBe("processed");
    expect(seen[0]).toEqual({
      method: "GET",
      url: "/accounts/dev/openai/files/file-1?api-version=2025-04-01-preview",
      apiKey: "local-key",
    });
  });

  it("control plane: the key as a bearer token; 409 RequestConflict and a dropped connection are retried", async () => {
    seen.length = 0;
    const sleeps: number[] = [];
    const notFound = (_req: unknown, res: ServerResponse) =>
      json(res, 404, { error: { code: "DeploymentNotFound", message: "not found" } });
    script.push(
      (_req, res) =>
        json(
          res,
          409,
          {
            error: { code: "RequestConflict", message: "Another operation is being performed on the parent resource." },
          },
          { "retry-after": "3" },
        ),
      notFound, // after a failed write the client looks before writing again: not there, so it writes again
      (req) => req.socket.destroy(),
    );
    const { control } = connect(target, {
      apiKey: "local-key",
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    });
    const state = await control.createOrUpdateDeployment("clippy", {
      model: { name: "m.ft-1" },
      sku: { name: "Standard", capacity: 1 },
    });
    expect(state).toMatchObject({ name: "clippy", provisioningState: "Succeeded" });
    // The dropped PUT may have landed: the client finds the deployment as wanted and does not write a third time.
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT ${deploymentPath}?api-version=2024-10-01`,
      `GET ${deploymentPath}?api-version=2024-10-01`,
      `PUT ${deploymentPath}?api-version=2024-10-01`,
      `GET ${deploymentPath}?api-version=2024-10-01`,
    ]);
    expect(seen.every((r) => r.authorization === "Bearer local-key" && r.apiKey === undefined)).toBe(true);
    expect(sleeps[0]).toBe(3_000);
  });

  it("refuses a server whose certificate is not trusted", async () => {
    const { data } = connect(
      { ...target, caCertPath: undefined, endpoint: target.endpoint.replace("127.0.0.1", "localhost") },
      { apiKey: "k", maxRetries: 0 },
    );
    // The certificate names 127.0.0.1 only, so "localhost" fails verification even though the CA is trusted.
    const error = await data.getFile("file-1").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FoundryError", code: "ERR_TLS_CERT_ALTNAME_INVALID", retryable: false });
  });
});
