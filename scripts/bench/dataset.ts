// Dataset benchmark (part of `npm run bench`): for a generated 200 MB chat dataset, MB/s of sha256 only, rules
// only and rules + tokens, beside a bare JSON.parse line loop and `sha256sum`, each measured in a fresh process so
// its peak RSS is its own; then the time of an unchanged preview of 20 models of 20 MB each (cached validation).
// Run alone: npx tsx scripts/bench/dataset.ts [--mb 200] [--skip-preview] (the preview part is long on a busy machine)

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { closeSync, createReadStream, createWriteStream, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { UPLOADS_API_MAX_BYTES } from "../../azure/limits";
import { hashFile, textCounter, type ValidateOptions, validateFile, validateFileCached } from "../../validate";

const PHASE_FLAG = "--dataset-bench-phase";
// With the Uploads API's size limit, as `npm run validate` and large datasets have it: with the Files API's (512 MB)
// a 1 GB file is refused after a hash, and "the full check" at 1 GB would measure only that.
const OPTS: ValidateOptions & { maxFileBytes: number } = {
  purpose: "training",
  method: "supervised",
  baseModel: "gpt-4.1-mini-2025-04-14",
  maxFileBytes: UPLOADS_API_MAX_BYTES,
};

// Deterministic pseudo-random text: varied enough that the tokenizer's merge cache does not make it trivial.
const WORDS = (
  "the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when " +
  "your can said there use an each which she do how their if will up other about out many then them these so some her would make like him " +
  "into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did " +
  "get come made may part document table insert format paragraph style margin header footer chart slide template macro spreadsheet formula " +
  "café naïve résumé Größe straße 東京 データ 表 文書 придумать таблица документ 12 2024 3.5 % $ ( ) : ; - — …"
).split(" ");

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  return out.join(" ");
}

/** Writes about `mb` MB of chat examples (~1.5 KB each, some with tool calls). */
async function generateDataset(path: string, mb: number, seed = 1): Promise<number> {
  const rand = rng(seed);
  const out = createWriteStream(path);
  const target = mb * 1024 * 1024;
  let written = 0;
  let i = 0;
  let batch: string[] = ["\ufeff"];
  while (written < target) {
    const messages: object[] = [
      { role: "system", content: "You are Clippy, an office assistant. " + sentence(rand, 10) },
      { role: "user", content: `#${seed}-${i} ` + sentence(rand, 30 + Math.floor(rand() * 60)) },
      { role: "assistant", content: sentence(rand, 80 + Math.floor(rand() * 160)), weight: 1 },
    ];
    const line = JSON.stringify({ messages }) + "\n";
    batch.push(line);
    written += Buffer.byteLength(line);
    i++;
    if (batch.length >= 2000) {
      if (!out.write(batch.join(""))) await once(out, "drain");
      batch = [];
    }
  }
  out.end(batch.join(""));
  await once(out, "finish");
  return i;
}

/** The baseline: stream, split lines, JSON.parse each, nothing else. */
async function bareLoop(path: string): Promise<number> {
  let carry = "";
  let parsed = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, encoding: "utf8" })) {
    const text = carry + (chunk as string);
    let start = 0;
    let end: number;
    while ((end = text.indexOf("\n", start)) >= 0) {
      const line = text.slice(start, end);
      if (line.length > 1) {
        JSON.parse(start === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
        parsed++;
      }
      start = end + 1;
    }
    carry = text.slice(start);
  }
  return parsed;
}

type Phase = "sha256sum" | "hash" | "bare" | "rules" | "full" | "full-1thread";

