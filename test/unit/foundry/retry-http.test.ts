// The retry loop against a real HTTP server that misbehaves on purpose, through the real openai client.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../../../foundry/index";
import type { FoundryTarget } from "../../../foundry/target";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let seen: { method: string; url: string; body: string }[];
let script: Handler[];
let fallback: Handler;

const job = (id: string, metadata: Record<string, string> = {}) => ({
  id,
  object: "fine_tuning.job",
  status: "pending",
  model: "gpt-4.1-mini-2025-04-14",
  created_at: 1,
  metadata,
});
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const drop: Handler = (req) => req.socket.destroy();

beforeEach(async () => {
  seen = [];
  script = [];
  fallback = (_req, res) => json(res, 500, { error: { code: "internalFailure", message: "unscripted" } });
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", body });
      (script.shift() ?? fallback)(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function clients(sleeps: number[] = []) {
  const { port } = server.address() as AddressInfo;
  const target: FoundryTarget = {
    kind: "local",
    endpoint: `http://127.0.0.1:${port}`,
    armEndpoint: `http://127.0.0.1:${port}`,
    subscriptionId: "sub",
    resourceGroup: "rg",
    accountName: "dev",
  };
  return connect(target, {
    apiKey: "test-key",
    maxRetries: 4,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
  });
}

describe("retries over a real socket", () => {
  it("retries 429 (honouring Retry-After), 503 and a dropped connection, then succeeds", async () => {
    script = [
      (_req, res) =>
        json(res, 429, { error: { code: "tooManyRequests", message: "slow down" } }, { "retry-after": "2" }),
      (_req, res) => json(res, 503, { error: { code: "serviceUnavailable", message: "busy" } }),
      drop,
      (_req, res) => json(res, 200, job("ftjob-1")),
    ];
    const sleeps: number[] = [];
    const found = await clients(sleeps).data.getJob("ftjob-1");
    expect(found?.id).toBe("ftjob-1");
    expect(seen.map((r) => r.method)).toEqual(["GET", "GET", "GET", "GET"]);
    expect(seen[3]?.url).toBe("/openai/fine_tuning/jobs/ftjob-1?api-version=2025-04-01-preview");
    expect(sleeps[0]).toBe(2_000); // the server's Retry-After, not the backoff
    expect(sleeps).toHaveLength(3);
  });

  it("does not retry a 400 and keeps the service's message and code", async () => {
    script = [
      (_req, res) =>
        json(
          res,
          400,
          { error: { code: "invalidPayload", message: "The suffix is too long." } },
          { "apim-request-id": "req-9" },
        ),
    ];
    const error = await clients()
      .data.createJob({ model: "gpt-4.1-mini-2025-04-14", training_file: "file-1", suffix: "x".repeat(50) })
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({
      name: "FoundryError",
      status: 400,
      code: "invalidPayload",
      message: "The suffix is too long.",
      requestId: "req-9",
      retryable: false,
    });
  });

  it("gives up after maxRetries on a service that stays down", async () => {
    fallback = (_req, res) => json(res, 503, { error: { code: "serviceUnavailable", message: "still busy" } });
    const error = await clients()
      .data.getFile("file-1")
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(5);
    expect(error).toMatchObject({ status: 503, message: "still busy" });
  });

  it("adopts a job whose create was accepted but whose answer was lost, instead of creating a second", async () => {
    const fingerprint = {
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-1",
      validation_file: null,
      suffix: null,
      seed: null,
    };
    const tag = { key: "pulumi-identity", value: "abc123", fingerprint };
    script = [
      drop, // the service stored the job, then the connection died before the answer
      (_req, res) =>
        json(res, 200, {
          object: "list",
          data: [job("ftjob-other"), job("ftjob-kept", { [tag.key]: tag.value })],
          has_more: false,
        }),
    ];
    const adopted = await clients().data.createJob(
      { model: "gpt-4.1-mini-2025-04-14", training_file: "file-1", metadata: { [tag.key]: tag.value } },
      { identity: tag },
    );
    expect(adopted.id).toBe("ftjob-kept");
    expect(seen.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("adopts by fingerprint when the surface dropped the metadata (the dated spec has none)", async () => {
    const fingerprint = {
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-1",
      validation_file: null,
      suffix: "s",
      seed: 5,
    };
    const bare = (id: string, over: Record<string, unknown>) => ({
      ...job(id),
      metadata: null,
      training_file: "file-1",
      validation_file: null,
      suffix: "s",
      seed: 5,
      ...over,
    });
    script = [
      drop,
      (_req, res) =>
        json(res, 200, {
          object: "list",
          has_more: false,
          data: [
            bare("ftjob-other-seed", { seed: 6, created_at: 30 }),
            bare("ftjob-tagged-elsewhere", { metadata: { "pulumi-identity": "zzz" }, created_at: 20 }),
            bare("ftjob-mine", { created_at: 10 }),
            bare("ftjob-older", { created_at: 1 }),
          ],
        }),
    ];
    const adopted = await clients().data.createJob(
      {
        model: fingerprint.model,
        training_file: "file-1",
        suffix: "s",
        seed: 5,
        metadata: { "pulumi-identity": "abc123" },
      },
      { identity: { key: "pulumi-identity", value: "abc123", fingerprint, createdAfter: 5 } },
    );
    expect(adopted.id).toBe("ftjob-mine");
    expect(seen.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("404 on get means absent, not an error", async () => {
    script = [(_req, res) => json(res, 404, { error: { code: "notFound", message: "File not found" } })];
    expect(await clients().data.getFile("file-gone")).toBeUndefined();
    expect(seen).toHaveLength(1);
  });
});
