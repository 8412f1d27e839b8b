// Is the process that wrote a data dir's discovery file still running? A process killed with SIGKILL stays in
// the process table as a zombie (state Z in /proc/<pid>/stat) until its parent reaps it; signal 0 still reaches
// it then, so a restart moments after `kill -9` would wrongly find the data dir in use.
import * as fs from "node:fs";

/** The state letter of /proc/<pid>/stat (R, S, D, Z, X, ...): the field after the command name in parentheses. */
export function procStatState(stat: string): string | undefined {
  const close = stat.lastIndexOf(")");
  return close < 0
    ? undefined
    : stat
        .slice(close + 1)
        .trim()
        .split(/\s+/)[0];
}

/** True while the process exists and is not a zombie (or dead, X). Without /proc, signal 0 alone decides. */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return process.platform !== "linux"; // no /proc entry on Linux: it has gone between the two looks
  }
  const state = procStatState(stat);
  return state !== "Z" && state !== "X";
}