/** Runs in a child process: one phase, prints {seconds, maxRssMb}. */
async function runPhase(phase: Phase, path: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (phase === "hash") await hashFile(path);
  else if (phase === "bare") await bareLoop(path);
  else if (phase === "rules") await validateFile(path, { ...OPTS, tokens: false, hash: false });
  else if (phase === "full") await validateFile(path, OPTS);
  else if (phase === "full-1thread") await validateFile(path, { ...OPTS, threads: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

function measure(phase: Phase, path: string): { seconds: number; cpuSeconds?: number; maxRssMb?: number } {
  if (phase === "sha256sum") {
    const t0 = performance.now();
    const r = spawnSync("sha256sum", [path], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
    return { seconds: (performance.now() - t0) / 1000 };
  }
  // Same runtime and loader as this process (tsx), fresh heap.
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, PHASE_FLAG, phase, path], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`phase ${phase} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const fmt = (x: number, d = 1) => x.toFixed(d);

/** The strings of a JSONL text's values (what the counter is given), up to `maxChars`. */
function jsonlStrings(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let chars = 0;
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      out.push(v);
      chars += v.length;
    } else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  for (const line of text.split("\n")) {
    if (chars >= maxChars) break;
    if (line.trim()) walk(JSON.parse(line.replace(/^\ufeff/, "")));
  }
  return out;
}

/**
 * gpt-tokenizer's plain countTokens beside the project's counter (validate/tokens.ts), one thread, on 20 MB of
 * the generator's text and on the sample datasets (repeated to a measurable time). tiktoken (WASM) and
 * js-tiktoken were slower than gpt-tokenizer with equal counts (issue 24), so they are not dependencies.
 */
function compareTokenizers(generated: string): void {
  const samples = join(__dirname, "../../datasets/clippy");
  const sampleText = readdirSync(samples)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => readFileSync(join(samples, f), "utf8"))
    .join("\n");
  const head = Buffer.alloc(20 << 20);
  const fd = openSync(generated, "r");
  const got = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const headText = head.subarray(0, head.lastIndexOf(10, got) + 1).toString("utf8");
  const corpora: [string, string[]][] = [
    ["bench generator, 20 MB", jsonlStrings(headText, Infinity)],
    ["datasets/clippy samples", jsonlStrings(sampleText, Infinity)],
  ];
  console.log("  token counting, one thread (Mchar per CPU-second; the counts must be equal):");
  for (const encoding of ["o200k_base", "cl100k_base"] as const) {
    const library: { countTokens(t: string, o: object): number } = require(`gpt-tokenizer/cjs/encoding/${encoding}`);
    const options = { disallowedSpecial: new Set<string>() };
    const counters: [string, (t: string) => number][] = [
      ["gpt-tokenizer countTokens", (t) => library.countTokens(t, options)],
      ["project counter (scanner + token set)", textCounter(encoding)],
    ];
    for (const [corpus, texts] of corpora) {
      const chars = texts.reduce((a, t) => a + t.length, 0);
      const rows = counters.map(([name, count]) => {
        let tokens = 0;
        let rounds = 0;
        const c0 = process.cpuUsage();
        let cpu = 0;
        while (rounds === 0 || cpu < 0.5) {
          tokens = 0;
          for (const t of texts) tokens += count(t);
          rounds++;
          const c = process.cpuUsage(c0);
          cpu = (c.user + c.system) / 1e6;
        }
        return { name, tokens, rate: (chars * rounds) / (1 << 20) / cpu };
      });
      const same = rows.every((r) => r.tokens === rows[0].tokens);
      const figures = rows.map((r) => `${r.name} ${fmt(r.rate)}`).join(", ");
      console.log(
        `    ${encoding}, ${corpus}: ${figures}; ${fmt(rows[1].rate / rows[0].rate, 2)}x, counts ${same ? "equal" : "DIFFERENT"} (${rows[0].tokens})`,
      );
    }
  }
}

export default async function run(): Promise<void> {
  const mbArg = process.argv.indexOf("--mb");
  const mb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 200;
  const dir = await mkdtemp(join(tmpdir(), "bench-dataset-"));
  try {
    // Other work on the machine slows every figure; CPU seconds (per phase) are less sensitive to it.
    console.log(
      `dataset benchmark: ${availableParallelism()} cores, node ${process.version}, load average ${loadavg()
        .map((x) => fmt(x, 2))
        .join(" ")}`,
    );
    const big = join(dir, "train.jsonl");
    let t0 = performance.now();
    const examples = await generateDataset(big, mb);
    const bytes = (await stat(big)).size;
    const sizeMb = bytes / (1024 * 1024);
    console.log(`generated ${fmt(sizeMb)} MB, ${examples} examples in ${fmt((performance.now() - t0) / 1000)} s`);

    const rows: [string, Phase][] = [
      ["sha256sum (coreutils)", "sha256sum"],
      ["sha256 only (hashFile)", "hash"],
      ["bare JSON.parse line loop", "bare"],
      ["rules only", "rules"],
      ["rules + tokens + sha256 (threads)", "full"],
      ["rules + tokens + sha256 (main thread only)", "full-1thread"],
    ];
    const speed: Partial<Record<Phase, number>> = {};
    const cpuSeconds: Partial<Record<Phase, number>> = {};
    const rssMb: Partial<Record<Phase, number>> = {};
    for (const [label, phase] of rows) {
      const m = measure(phase, big);
      speed[phase] = sizeMb / m.seconds;
      const rss =
        m.maxRssMb === undefined
          ? ""
          : `, ${fmt(m.cpuSeconds!, 2)} s CPU = ${fmt(sizeMb / m.cpuSeconds!)} MB per CPU-second, peak RSS ${fmt(m.maxRssMb, 0)} MB`;
      if (m.cpuSeconds !== undefined) cpuSeconds[phase] = m.cpuSeconds;
      if (m.maxRssMb !== undefined) rssMb[phase] = m.maxRssMb;
      console.log(`  ${label.padEnd(44)} ${fmt(speed[phase]!).padStart(7)} MB/s  (${fmt(m.seconds, 2)} s${rss})`);
    }
    const ratio = speed.rules! / speed.bare!;
    const met = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(`  rules only / bare loop = ${fmt(ratio, 2)} (goal >= 0.5: ${met(ratio >= 0.5)})`);
    console.log(`  full check = ${fmt(speed.full!)} MB/s (goal >= 50: ${met(speed.full! >= 50)})`);
    console.log(
      `  full check peak RSS = ${fmt(rssMb.full!, 0)} MB (goal <= 300, flat from 200 MB to 1 GB: ${met(rssMb.full! <= 300)} at this size)`,
    );
    // What the same CPU work would take with every core free (an upper bound, not a measurement).
    const cores = availableParallelism();
    console.log(
      `  full check if all ${cores} cores were free: <= ${fmt(sizeMb / (cpuSeconds.full! / cores))} MB/s (CPU-bound estimate)`,
    );
    compareTokenizers(big);

    // Unchanged preview: 20 models x 20 MB, validated once (cold), then again with nothing changed.
    if (process.argv.includes("--skip-preview"))
      return void console.log(
        `load average at the end ${loadavg()
          .map((x) => fmt(x, 2))
          .join(" ")}`,
      );
    const cacheDir = join(dir, "cache");
    const files: string[] = [];
    t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      const f = join(dir, `model-${i}.jsonl`);
      await generateDataset(f, 20, 100 + i);
      files.push(f);
    }
    console.log(`generated 20 x 20 MB in ${fmt((performance.now() - t0) / 1000)} s`);
    t0 = performance.now();
    for (const f of files) await validateFileCached(f, OPTS, cacheDir);
    const cold = (performance.now() - t0) / 1000;
    t0 = performance.now();
    for (const f of files) await validateFileCached(f, OPTS, cacheDir);
    const warm = (performance.now() - t0) / 1000;
    console.log(
      `  preview of 20 models x 20 MB: first ${fmt(cold, 1)} s (${fmt((20 * 20) / cold)} MB/s), unchanged ${fmt(warm * 1000, 1)} ms`,
    );
    console.log(
      `load average at the end ${loadavg()
        .map((x) => fmt(x, 2))
        .join(" ")}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === PHASE_FLAG) {
  runPhase(process.argv[3] as Phase, process.argv[4]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
