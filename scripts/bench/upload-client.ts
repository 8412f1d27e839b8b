// The uploading process of the Uploads API benchmark (scripts/bench/uploads.ts runs it, so its peak RSS is its
// own): `parts` sends the file with the program's own client (foundry/ DataPlane.uploadFile, Uploads API in
// parts); `bare` streams it in one plain node:https POST. Prints {"seconds": n, "cpuSeconds": n}: the wall time and
// the CPU time (all of the process's threads) of the upload alone, not of loading the program.
// Args: <parts|bare> <url> <ca-pem-path> <file>; the key comes from BENCH_API_KEY.
import { createReadStream, readFileSync, statSync } from "node:fs";
import * as https from "node:https";
import { pipeline } from "node:stream/promises";
import { connect } from "../../foundry";

async function parts(url: string, caPath: string, file: string): Promise<void> {
  const { data } = connect(
    {
      kind: "local",
      endpoint: `${url}/accounts/bench`,
      armEndpoint: url,
      subscriptionId: "s",
      resourceGroup: "rg",
      accountName: "bench",
      caCertPath: caPath,
    },
    { apiKey: process.env.BENCH_API_KEY! },
  );
  await data.uploadFile(file, "fine-tune", { filename: "bench.jsonl" });
}

async function bare(url: string, caPath: string, file: string): Promise<void> {
  const target = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const req = https.request(
      {
        host: target.hostname,
        port: target.port,
        path: "/upload",
        method: "POST",
        ca: readFileSync(caPath, "utf8"),
        headers: { "content-length": statSync(file).size },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`sink answered ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), req).catch(reject);
  });
}

async function main() {
  const [mode, url, caPath, file] = process.argv.slice(2) as [string, string, string, string];
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await (mode === "parts" ? parts : bare)(url, caPath, file);
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(
    `${JSON.stringify({ seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`upload-client: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
