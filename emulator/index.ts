// The local Foundry service as a library: createEmulator starts it on a loopback port over HTTPS.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp } from "./app";
import type { FaultConfig } from "./domain/faults";
import { processIsRunning } from "./process-state";
import { httpsServerFactory, listen } from "./server";
import { createServices, startBackgroundWork } from "./services";
import { ensureCertificates } from "./tls/certificates";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default. */
  host?: string;
  dataDir: string;
  apiKey: string;
  /** Multiplies every artificial delay (default 1; tests use ~0.01). */
  timeScale?: number;
  faults?: FaultConfig;
  /** Uploads larger than this are refused with 413 (default 1 GiB). */
  maxUploadBytes?: number;
  /** false = lenient: the strict choices of strictness.ts off (default true). */
  strict?: boolean;
  /** Diagnostics (default: stderr). Never receives secrets. */
  log?: (message: string) => void;
}
export interface Emulator {
  url: string;
  caCert: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export async function createEmulator(o: EmulatorOptions): Promise<Emulator> {
  if (!o.apiKey) throw new Error("createEmulator: apiKey is required");
  const dataDir = path.resolve(o.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const discovery = path.join(dataDir, "emulator.json");
  refuseIfRunning(discovery);
  const log = o.log ?? ((m: string) => process.stderr.write(`[emulator] ${m}\n`));
  const tls = await ensureCertificates(dataDir);
  const services = createServices({
    dataDir,
    timeScale: o.timeScale ?? 1,
    faults: o.faults,
    log,
    strict: o.strict ?? true,
  });
  const app = await buildApp(services, {
    apiKey: o.apiKey,
    maxUploadBytes: o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    serverFactory: httpsServerFactory(tls),
    log,
  });
  const port = await listen(app, o.host ?? "127.0.0.1", o.port ?? 0);
  const stopBackground = startBackgroundWork(services);
  const host = o.host && o.host !== "127.0.0.1" && o.host !== "0.0.0.0" ? o.host : "127.0.0.1";
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  fs.writeFileSync(discovery, JSON.stringify({ url, caCert: tls.caCertPath, pid: process.pid }) + "\n");

  let closed: Promise<void> | undefined;
  return {
    url,
    caCert: tls.caCertPath,
    close: () =>
      (closed ??= (async () => {
        stopBackground();
        app.server.closeAllConnections?.();
        await app.close();
        services.db.close();
        fs.rmSync(discovery, { force: true });
      })()),
  };
}

/** One service per data dir: a discovery file left by a live process means the dir is in use. */
function refuseIfRunning(discovery: string): void {
  let pid: number | undefined;
  try {
    pid = JSON.parse(fs.readFileSync(discovery, "utf8")).pid;
  } catch {
    return;
  }
  if (!pid || pid === process.pid) return;
  if (!processIsRunning(pid)) return; // left behind by a process that died (or is dying: a zombie)
  throw new Error(`the data dir is in use by a running emulator (pid ${pid}); see ${discovery}`);
}
