// Command line: npm run emulator -- --port <p> --data-dir <dir> --api-key <key> --time-scale <x> [--faults <json>]
// [--max-upload-bytes <n>] [--lenient]. The key may come from FOUNDRY_API_KEY instead, so it never shows in `ps`.
// Prints one line of JSON {"url","caCert","pid"} when ready; stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { createEmulator, type EmulatorOptions } from "./index";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      "data-dir": { type: "string" },
      "api-key": { type: "string" },
      "time-scale": { type: "string", default: "1" },
      faults: { type: "string" },
      "max-upload-bytes": { type: "string" },
      lenient: { type: "boolean", default: false },
    },
  });
  const fail = (m: string): never => {
    process.stderr.write(`emulator: ${m}\n`);
    process.exit(2);
  };
  const dataDir = values["data-dir"] ?? fail("--data-dir <dir> is required");
  const apiKey =
    values["api-key"] ?? process.env.FOUNDRY_API_KEY ?? fail("--api-key <key> or FOUNDRY_API_KEY is required");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer from 0 to 65535 (got '${values.port}')`);
  const timeScale = Number(values["time-scale"]);
  if (!(timeScale >= 0)) fail(`--time-scale must be a non-negative number (got '${values["time-scale"]}')`);
  let faults: EmulatorOptions["faults"];
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults);
    } catch (e) {
      fail(`--faults is not valid JSON: ${(e as Error).message}`);
    }
  }
  const maxUploadBytes = values["max-upload-bytes"] === undefined ? undefined : Number(values["max-upload-bytes"]);

  const emulator = await createEmulator({
    port,
    host: values.host,
    dataDir,
    apiKey,
    timeScale,
    faults,
    maxUploadBytes,
    strict: !values.lenient,
  });
  process.stdout.write(JSON.stringify({ url: emulator.url, caCert: emulator.caCert, pid: process.pid }) + "\n");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`emulator: ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`emulator: shutdown failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
  process.stderr.write(`emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
