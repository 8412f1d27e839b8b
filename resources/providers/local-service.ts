// The local Foundry service as the embedded default: when a stack targets it and nothing is listening,
// start it (detached, loopback, persistent data dir inside the project) so a plain `pulumi up` or
// `pulumi destroy` needs no manual step. The key is generated once per data dir and never leaves it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { trustCaFile } from "../../foundry/tls";

export interface LocalService {
  url: string;
  caCert: string;
  apiKey: string;
}

const started = new Map<string, Promise<LocalService>>();

/** The local service's key: FOUNDRY_API_KEY if set, else one generated into the data dir (mode 0600). */
export function localApiKey(dataDir: string): string {
  if (process.env.FOUNDRY_API_KEY) return process.env.FOUNDRY_API_KEY;
  const file = path.join(dataDir, "api-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

async function healthy(info: { url: string; caCert: string }, apiKey: string): Promise<boolean> {
  try {
    trustCaFile(info.caCert);
    const response = await fetch(`${info.url}/_emulator/health`, { headers: { "api-key": apiKey }, signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

function readRunning(dataDir: string): { url: string; caCert: string } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, "emulator.json"), "utf8"));
  } catch {
    return undefined;
  }
}

async function start(projectDir: string, dataDir: string, port: number): Promise<LocalService> {
  const apiKey = localApiKey(dataDir);
  const running = readRunning(dataDir);
  if (running && (await healthy(running, apiKey))) return { ...running, apiKey };

  const log = openSync(path.join(dataDir, "emulator.log"), "a");
  const tsxCli = require.resolve("tsx/cli", { paths: [projectDir] });
  const child = spawn(process.execPath, [tsxCli, path.join(projectDir, "emulator", "main.ts"), "--data-dir", dataDir, "--port", String(port)], {
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
    if (info && (await healthy(info, apiKey))) return { ...info, apiKey };
    if (child.exitCode !== null) break;
  }
  throw new Error(`the local Foundry service did not start; see ${path.relative(projectDir, path.join(dataDir, "emulator.log"))}`);
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
