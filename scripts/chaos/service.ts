// The local Foundry service as a separate process the campaign can kill -9 and start again on the same
// data dir (and port), plus the admin calls the campaign uses to inject faults and take inventory.
import { spawn, type ChildProcess } from "node:child_process";
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
  /** Starts the service again on the same data dir and port (after kill9 or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  url: string;
  caCert: string;
}

function launch(options: ServiceOptions, port: number): Promise<Running> {
  const tsxCli = require.resolve("tsx/cli", { paths: [projectRoot] });
  const args = [tsxCli, path.join(projectRoot, "emulator", "main.ts"), "--data-dir", options.dataDir, "--port", String(port), "--time-scale", String(options.timeScale ?? 0.01)];
  // The key goes through the environment so it never shows in `ps`.
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FOUNDRY_API_KEY: options.apiKey } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the local service did not start within 60 s: ${stderr}`)), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const info = JSON.parse(line) as { url: string; caCert: string };
        resolve({ child, url: info.url, caCert: info.caCert });
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
  const exited = (r: Running) => r.child.exitCode !== null || r.child.signalCode !== null;
  const once = (method: string, route: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      // node:https with this service's CA, not fetch: each sandbox has its own CA, and no global trust store changes.
      const payload = body !== undefined ? JSON.stringify(body) : undefined;
      const request = https.request(
        `${running.url}${route}`,
        {
          method,
          ca: readFileSync(running.caCert, "utf8"),
          headers: { "api-key": options.apiKey, ...(payload !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) },
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
      if (attempt >= 30) throw new Error(`${method} ${route}: ${failure?.message ?? `${answer!.status} ${answer!.text}`}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const waitExit = (r: Running) => (exited(r) ? Promise.resolve() : new Promise<void>((resolve) => r.child.once("exit", () => resolve())));
  return {
    get url() {
      return running.url;
    },
    get caCert() {
      return running.caCert;
    },
    get pid() {
      return running.child.pid!;
    },
    call,
    kill9() {
      if (!exited(running)) running.child.kill("SIGKILL");
    },
    async restart() {
      await waitExit(running);
      // The port was just released; a few quick tries cover the rare moment it is not yet free.
      for (let attempt = 1; ; attempt++) {
        try {
          running = await launch(options, port);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
        }
      }
    },
    async stop() {
      if (exited(running)) return;
      running.child.kill("SIGTERM");
      const timer = setTimeout(() => running.child.kill("SIGKILL"), 10_000);
      await waitExit(running);
      clearTimeout(timer);
    },
  };
}
