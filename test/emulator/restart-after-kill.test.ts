// kill -9, then start again at once on the same data dir: the killed process is a zombie until its parent reaps
// it (here, until this test yields to the event loop), and the data dir's lock must count it as gone.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index";
import { processIsRunning, procStatState } from "../../emulator/process-state";
import { tempDir } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");

describe("restart right after kill -9", () => {
  it("reads the state letter after the command name, whatever the name holds", () => {
    expect(procStatState("1234 (node) S 1 1234")).toBe("S");
    expect(procStatState("1234 (a) b) Z 1 1234")).toBe("Z");
    expect(procStatState("garbage")).toBeUndefined();
  });

  it("a live process is running; this one is", () => {
    expect(processIsRunning(process.pid)).toBe(true);
    expect(processIsRunning(2 ** 22 + 12345)).toBe(false);
  });

  it("starts on the data dir of a service killed moments before (still a zombie)", async () => {
    const dataDir = tempDir();
    const apiKey = "restart-after-kill-key";
    // node itself (not the tsx launcher) so the service is this process's own child, reaped only when we yield.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "emulator/main.ts", "--port", "0", "--data-dir", dataDir],
      {
        cwd: ROOT,
        env: { ...process.env, FOUNDRY_API_KEY: apiKey },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const ready = JSON.parse(
      await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once("line", resolve)),
    ) as { pid: number };
    expect(ready.pid).toBe(child.pid);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "emulator.json"), "utf8")).pid).toBe(child.pid);

    child.kill("SIGKILL");
    // Wait, without yielding, until the kernel shows it as a zombie: nothing can reap it before we yield.
    let state: string | undefined;
    for (let i = 0; i < 5_000_000 && state !== "Z"; i++)
      state = procStatState(fs.readFileSync(`/proc/${child.pid}/stat`, "utf8"));
    expect(state).toBe("Z");
    const restarted = createEmulator({ dataDir, apiKey, timeScale: 0.01, log: () => {} });
    const emulator = await restarted;
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, "emulator.json"), "utf8")).pid).toBe(process.pid);
    } finally {
      await emulator.close();
    }
  });
});
