// The local Foundry service as a separate process the campaign can kill -9 and start again on the same
// data dir (and port), plus the admin calls the campaign uses to inject faults and take inventory.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { createInterface } from "node:readline";

export const projectRoot = path.resolve(__dirname, "..", "..");

export interface ServiceOptions {
  dataDir: string;
  apiKey: string;
  /** 0 picks a free port on the first start; restarts reuse the port it got. */
  port?: number;
  timeScale?: number;
}

export interface ServiceProcess {
  url: string;
  caCert: string;
  pid: number;
  /** Admin or data-plane call with the service's key; throws on a non-2xx answer. */
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
  kill9(): void;
  /** True when the running service was started by the program itself while ours was down. */
  readonly startedByProgram: boolean;
  /** Starts the service again on the same data dir and port (after kill9 or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Running {
  pid: number;
  url: string;
  caCert: string;
  /** Resolves when the process is gone. */
  exited: Promise<void>;
  /** Started by the program itself (the embedded default), not by the campaign. */
  adopted: boolean;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A service the program started on this data dir while ours was down: take it over, to stop it later. */
function adopt(dataDir: string): Running | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, "emulator.json"), "utf8")) as {
      url: string;
      caCert: string;
      pid: number;
    };
    if (!alive(info.pid)) return undefined;
    const exited = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!alive(info.pid)) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
    return { pid: info.pid, url: info.url, caCert: info.caCert, exited, adopted: true };
  } catch {
    return undefined;
  }
}

function launch(options: ServiceOptions, port: number): Promise<Running> {
  // tsx as a loader in this very process (not its CLI, which runs the script in a child): kill -9 must hit
  // the process that serves, or the service would live on as an orphan.
  const args = [
    "--import",
    "tsx",
    path.join(projectRoot, "emulator", "main.ts"),
    "--data-dir",
    options.dataDir,
    "--port",
    String(port),
    "--time-scale",
    String(options.timeScale ?? 0.01),
  ];
  // The key goes through the environment so it never shows in `ps`.
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FOUNDRY_API_KEY: options.apiKey },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the local service did not start within 60 s: ${stderr}`)), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const info = JSON.parse(line) as { url: string; caCert: string };
        resolve({ pid: child.pid!, url: info.url, caCert: info.caCert, exited, adopted: false });
      } catch {
        reject(new Error(`unexpected first line from the local service: ${line}`));
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the local service exited (${code ?? signal}) before it was ready: ${stderr}`));
    });
  });
}

export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  let running = await launch(options, options.port ?? 0);
  const port = Number(new URL(running.url).port);
  const once = (method: string, route: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      // node:https with this service's CA, not fetch: each sandbox has its own CA, and no global trust store changes.
      const payload = body !== undefined ? JSON.stringify(body) : undefined;
      const request = https.request(
        `${running.url}${route}`,
        {
          method,
          ca: readFileSync(running.caCert, "utf8"),
          headers: {
            "api-key": options.apiKey,
            ...(payload !== undefined
              ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
              : {}),
          },
          timeout: 30_000,
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error("timed out")));
      request.on("error", reject);
      request.end(payload);
    });
  // The campaign's own reads go through the same injected faults as the program's: retry them (they are
  // reads, or idempotent admin PUTs), so a fault never passes for a finding.
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      let answer: { status: number; text: string } | undefined;
      let failure: Error | undefined;
      try {
        answer = await once(method, route, body);
      } catch (error) {
        failure = error as Error;
      }
      const transient = failure !== undefined || answer!.status === 429 || answer!.status >= 500;
      if (!transient) {
        if (answer!.status >= 400) throw new Error(`${method} ${route}: ${answer!.status} ${answer!.text}`);
        return (answer!.text ? JSON.parse(answer!.text) : undefined) as T;
      }
      if (attempt >= 30)
        throw new Error(`${method} ${route}: ${failure?.message ?? `${answer!.status} ${answer!.text}`}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return {
    get url() {
      return running.url;
    },
    get caCert() {
      return running.caCert;
    },
    get pid() {
      return running.pid;
    },
    get startedByProgram() {
      return running.adopted;
    },
    call,
    kill9() {
      if (alive(running.pid)) process.kill(running.pid, "SIGKILL");
    },
    async restart() {
      await running.exited;
      // The port was just released; a few quick tries cover the rare moment it is not yet free.
      for (let attempt = 1; ; attempt++) {
        try {
          running = await launch(options, port);
          return;
        } catch (error) {
          // The program may have started the service by itself meanwhile (the embedded default): fine.
          const taken = adopt(options.dataDir);
          if (taken) {
            running = taken;
            return;
          }
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
        }
      }
    },
    async stop() {
      // Also a service the program started by itself on this data dir, so no process outlives the run.
      const current = adopt(options.dataDir);
      for (const r of current && current.pid !== running.pid ? [running, current] : [running]) {
        if (!alive(r.pid)) continue;
        process.kill(r.pid, "SIGTERM");
        const timer = setTimeout(() => alive(r.pid) && process.kill(r.pid, "SIGKILL"), 10_000);
        await r.exited;
        clearTimeout(timer);
      }
    },
  };
}
