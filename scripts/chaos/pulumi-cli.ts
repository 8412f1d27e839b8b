// Runs the real Pulumi CLI in its own process group, so the campaign can kill -9 the CLI together with
// its language host and provider processes, the way a CI timeout or a closed laptop does.
import { spawn } from "node:child_process";
import { processesIn } from "./stray-processes";

export interface CliRun {
  code: number | null;
  /** True when the campaign killed the process group. */
  killed: boolean;
  output: string;
  seconds: number;
}

export interface CliOptions {
  cwd: string;
  env: Record<string, string>;
  /** Kill the whole group with SIGKILL once the output so far matches (checked on every chunk). */
  killWhen?: (output: string) => boolean;
  /** Kill after this many ms even if killWhen never matched (bounded runs). */
  killAfterMs?: number;
  /** Hard limit: kill and report failure after this long (default 10 min). */
  timeoutMs?: number;
}

/**
 * The CLI starts its language host in a process group of its own, so the group kill misses it, and the upstream
 * host notices its engine is gone only every 5 minutes: a killed CLI's host is killed here, as a dying machine
 * would take it down. Found by the suite's stray check (test/support/stray-check.ts).
 */
function killLanguageHosts(programDir: string): void {
  for (const pid of processesIn(programDir, /pulumi-language-nodejs/)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

export function runCli(bin: string, args: string[], options: CliOptions): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(bin, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let killed = false;
  const killGroup = () => {
    if (killed || child.exitCode !== null) return;
    killed = true;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.killWhen?.(output)) killGroup();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const timers = [
    ...(options.killAfterMs !== undefined ? [setTimeout(killGroup, options.killAfterMs)] : []),
    setTimeout(killGroup, options.timeoutMs ?? 10 * 60_000),
  ];
  return new Promise((resolve) => {
    child.once("close", (code) => {
      for (const timer of timers) clearTimeout(timer);
      // Providers started by the CLI may outlive it for a moment; the group kill covers them too.
      if (killed) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // nothing left
        }
        killLanguageHosts(options.cwd);
      }
      resolve({ code, killed, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}
