// Processes still running in a directory: what a killed `pulumi up` may leave behind. Reads /proc, so it finds
// nothing where there is none (not Linux).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/**
 * Our dynamic providers and what they start. The Go language host is left out: it polls the engine's health
 * only every 5 minutes (upstream), so it outlives a killed CLI by that much whatever we do.
 */
const PROVIDER_PROCESS = /dynamic-provider|pulumi-resource-pulumi-nodejs|esbuild/;

export function processesIn(dir: string, command: RegExp = PROVIDER_PROCESS): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const inside = (cwd: string) => cwd === dir || cwd.startsWith(dir + path.sep) || cwd.startsWith(`${dir} (deleted)`);
  return entries.flatMap((pid) => {
    try {
      if (!inside(readlinkSync(`/proc/${pid}/cwd`))) return [];
      return command.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")) ? [Number(pid)] : [];
    } catch {
      return []; // gone meanwhile, or not ours to read
    }
  });
}

/** Waits until no process runs in `dir`, or the timeout; returns the ones still running. */
export async function waitForNoProcessesIn(
  dir: string,
  timeoutMs: number,
  command: RegExp = PROVIDER_PROCESS,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesIn(dir, command);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
