// The suite's last check: no process it started is still running. Every process the tests start inherits
// FOUNDRY_TEST_RUN (set here, before the test workers exist), so what is left at the end is found by that mark
// in /proc, whoever its parent was: a language host or provider orphaned by a killed `pulumi up`, a local
// service a test forgot. Strays are killed, then reported as a failure of the run.
import { readdirSync, readFileSync } from "node:fs";

const MARK = "FOUNDRY_TEST_RUN";
const GRACE_MS = 15_000; // a provider exits within about 10 s of losing its engine

function marked(value: string): { pid: number; command: string }[] {
  const wanted = `${MARK}=${value}`;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // not Linux: nothing to check
  }
  return pids.flatMap((pid) => {
    if (Number(pid) === process.pid) return [];
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(wanted)) return [];
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      // Zombies (no command line) are already dead; vitest's own workers are exiting with the run.
      if (command === "" || /vitest/.test(command)) return [];
      return [{ pid: Number(pid), command }];
    } catch {
      return []; // gone meanwhile, or not ours to read
    }
  });
}

export default function setup(): () => Promise<void> {
  const value = `${process.pid}-${Date.now()}`;
  process.env[MARK] = value;
  return async function teardown() {
    let left = marked(value);
    for (const deadline = Date.now() + GRACE_MS; left.length > 0 && Date.now() < deadline; left = marked(value)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (left.length === 0) return;
    for (const { pid } of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    throw new Error(
      `the suite left ${left.length} process(es) running (killed now):\n${left.map((p) => `  ${p.pid} ${p.command}`).join("\n")}`,
    );
  };
}
