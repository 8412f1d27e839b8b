// Benchmark of the local Foundry service. Prints: upload MB/s of a generated 200 MB file to the emulator beside
// a bare node:https sink in the same run (same client code), the emulator's peak RSS during the upload, the time
// to check the file, job GET requests per second, trainer tokens per second, and the time to train the sample
// dataset (trainer alone, and as a job through the service at time scale 0).
// Run: tsx scripts/bench/emulator.ts  (or through npm run bench); BENCH_UPLOAD_MB=<n> for another upload size.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { generate as generateCert } from "selfsigned";
import { type ChatExample, createTrainer, resolveHyperparameters } from "../../emulator/training";
import { isTerminalJobStatus } from "../../foundry/data-plane-types";
import { serviceEntry } from "../../resources/provider-runtime/local-service";

const ROOT = path.resolve(__dirname, "../..");
const DATASET = path.join(ROOT, "datasets/clippy");
/** 200 MB by default; BENCH_UPLOAD_MB changes it (e.g. to see that the peak RSS does not grow with the size). */
const UPLOAD_BYTES = Number(process.env.BENCH_UPLOAD_MB ?? 200) * 1024 * 1024;
const MB = 1024 * 1024;

interface Target {
  url: URL;
  ca: string;
  apiKey: string;
}

export async function benchEmulator(): Promise<Array<[string, string]>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-emulator-"));
  const figures: Array<[string, string]> = [];
  const child = await startChild(path.join(work, "data"));
  try {
    const file = path.join(work, "upload.jsonl");
    writeUploadFile(file);
    const uploadMb = fs.statSync(file).size / MB;
    const target: Target = {
      url: new URL(child.ready.url),
      ca: fs.readFileSync(child.ready.caCert, "utf8"),
      apiKey: child.apiKey,
    };

    const sink = await startSink();
    try {
      const sinkSeconds = await upload({ url: new URL(sink.url), ca: sink.ca, apiKey: "x" }, "/upload", file);
      figures.push(["upload, bare node:https sink", `${(uploadMb / sinkSeconds).toFixed(1)} MB/s`]);
    } finally {
      sink.close();
    }

    const rssBefore = rssKb(child.ready.pid);
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb(child.ready.pid));
    }, 20);
    const response = await upload(target, "/openai/files?api-version=2024-10-21", file, true);
    clearInterval(sampler);
    figures.push(["upload, emulator (POST /openai/files)", `${(uploadMb / response).toFixed(1)} MB/s`]);
    figures.push([
      "emulator RSS before / peak during upload",
      `${(rssBefore / 1024).toFixed(0)} MB / ${(peak / 1024).toFixed(0)} MB`,
    ]);

    const fileId = lastUploadId!;
    const checkStart = Date.now();
    for (;;) {
      const f = await getJson(target, `/openai/files/${fileId}?api-version=2024-10-21`);
      if (f.status !== "pending" && f.status !== "running") {
        figures.push([
          `check of the ${uploadMb.toFixed(0)} MB file (${f.status})`,
          `${((Date.now() - checkStart) / 1000).toFixed(1)} s`,
        ]);
        break;
      }
      await sleep(100);
    }

    // The sample dataset as a job at time scale 0: no artificial delays, only the work.
    const trainId = await uploadSmall(target, path.join(DATASET, "train.jsonl"));
    const validId = await uploadSmall(target, path.join(DATASET, "valid.jsonl"));
    const t0 = Date.now();
    const job = await postJson(target, "/openai/fine_tuning/jobs?api-version=2024-10-21", {
      model: "gpt-4.1-mini-2025-04-14",
      training_file: trainId,
      validation_file: validId,
      seed: 42,
    });
    let done: ServiceBody;
    for (;;) {
      done = await getJson(target, `/openai/fine_tuning/jobs/${job.id}?api-version=2024-10-21`);
      if (isTerminalJobStatus(done.status)) break;
      await sleep(20);
    }
    figures.push([
      `sample dataset as a job through the service (${done.status}, ${done.trained_tokens} billed tokens)`,
      `${((Date.now() - t0) / 1000).toFixed(2)} s`,
    ]);

    const gets = await getRate(target, `/openai/fine_tuning/jobs/${job.id}?api-version=2024-10-21`, 3000, 16);
    figures.push(["job GET (keep-alive, 16 concurrent)", `${gets.toFixed(0)} req/s`]);
  } finally {
    child.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }

  const training = loadJsonl("train.jsonl");
  const validation = loadJsonl("valid.jsonl");
  const hyperparameters = resolveHyperparameters({}, training.length);
  const trainer = createTrainer({ training, validation, hyperparameters, seed: 42 });
  const t0 = process.hrtime.bigint();
  let tokens = 0;
  for (let m = trainer.step(); m; m = trainer.step()) tokens += m.tokens;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  figures.push(["trainer throughput (sample dataset, incl. validation)", `${(tokens / seconds).toFixed(0)} tokens/s`]);
  figures.push([
    `trainer time for the sample dataset (${training.length} examples, ${JSON.stringify(hyperparameters)})`,
    `${seconds.toFixed(2)} s`,
  ]);
  return figures;
}

