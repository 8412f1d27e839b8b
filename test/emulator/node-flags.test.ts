// The local service runs with its node flags (SERVICE_NODE_FLAGS: a small young generation, which keeps V8 from
// a major collection through every upload) however it is started: by the program, and by `npm run emulator`.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SERVICE_NODE_FLAGS, serviceEntry } from "../../resources/provider-runtime/local-service";
import { tempDir } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
let stop: (() => void) | undefined;
afterEach(() => stop?.());
const dataDir = tempDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("the local service's node flags", () => {
  it("reach the node process that runs the service when the program starts it", async () => {
    const proc = spawn(process.execPath, [...serviceEntry(), "--port", "0", "--data-dir", dataDir], {
      cwd: ROOT,
      env: { ...process.env, FOUNDRY_API_KEY: "node-flags-test" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    stop = () => proc.kill("SIGTERM");
    const ready = JSON.parse(
      await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: proc.stdout! }).once("line", resolve);
        proc.once("exit", (code) => reject(new Error(`the service exited with ${code}`)));
      }),
    ) as { pid: number };
    // Through tsx the service runs in a child of the spawned process: its own command line must carry the flags.
    const args = fs.readFileSync(`/proc/${ready.pid}/cmdline`, "utf8").split("\0");
    expect(args.some((a) => a.endsWith(path.join("emulator", "main.ts")))).toBe(true);
    for (const flag of SERVICE_NODE_FLAGS) expect(args).toContain(flag);
  }, 60_000);

  it("are in `npm run emulator`", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<
      string,
      string
    >;
    expect(scripts.emulator).toBe(`tsx ${SERVICE_NODE_FLAGS.join(" ")} emulator/main.ts`);
  });
});
