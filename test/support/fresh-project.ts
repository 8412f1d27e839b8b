// A fresh copy of this project, as a user's clone would be: the tracked tree without node_modules, .pulumi,
// .foundry-local or caches; node_modules is a symlink to ours and the built Pulumi CLI is found through
// FOUNDRY_TOOLCHAIN_CACHE, so nothing is installed or built. Commands run in it as a user types them.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const projectRoot = path.resolve(__dirname, "..", "..");

/** Generated or machine-local entries a clone never has. */
const LEFT_OUT = new Set([
  "node_modules",
  ".pulumi",
  ".foundry-local",
  ".cache",
  ".build",
  "dist",
  ".git",
  path.join("reports", "out"),
]);

export interface CommandRun {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface FreshProject {
  dir: string;
  env: Record<string, string>;
  /** Runs one command line through bash in the copy, as typed. Never throws on a failing command. */
  run(command: string, options?: { env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<CommandRun>;
  /** Stops the local service the stacks started in this copy (if any), then removes the copy. */
  cleanup(): Promise<void>;
}

/** The folder holding built toolchains: the one the tests themselves use. */
function toolchainCacheRoot(): string {
  return process.env.FOUNDRY_TOOLCHAIN_CACHE ?? path.join(projectRoot, ".cache", "toolchain");
}

/** The user's environment, minus anything of ours or Pulumi's that would make the copy less fresh. */
function userEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, FOUNDRY_TOOLCHAIN_CACHE: toolchainCacheRoot() };
  for (const key of Object.keys(env))
    if (key.startsWith("PULUMI_") || key === "FOUNDRY_API_KEY" || key.startsWith("VITEST") || key === "NODE_OPTIONS")
      delete env[key];
  Object.assign(env, extra);
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Kills (SIGKILL) the local service of a data dir, if one runs, and waits until it is gone and its port free. */
export async function stopLocalService(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = (JSON.parse(readFileSync(path.join(dataDir, "emulator.json"), "utf8")) as { pid: number }).pid;
    process.kill(pid, "SIGKILL");
  } catch {
    return; // not running, or already gone
  }
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the local service (pid ${pid}) did not exit after SIGKILL`);
}

export function createFreshProject(extraEnv: Record<string, string | undefined> = {}): FreshProject {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-fresh-"));
  const dir = path.join(scratch, "foundry-finetune");
  // Timestamps kept: bootstrap reinstalls when package-lock.json looks newer than node_modules.
  cpSync(projectRoot, dir, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => !LEFT_OUT.has(path.relative(projectRoot, src)) && !src.endsWith(".tgz"),
  });
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const env = userEnv(extraEnv);
  return {
    dir,
    env,
    run(command, options = {}) {
      const started = Date.now();
      return new Promise((resolve) => {
        const child = spawn("bash", ["-c", command], {
          cwd: dir,
          env: userEnv({ ...extraEnv, ...options.env }),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({ command, code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
        });
      });
    },
    async cleanup() {
      await stopLocalService(path.join(dir, ".foundry-local"));
      // The example programs run their own local service, in their own folder.
      for (const example of readdirSync(path.join(dir, "examples")))
        await stopLocalService(path.join(dir, "examples", example, ".foundry-local"));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
