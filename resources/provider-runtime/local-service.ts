// The local Foundry service as the embedded default: when a stack targets it and nothing is listening,
// start it (detached, loopback, persistent data dir inside the project) so a plain `pulumi up` or
// `pulumi destroy` needs no manual step. The key is generated once per data dir and never leaves it.
// The port is chosen once per data dir and reused on every restart: deployment endpoints in stack outputs
// name it, and no-op updates never rewrite them.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { trustCaFile } from "../../foundry/tls";
import { engineLog } from "./engine-log";
import { ProviderError } from "./errors";

export interface LocalService {
  url: string;
  caCert: string;
  apiKey: string;
}

const started = new Map<string, Promise<LocalService>>();

/** The local service's key: FOUNDRY_API_KEY if set, else one generated into the data dir (mode 0600). */
function localApiKey(dataDir: string): string {
  if (process.env.FOUNDRY_API_KEY) return process.env.FOUNDRY_API_KEY;
  const file = path.join(dataDir, "api-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

type Probe = "ok" | "unauthorized" | "down";

/** Whether the service recorded in the data dir answers, and whether it takes this key. */
async function probe(info: { url: string; caCert: string }, apiKey: string | undefined): Promise<Probe> {
  try {
    trustCaFile(info.caCert);
    const response = await fetch(`${info.url}/_emulator/health`, {
      headers: apiKey ? { "api-key": apiKey } : {},
      signal: AbortSignal.timeout(3000),
    });
    if (response.status === 401 || response.status === 403) return "unauthorized";
    return response.ok ? "ok" : "down";
  } catch {
    return "down";
  }
}

/** The key to present to a service that is already running: never generates one (it could not match). */
function existingApiKey(dataDir: string): { key?: string; source: string } {
  if (process.env.FOUNDRY_API_KEY) return { key: process.env.FOUNDRY_API_KEY, source: "the key in FOUNDRY_API_KEY" };
  const file = path.join(dataDir, "api-key");
  if (existsSync(file)) return { key: readFileSync(file, "utf8").trim(), source: `the key in ${file}` };
  return { source: `a request without a key (FOUNDRY_API_KEY is unset and ${file} does not exist)` };
}

/** Pure: what to tell a user whose key the running local service refuses. Names the variable, never a key. */
function refusedKeyMessage(url: string, source: string): string {
  return (
    `the local Foundry service at ${url} refused ${source}. Set FOUNDRY_API_KEY to the key the service was started with ` +
    `and run the command again; nothing was changed, and the stack's state is as it was.`
  );
}

function readRunning(dataDir: string): { url: string; caCert: string } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, "emulator.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/** The file keeping the port a data dir's service listens on, across restarts. */
const PORT_FILE = "port";

/** Pure: the port number kept in the port file, or undefined when the text is not one. */
export function parsePortFile(text: string | undefined): number | undefined {
  const port = Number(text?.trim());
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/** Pure: a configured port (foundry-finetune:local.port) wins; else the kept one; else 0 (the system picks). */
export function portToRequest(configured: number, kept: number | undefined): number {
  return configured !== 0 ? configured : (kept ?? 0);
}

/** Pure: what the user sees when the kept port is taken. */
export function portTakenMessage(port: number, dataDir: string): string {
  return (
    `the local Foundry service's port ${port} (kept in ${path.join(dataDir, PORT_FILE)}) is taken by another process, so it starts on a new port. ` +
    `Stack outputs that name https://127.0.0.1:${port} stay stale until their deployments change; free the port and restart the service, ` +
    `or pin one with foundry-finetune:local.port.`
  );
}

function readKeptPort(dataDir: string): number | undefined {
  try {
    return parsePortFile(readFileSync(path.join(dataDir, PORT_FILE), "utf8"));
  } catch {
    return undefined;
  }
}

/** Records the port of the service now answering, for its next start. */
function keepPort(dataDir: string, url: string): void {
  const port = new URL(url).port;
  if (String(readKeptPort(dataDir) ?? "") !== port) writeFileSync(path.join(dataDir, PORT_FILE), `${port}\n`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probeServer = createServer();
    probeServer.once("error", () => resolve(false));
    probeServer.listen(port, "127.0.0.1", () => probeServer.close(() => resolve(true)));
  });
}

/** Inside a provider the warning goes to the Pulumi log (its engine address is argv[2]); elsewhere to stderr. */
function warn(message: string): Promise<void> {
  if (/^[\w.-]+:\d+$/.test(process.argv[2] ?? "")) return engineLog("warning", message);
  process.stderr.write(`warning: ${message}\n`);
  return Promise.resolve();
}

async function choosePort(dataDir: string, configured: number): Promise<number> {
  const port = portToRequest(configured, readKeptPort(dataDir));
  if (port === 0 || configured !== 0 || (await portIsFree(port))) return port;
  await warn(portTakenMessage(port, dataDir));
  return 0;
}

/**
 * Node flags the service runs with, measured on the Uploads API bench (docs/benchmarks.md, Uploads API):
 * - semi-spaces (the young generation's halves) of at most 2 MB. With the ones Node sizes from a large machine's
 *   memory (64 MB on a 24 GB one), V8 kept a major collection running through a whole upload, as it starts one
 *   whenever the old generation's headroom is smaller than the young generation.
 * - no incremental marking. An upload's 16 kB records are external memory until a scavenge frees them, so that
 *   memory swings by 10-15 MB between scavenges; incremental marking starts on the global limit that counts it,
 *   and in about half of the runs a heap near its limit fell into back-to-back major collections (60-70 per GB,
 *   5.3 s of service CPU per GB against 2.2-2.7). Without it a major collection runs only at the hard limit: 2-4
 *   per GB in every traced run. The heap is small (about 20 MB), so a full collection is a pause of a few milliseconds.
 */
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=2", "--no-incremental-marking"];

/**
 * How to run the service (the arguments after node's path), which ships with this package (not necessarily the
 * program's folder): from source through tsx in a checkout, or the built `emulator/main.js` beside this module
 * in the installed package. tsx hands the flags before the script on to the node process that runs it.
 */
export function serviceEntry(): string[] {
  const root = path.resolve(__dirname, "..", "..");
  if (!__filename.endsWith(".ts")) return [...SERVICE_NODE_FLAGS, path.join(root, "emulator", "main.js")];
  return [require.resolve("tsx/cli", { paths: [root] }), ...SERVICE_NODE_FLAGS, path.join(root, "emulator", "main.ts")];
}

async function start(projectDir: string, dataDir: string, configuredPort: number): Promise<LocalService> {
  const running = readRunning(dataDir);
  if (running) {
    const existing = existingApiKey(dataDir);
    const state = await probe(running, existing.key);
    if (state === "ok") {
      keepPort(dataDir, running.url); // also a service started by hand (npm run emulator -- --port N)
      return { ...running, apiKey: existing.key! };
    }
    // A service that answers but refuses the key must not be replaced by a second one on the same data dir.
    if (state === "unauthorized") throw new ProviderError(refusedKeyMessage(running.url, existing.source));
  }
  const apiKey = localApiKey(dataDir);
  const port = await choosePort(dataDir, configuredPort);

  const log = openSync(path.join(dataDir, "emulator.log"), "a");
  const child = spawn(process.execPath, [...serviceEntry(), "--data-dir", dataDir, "--port", String(port)], {
    cwd: projectDir,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, FOUNDRY_API_KEY: apiKey },
  });
  child.unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const info = readRunning(dataDir);
    if (info && (await probe(info, apiKey)) === "ok") {
      keepPort(dataDir, info.url);
      return { ...info, apiKey };
    }
    if (child.exitCode !== null) break;
  }
  throw new Error(
    `the local Foundry service did not start; see ${path.relative(projectDir, path.join(dataDir, "emulator.log"))}`,
  );
}

/** Finds the running local service for this data dir, or starts it; one start per process. */
export function ensureLocalService(projectDir: string, relativeDataDir: string, port = 0): Promise<LocalService> {
  const dataDir = path.resolve(projectDir, relativeDataDir);
  mkdirSync(dataDir, { recursive: true });
  let pending = started.get(dataDir);
  if (!pending) {
    pending = start(projectDir, dataDir, port).catch((error) => {
      started.delete(dataDir);
      throw error;
    });
    started.set(dataDir, pending);
  }
  return pending;
}
