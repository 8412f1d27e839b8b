import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { processesIn, waitForNoProcessesIn } from "../../scripts/chaos/stray-processes";

const dir = mkdtempSync(path.join(os.tmpdir(), "stray-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.runIf(process.platform === "linux")(
  "finds a process by its working directory and command, until it is gone",
  async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000) // stray-marker"], {
      cwd: dir,
      stdio: "ignore",
    });
    await new Promise((resolve) => child.once("spawn", resolve));
    expect(processesIn(dir, /stray-marker/)).toEqual([child.pid]);
    expect(processesIn(dir, /no-such-command/)).toEqual([]);
    expect(processesIn(path.join(dir, "elsewhere"), /stray-marker/)).toEqual([]);
    child.kill("SIGKILL");
    expect(await waitForNoProcessesIn(dir, 5_000, /stray-marker/)).toEqual([]);
  },
);
