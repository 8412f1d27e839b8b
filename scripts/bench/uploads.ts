// Uploads API benchmark (`npm run bench -- uploads`): a generated 1 GB dataset sent by the program's client in
// parts to the local service, in a process of its own whose peak RSS is sampled, beside the same file streamed
// by a bare node:https client to a bare node:https sink in the same run. BENCH_UPLOADS_MB changes the size.
// Beside the rates it prints each side's CPU seconds per GB (client and receiver): on a loaded machine the ratio of
// the rates follows the other work, and the CPU figures are what to compare across runs and commits.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cpuSeconds, rssKb, startChild, startSink } from "./emulator";

const ROOT = path.resolve(__dirname, "../..");
const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOADS_MB ?? 1024);

export const UPLOADS_TITLE = `Uploads API: ${SIZE_MB} MB through parts`;

export async function benchUploads(): Promise<Array<[string, string]>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-uploads-"));
  const figures: Array<[string, string]> = [];
  const service = await startChild(path.join(work, "data"));
  try {
    const file = path.join(work, "big.jsonl");
    writeDataset(file, SIZE_MB * MB);
    const mb = fs.statSync(file).size / MB;

    const sink = await startSink();
    const caFile = path.join(work, "sink-ca.pem");
    fs.writeFileSync(caFile, sink.ca);
    let bare: Awaited<ReturnType<typeof runClient>>;
    // The sink runs in this process: its CPU is this process's over the bare run (the RSS sampling included).
    const sinkCpuBefore = process.cpuUsage();
    try {
      bare = await runClient(["bare", sink.url, caFile, file], {});
    } finally {
      sink.close();
    }
    const sinkCpu = process.cpuUsage(sinkCpuBefore);
    let servicePeak = 0;
    const sampler = setInterval(() => (servicePeak = Math.max(servicePeak, rssKb(service.ready.pid))), 20);
    const serviceCpuBefore = cpuSeconds(service.ready.pid);
    const ours = await runClient(["parts", service.ready.url, service.ready.caCert, file], {
      BENCH_API_KEY: service.apiKey,
    }).finally(() => clearInterval(sampler));
    const serviceCpu = cpuSeconds(service.ready.pid) - serviceCpuBefore;
    const bareRate = mb / bare.seconds;
    const ourRate = mb / ours.seconds;
    const gb = mb / 1024;
    const perGb = (seconds: number) => `${(seconds / gb).toFixed(2)}`;
    figures.push(["load average (1 min) at the end", os.loadavg()[0]!.toFixed(2)]);
    figures.push([
      "bare node:https client -> bare node:https sink",
      `${bareRate.toFixed(1)} MB/s (client peak RSS ${bare.peakMb.toFixed(0)} MB)`,
    ]);
    figures.push([
      "foundry/ client -> local service, Uploads API (64 MB parts, complete)",
      `${ourRate.toFixed(1)} MB/s = ${(ourRate / bareRate).toFixed(2)} of the bare sink (goal >= 0.9 in four of five quiet runs: ${ourRate / bareRate >= 0.9 ? "met" : "NOT met"})`,
    ]);
    // With two cores each side has one: the side with more CPU per GB sets the rate.
    figures.push([
      "CPU seconds per GB, client / receiver: bare",
      `${perGb(bare.cpuSeconds)} / ${perGb((sinkCpu.user + sinkCpu.system) / 1e6)} (sink)`,
    ]);
    figures.push([
      "CPU seconds per GB, client / receiver: ours",
      `${perGb(ours.cpuSeconds)} / ${perGb(serviceCpu)} (local service)`,
    ]);
    figures.push([
      "uploading process peak RSS",
      `${ours.peakMb.toFixed(0)} MB (goal < 300 MB: ${ours.peakMb < 300 ? "met" : "NOT met"})`,
    ]);
    figures.push(["local service peak RSS during the upload", `${(servicePeak / 1024).toFixed(0)} MB`]);
  } finally {
    service.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return figures;
}

/** Whole chat lines of varied text, so the file stays valid JSONL; written in 1 MB blocks. */
function writeDataset(file: string, bytes: number): void {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `Question ${i}?` },
        { role: "assistant", content: `Answer ${i}: ${"lorem ipsum ".repeat(40)}` },
      ],
    }) + "\n";
  const fd = fs.openSync(file, "w");
  try {
    for (let written = 0, i = 0; written < bytes; ) {
      let block = "";
      while (block.length < MB) block += line(i++);
      written += fs.writeSync(fd, block);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs the uploading process, sampling its RSS every 20 ms. */
async function runClient(
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; cpuSeconds: number; peakMb: number }> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(__dirname, "upload-client.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  let peak = 0;
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  // tsx runs the script in a child node process: sample the whole tree under the spawned pid.
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 20);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`upload client (${args[0]}) exited with ${code}`);
  const { seconds, cpuSeconds } = JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; cpuSeconds: number };
  return { seconds, cpuSeconds, peakMb: peak / 1024 };
}

/** The largest RSS of a process or one of its children (tsx's loader process is the parent of the script's). */
function treeRssKb(pid: number): number {
  let max = rssKb(pid);
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const child of fs
        .readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)) {
        max = Math.max(max, treeRssKb(Number(child)));
      }
    }
  } catch {
    // gone
  }
  return max;
}