function writeUploadFile(file: string): void {
  const line =
    JSON.stringify({
      messages: [
        { role: "user", content: "Benchmark prompt" },
        { role: "assistant", content: "x".repeat(900) },
      ],
    }) + "\n";
  const block = Buffer.from(line.repeat(Math.floor(MB / line.length)));
  const fd = fs.openSync(file, "w");
  try {
    // Whole lines only, so the file stays valid JSONL; it ends within one block of UPLOAD_BYTES.
    for (let written = 0; written < UPLOAD_BYTES; written += block.length) fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
}

let lastUploadId: string | undefined;

/** Streams a multipart upload (same client code for the sink and the emulator); returns seconds. */
async function upload(t: Target, route: string, file: string, keepId = false): Promise<number> {
  const boundary = `bench${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = fs.statSync(file).size;
  const started = process.hrtime.bigint();
  const body = await new Promise<string>((resolve, reject) => {
    const req = https.request(
      {
        host: t.url.hostname,
        port: t.url.port,
        path: route,
        method: "POST",
        ca: t.ca,
        headers: {
          "api-key": t.apiKey,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": head.length + size + tail.length,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => (res.statusCode! < 300 ? resolve(text) : reject(new Error(`${res.statusCode}: ${text}`))));
      },
    );
    req.on("error", reject);
    req.write(head);
    pipeline(
      fs.createReadStream(file, { highWaterMark: MB }),
      async function* (src) {
        for await (const c of src) yield c;
        yield tail;
      },
      req,
    ).catch(reject);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (keepId) lastUploadId = JSON.parse(body).id;
  return seconds;
}

async function uploadSmall(t: Target, file: string): Promise<string> {
  await upload(t, "/openai/files?api-version=2024-10-21", file, true);
  const id = lastUploadId!;
  for (;;) {
    const f = await getJson(t, `/openai/files/${id}?api-version=2024-10-21`);
    if (f.status === "processed") return id;
    if (f.status === "error") throw new Error(`${file}: ${f.status_details}`);
    await sleep(10);
  }
}

/** The fields of the service's file and job bodies this bench reads. */
interface ServiceBody {
  id: string;
  status: string;
  status_details?: string | null;
  trained_tokens?: number | null;
}

function request(t: Target, method: string, route: string, body?: unknown, agent?: https.Agent): Promise<ServiceBody> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = https.request(
      {
        host: t.url.hostname,
        port: t.url.port,
        path: route,
        method,
        ca: t.ca,
        agent,
        headers: {
          "api-key": t.apiKey,
          ...(data ? { "content-type": "application/json", "content-length": data.length } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () =>
          res.statusCode! < 300
            ? resolve(text ? JSON.parse(text) : null)
            : reject(new Error(`${method} ${route}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
const getJson = (t: Target, route: string) => request(t, "GET", route);
const postJson = (t: Target, route: string, body: unknown) => request(t, "POST", route, body);

async function getRate(t: Target, route: string, total: number, concurrency: number): Promise<number> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency, ca: t.ca });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await request(t, "GET", route, undefined, agent);
    }),
  );
  agent.destroy();
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

export async function startSink(): Promise<{ url: string; ca: string; close(): void }> {
  const cert = await generateCert([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const server = https.createServer({ key: cert.private, cert: cert.cert }, (req, res) => {
    req.on("data", () => {});
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `https://127.0.0.1:${port}`, ca: cert.cert, close: () => server.close() };
}

export async function startChild(dataDir: string) {
  const apiKey = randomBytes(12).toString("hex");
  // Started as the program starts it (resources/provider-runtime/local-service.ts), node flags included.
  const proc = spawn(process.execPath, [...serviceEntry(), "--data-dir", dataDir, "--time-scale", "0"], {
    cwd: ROOT,
    env: { ...process.env, FOUNDRY_API_KEY: apiKey },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { url: string; caCert: string; pid: number };
  return {
    ready,
    apiKey,
    stop: () => {
      try {
        process.kill(ready.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    },
  };
}

/** Resident set size of a process in kB (Linux /proc). */
export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system, all threads) a process has used so far, in seconds (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** Linux's USER_HZ, which /proc reports times in. */
const CLOCK_TICKS = 100;

function loadJsonl(name: string): ChatExample[] {
  return fs
    .readFileSync(path.join(DATASET, name), "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ChatExample);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (require.main === module) {
  benchEmulator().then(
    (figures) => {
      const width = Math.max(...figures.map(([k]) => k.length));
      process.stdout.write("local Foundry service\n");
      for (const [k, v] of figures) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    },
    (e) => {
      process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
