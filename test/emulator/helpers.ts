// Shared set-up for the emulator tests: a real emulator on port 0 in a temp dir, its CA trusted in-process,
// and the official clients pointed at it with retries off.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { AzureOpenAI, OpenAI } from "openai";
import { createEmulator, type EmulatorOptions } from "../../emulator/index";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
export const RESOURCE_GROUP = "rg-test";
export const BASE_MODEL = "gpt-4.1-mini-2025-04-14";
export const SAMPLE_HYPERPARAMETERS = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 };
const DATASET = path.resolve(__dirname, "../../datasets/clippy");

const trusted = new Set<string>();
export function trustCa(caCertPath: string): void {
  const pem = fs.readFileSync(caCertPath, "utf8");
  if (trusted.has(pem)) return;
  trusted.add(pem);
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), ...trusted]);
}

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "foundry-emulator-test-"));
export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TestEmulator {
  url: string;
  apiKey: string;
  dataDir: string;
  caCert: string;
  dated(apiVersion?: "2025-04-01-preview" | "2024-10-21", account?: string): AzureOpenAI;
  v1(account?: string): OpenAI;
  arm(): CognitiveServicesManagementClient;
  armIdOf(account: string): string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body of the service under test, whose fields each test reads and asserts
  admin(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startEmulator(o: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = o.dataDir ?? tempDir();
  const apiKey = o.apiKey ?? `key-${randomBytes(8).toString("hex")}`;
  const emu = await createEmulator({ timeScale: 0.01, log: () => {}, ...o, dataDir, apiKey });
  trustCa(emu.caCert);
  return clientsFor(emu.url, apiKey, dataDir, emu.caCert, async () => {
    await emu.close();
    if (!o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

export function clientsFor(
  url: string,
  apiKey: string,
  dataDir: string,
  caCert: string,
  close: () => Promise<void>,
): TestEmulator {
  const endpointOf = (account?: string) => (account ? `${url}/accounts/${account}` : url);
  // A static credential that hands the key to the ARM client as its bearer token.
  const credential = { getToken: async () => ({ token: apiKey, expiresOnTimestamp: Date.now() + 3600_000 }) };
  return {
    url,
    apiKey,
    dataDir,
    caCert,
    close,
    dated: (apiVersion = "2025-04-01-preview", account) =>
      new AzureOpenAI({ endpoint: endpointOf(account), apiKey, apiVersion, maxRetries: 0 }),
    v1: (account) => new OpenAI({ baseURL: `${endpointOf(account)}/openai/v1`, apiKey, maxRetries: 0 }),
    arm: () =>
      new CognitiveServicesManagementClient(credential, SUBSCRIPTION, {
        endpoint: url,
        retryOptions: { maxRetries: 0 },
      }),
    armIdOf: (account) =>
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/${account}`,
    admin: async (method, route, body) => {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { "api-key": apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** The sample file's bytes, with a UTF-8 BOM in front (as Azure asks for). */
export function sampleFile(name: "train.jsonl" | "valid.jsonl"): Buffer {
  const raw = fs.readFileSync(path.join(DATASET, name));
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  return raw.subarray(0, 3).equals(bom) ? raw : Buffer.concat([bom, raw]);
}
export function sampleExamples(
  name: "train.jsonl" | "valid.jsonl",
): Array<{ messages: Array<{ role: string; content: string }> }> {
  return sampleFile(name)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}
export function jsonl(examples: unknown[]): Buffer {
  return Buffer.from(examples.map((e) => JSON.stringify(e)).join("\n") + "\n");
}

type FileLike = { id: string; status: string; status_details?: string | null };
type FilesClient<F extends FileLike> = { files: { retrieve(id: string): Promise<F> } };
export async function waitForFile<F extends FileLike>(c: FilesClient<F>, id: string): Promise<F> {
  for (let i = 0; i < 400; i++) {
    const f = await c.files.retrieve(id);
    if (f.status !== "pending" && f.status !== "running") return f;
    await sleep(25);
  }
  throw new Error(`file ${id} was still pending`);
}

type JobsClient = { fineTuning: { jobs: { retrieve(id: string): Promise<{ status: string }> } } };
export async function waitForJob<C extends JobsClient>(
  c: C,
  id: string,
  seen?: Set<string>,
  until = ["succeeded", "failed", "cancelled"],
) {
  for (let i = 0; i < 3000; i++) {
    const j = await c.fineTuning.jobs.retrieve(id);
    seen?.add(j.status);
    if (until.includes(j.status)) return j as Awaited<ReturnType<C["fineTuning"]["jobs"]["retrieve"]>>;
    await sleep(20);
  }
  throw new Error(`job ${id} did not reach ${until.join("/")}`);
}

export async function uploadSample(c: AzureOpenAI | OpenAI, name: "train.jsonl" | "valid.jsonl"): Promise<string> {
  const { toFile } = await import("openai");
  const f = await c.files.create({ file: await toFile(sampleFile(name), name), purpose: "fine-tune" });
  const done = await waitForFile(c, f.id);
  if (done.status !== "processed") throw new Error(`${name}: ${done.status} ${done.status_details}`);
  return f.id;
}

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split("\n");
  return { header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** Waits out the strict service's inference warm-up: chat answers DeploymentNotFound until it has passed. */
export async function untilServing(
  c: { chat: AzureOpenAI["chat"] },
  deployment: string,
  timeoutMs = 30_000,
): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    try {
      await c.chat.completions.create({
        model: deployment,
        messages: [{ role: "user", content: "ping" }],
        max_tokens: 1,
      });
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "DeploymentNotFound") throw e;
      await sleep(10);
    }
  }
  throw new Error(`deployment ${deployment} never served`);
}
