// File names never become paths, ids in URLs cannot climb out of the data dir, uploads and JSON bodies are
// bounded, config paths stay inside the project, and the local service listens on loopback unless told.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../emulator";
import { ConfigError, parseStackConfig } from "../../program/config";
import { ensureLocalService } from "../../resources/provider-runtime/local-service";

const DATED = "api-version=2025-04-01-preview";

function request(
  emulator: Emulator,
  apiKey: string,
  method: string,
  route: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emulator.url}${route}`,
      { method, ca: readFileSync(emulator.caCert, "utf8"), headers: { "api-key": apiKey, ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("latin1")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function multipart(filename: string, content: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----b${randomBytes(8).toString("hex")}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    body,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length) },
  };
}

const LINE = JSON.stringify({
  messages: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "hello" },
  ],
});

describe("the local service: names, ids and sizes", () => {
  let emulator: Emulator;
  let scratch: string;
  let dataDir: string;
  const apiKey = `k-${randomBytes(12).toString("hex")}`;
  const MAX_UPLOAD = 4096;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-sec-"));
    dataDir = path.join(scratch, "deep", "data");
    emulator = await createEmulator({
      dataDir,
      apiKey,
      timeScale: 0.01,
      maxUploadBytes: MAX_UPLOAD,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("an upload's file name is data, never a path: nothing is written outside the data dir", async () => {
    const absolute = path.join(os.tmpdir(), `evil-abs-${randomBytes(4).toString("hex")}.jsonl`);
    const names = [
      "../../../evil.jsonl",
      "..\\..\\evil.jsonl",
      absolute,
      "files/../../evil.jsonl",
      "%2e%2e%2fevil.jsonl",
    ];
    for (const name of names) {
      const { body, headers } = multipart(name, Buffer.from(`${LINE}\n`));
      const answer = await request(emulator, apiKey, "POST", `/openai/files?${DATED}`, body, headers);
      expect(answer.status).toBe(201);
      const file = JSON.parse(answer.body) as { id: string; filename: string };
      expect(file.id).toMatch(/^file-[0-9a-f]{32}$/);
      expect(readdirSync(path.join(dataDir, "files"))).toContain(file.id);
    }
    expect(existsSync(path.join(scratch, "evil.jsonl"))).toBe(false);
    expect(existsSync(path.join(scratch, "deep", "evil.jsonl"))).toBe(false);
    expect(existsSync(absolute)).toBe(false);
    expect(readdirSync(scratch)).toEqual(["deep"]);
  });

  it("ids in URLs cannot reach other files of the data dir", async () => {
    const attempts = [
      `/openai/files/..%2Femulator.db/content`,
      `/openai/files/..%2F..%2Fdata%2Femulator.db/content`,
      `/openai/files/%2e%2e%2femulator.db/content`,
      `/openai/files/..%5Cemulator.db/content`,
      `/openai/files/file-${"0".repeat(32)}%2F..%2F..%2Femulator.db/content`,
      `/openai/fine_tuning/jobs/..%2F..%2Femulator.db/checkpoints`,
      `/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/deployments/..%2F..%2Fx?api-version=2024-10-01`,
    ];
    for (const route of attempts) {
      const answer = await request(emulator, apiKey, "GET", route.includes("?") ? route : `${route}?${DATED}`);
      expect(answer.status, route).toBeGreaterThanOrEqual(400);
      expect(answer.status, route).toBeLessThan(500);
      expect(answer.body).not.toContain("SQLite format");
    }
  });

  it("refuses an upload over the limit with 413, and keeps nothing of it", async () => {
    const before = (
      JSON.parse((await request(emulator, apiKey, "GET", `/openai/files?${DATED}`)).body) as { data: unknown[] }
    ).data.length;
    const big = Buffer.from(`${LINE}\n`.repeat(Math.ceil((MAX_UPLOAD * 2) / (LINE.length + 1))));
    const { body, headers } = multipart("big.jsonl", big);
    const answer = await request(emulator, apiKey, "POST", `/openai/files?${DATED}`, body, headers);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/larger than the limit of 4096 bytes/);
    const after = (
      JSON.parse((await request(emulator, apiKey, "GET", `/openai/files?${DATED}`)).body) as { data: unknown[] }
    ).data.length;
    expect(after).toBe(before);
    expect(readdirSync(path.join(dataDir, "tmp"))).toEqual([]);
  });

  it("refuses a JSON body over 16 MiB with 413", async () => {
    const body = Buffer.from(
      JSON.stringify({ model: "gpt-4.1-mini-2025-04-14", training_file: "x", suffix: "a".repeat(17 * 1024 * 1024) }),
    );
    const answer = await request(emulator, apiKey, "POST", `/openai/fine_tuning/jobs?${DATED}`, body, {
      "content-type": "application/json",
    });
    expect(answer.status).toBe(413);
  });
});

describe("config paths stay inside the project", () => {
  const withTrainingFile = (trainingFile: string) => ({
    account: { name: "dev" },
    models: { m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile } },
  });
  for (const p of [
    "../outside.jsonl",
    "datasets/../../outside.jsonl",
    "/etc/outside.jsonl",
    "..\\outside.jsonl",
    "datasets\\..\\..\\x.jsonl",
  ]) {
    it(`rejects trainingFile ${JSON.stringify(p)} naming the key`, () => {
      const error = (() => {
        try {
          parseStackConfig(withTrainingFile(p), "Pulumi.dev.yaml");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(
        /foundry-finetune:models\.m\.trainingFile: must be a path inside the project/,
      );
    });
  }
});

describe("loopback binding", () => {
  const nonLoopback = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address;

  it("createEmulator listens on 127.0.0.1 by default and is not reachable on other interfaces", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-sec-bind-"));
    const emulator = await createEmulator({ dataDir, apiKey: "k", timeScale: 0.01, log: () => undefined });
    try {
      const url = new URL(emulator.url);
      expect(url.hostname).toBe("127.0.0.1");
      if (nonLoopback) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = net.connect({ host: nonLoopback, port: Number(url.port) });
          socket.once("connect", () => (socket.destroy(), resolve(true)));
          socket.once("error", () => resolve(false));
        });
        expect(reached).toBe(false);
      }
    } finally {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("binds another address only when told (host option)", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-sec-bind-"));
    const emulator = await createEmulator({
      dataDir,
      apiKey: "k",
      host: "0.0.0.0",
      timeScale: 0.01,
      log: () => undefined,
    });
    try {
      if (nonLoopback) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = net.connect({ host: nonLoopback, port: Number(new URL(emulator.url).port) });
          socket.once("connect", () => (socket.destroy(), resolve(true)));
          socket.once("error", () => resolve(false));
        });
        expect(reached).toBe(true);
      }
    } finally {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("the service the program starts by itself (embedded default) listens on loopback", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-sec-spawn-"));
    const saved = process.env.FOUNDRY_API_KEY;
    delete process.env.FOUNDRY_API_KEY;
    let pid: number | undefined;
    try {
      const service = await ensureLocalService(process.cwd(), dataDir);
      pid = (JSON.parse(readFileSync(path.join(dataDir, "emulator.json"), "utf8")) as { pid: number }).pid;
      expect(new URL(service.url).hostname).toBe("127.0.0.1");
      // Its generated key is private to the user.
      expect(readFileSync(path.join(dataDir, "api-key"), "utf8").trim()).toBe(service.apiKey);
      expect((await import("node:fs")).statSync(path.join(dataDir, "api-key")).mode & 0o077).toBe(0);
    } finally {
      if (saved !== undefined) process.env.FOUNDRY_API_KEY = saved;
      if (pid) process.kill(pid, "SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 500));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
