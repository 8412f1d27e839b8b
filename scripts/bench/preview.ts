// Benchmark of an unchanged `pulumi preview` of the real program for 1, 10 and 30 models, beside a baseline
// program with the same number of trivial dynamic resources, in the same run, with the same CLI: wall clock, and
// the CPU (user + system) of the whole pulumi process tree (CLI, language host, program, providers), which a
// loaded machine disturbs much less. The local service runs in this process, so its CPU is not counted.
// Run: tsx scripts/bench/preview.ts  (or `npm run bench -- preview`); BENCH_MODELS=1,10 for other sizes.
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { createEmulator } from "../../emulator";
import { PROGRAM_FILES } from "../lib/program-files";
import { scratchPulumiEnv } from "../lib/scratch-pulumi-env";

const ROOT = path.resolve(__dirname, "../..");

const BASELINE_INDEX = `import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) { return { id: inputs.name, outs: inputs }; },
  async diff(_id: string, olds: any, news: any) { return { changes: olds.name !== news.name }; },
};
const n = Number(new pulumi.Config().require("resources"));
for (let i = 0; i < n; i++) new pulumi.dynamic.Resource(provider, "r" + i, { name: "r" + i }, {}, "baseline", "Thing");
`;

async function workspace(dir: string, env: Record<string, string>, bin: string): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
  return LocalWorkspace.createOrSelectStack(
    { stackName: "bench", workDir: dir },
    { pulumiCommand, pulumiHome: path.join(dir, "..", "home"), envVars: env },
  );
}

/**
 * Seconds of CPU (user + system) of this process's children that have ended and been waited for, from
 * /proc/self/stat (cutime + cstime, in clock ticks of 1/100 s): the CLI waits for its language host, program and
 * providers, so a preview's difference is its whole process tree. Undefined where there is no /proc.
 */
export function childrenCpuSeconds(read: () => string | undefined = readProcSelfStat): number | undefined {
  const stat = read();
  if (stat === undefined) return undefined;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): state is 3rd.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return Number.isFinite(ticks) ? ticks / 100 : undefined;
}

function readProcSelfStat(): string | undefined {
  try {
    return readFileSync("/proc/self/stat", "utf8");
  } catch {
    return undefined;
  }
}

interface Timing {
  wallMs: number;
  cpuS?: number;
}

async function timedPreview(stack: Stack): Promise<Timing> {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const result = await stack.preview();
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuSeconds();
  const changed = Object.entries(result.changeSummary ?? {}).filter(([op, n]) => op !== "same" && n > 0);
  if (changed.length > 0) throw new Error(`the preview was not unchanged: ${JSON.stringify(result.changeSummary)}`);
  return { wallMs, ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuS: cpuAfter - cpuBefore } : {}) };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Medians of alternating previews of the two stacks, so that a change in the machine's load hits both alike. */
async function alternatingMedians(a: Stack, b: Stack, runs = 5): Promise<[Timing, Timing]> {
  const times: [Timing[], Timing[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    times[0].push(await timedPreview(a));
    times[1].push(await timedPreview(b));
  }
  const summary = (ts: Timing[]): Timing => {
    const cpus = ts.flatMap((t) => (t.cpuS === undefined ? [] : [t.cpuS]));
    return { wallMs: median(ts.map((t) => t.wallMs)), ...(cpus.length === ts.length ? { cpuS: median(cpus) } : {}) };
  };
  return [summary(times[0]), summary(times[1])];
}

/**
 * A training file of `count` distinct chat examples made from the sample dataset's, so that the models validate
 * without findings: under 50 examples the sample dataset warns (Azure suggests at least 50), one diagnostic per
 * model that the trivial baseline has no counterpart for. The bench measures what the resources cost. UTF-8 with a
 * BOM, as Azure documents fine-tuning JSONL.
 */
export function benchTrainingFile(sample: string, count = 100): string {
  const examples = sample
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
  const lines = Array.from({ length: count }, (_, i) => {
    const example = examples[i % examples.length]!;
    const round = Math.floor(i / examples.length);
    const messages = example.messages.map((m) =>
      m.role === "user" && round > 0 ? { ...m, content: `${m.content} (take ${round + 1})` } : m,
    );
    return `${JSON.stringify({ messages })}\n`;
  });
  return `\uFEFF${lines.join("")}`;
}

const BENCH_TRAINING_FILE = "datasets/bench/train.jsonl";

export const PREVIEW_TITLE =
  "unchanged preview (median of 5, alternating with the baseline): wall clock, and CPU of the pulumi process tree";

export async function benchPreview(): Promise<Array<[string, string]>> {
  const toolchain = await import(path.join(ROOT, "scripts", "toolchain.mjs"));
  const bin: string = toolchain.ensureToolchain().bin;
  const sizes = (process.env.BENCH_MODELS ?? "1,10,30").split(",").map(Number);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-preview-"));
  const apiKey = randomBytes(16).toString("hex");
  const emulator = await createEmulator({
    dataDir: path.join(scratch, "service"),
    apiKey,
    timeScale: 0,
    log: () => undefined,
  }); // no artificial delays
  // The Automation API adds these to the inherited environment; PULUMI_HOME is its pulumiHome option.
  const env: Record<string, string> = {
    ...(await scratchPulumiEnv(bin, scratch, "bench")),
    FOUNDRY_API_KEY: apiKey,
    FOUNDRY_POLL_MS: "100",
    // The previews measure a cached preflight pass, the default. The cache is trusted 10 minutes, and the
    // 100-model row's `up` and previews can outlast that on a loaded machine: an hour keeps every preview cached.
    // FOUNDRY_PREFLIGHT_TTL_SECONDS=0 measures previews that run the preflight checks every time.
    FOUNDRY_PREFLIGHT_TTL_SECONDS: process.env.FOUNDRY_PREFLIGHT_TTL_SECONDS ?? "3600",
  };
  const figures: Array<[string, string]> = [];
  try {
    for (const n of sizes) {
      const program = path.join(scratch, `program-${n}`, "project");
      for (const entry of PROGRAM_FILES) cpSync(path.join(ROOT, entry), path.join(program, entry), { recursive: true });
      symlinkSync(path.join(ROOT, "node_modules"), path.join(program, "node_modules"), "dir");
      mkdirSync(path.join(program, path.dirname(BENCH_TRAINING_FILE)), { recursive: true });
      writeFileSync(
        path.join(program, BENCH_TRAINING_FILE),
        benchTrainingFile(readFileSync(path.join(ROOT, "datasets/clippy/train.jsonl"), "utf8")),
      );
      const models = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `m${i}`,
          {
            baseModel: "gpt-4.1-mini-2025-04-14",
            trainingFile: BENCH_TRAINING_FILE,
            seed: i,
            method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 36 } },
            deployment: { name: `m${i}` },
          },
        ]),
      );
      const account = `bench${n}`;
      // The 5-deployment limit per account is Azure's; the benchmark measures previews, so deployments are per model only up to it.
      if (n > 5)
        for (const [i, m] of Object.values(models).entries())
          if (i >= 5) delete (m as { deployment?: unknown }).deployment;
      writeFileSync(
        path.join(program, "Pulumi.bench.yaml"),
        JSON.stringify({
          config: {
            "foundry-finetune:account": { name: account },
            "foundry-finetune:local": { dataDir: path.join(scratch, "service") },
            "foundry-finetune:models": models,
          },
        }),
      );
      const stack = await workspace(program, env, bin);
      await stack.up();
      const resources = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) =>
        r.type.startsWith("pulumi-nodejs:dynamic/"),
      ).length;

      const baseline = path.join(scratch, `baseline-${n}`, "project");
      mkdirSync(baseline, { recursive: true });
      writeFileSync(path.join(baseline, "index.ts"), BASELINE_INDEX);
      writeFileSync(
        path.join(baseline, "Pulumi.yaml"),
        "name: baseline\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
      );
      writeFileSync(path.join(baseline, "package.json"), JSON.stringify({ name: "baseline", main: "index.ts" }));
      cpSync(path.join(ROOT, "tsconfig.json"), path.join(baseline, "tsconfig.json"));
      symlinkSync(path.join(ROOT, "node_modules"), path.join(baseline, "node_modules"), "dir");
      const base = await workspace(baseline, env, bin);
      await base.setConfig("resources", { value: String(resources) });
      await base.up();

      const [ours, theirs] = await alternatingMedians(stack, base);
      const cpu =
        ours.cpuS !== undefined && theirs.cpuS !== undefined
          ? `; CPU ${ours.cpuS.toFixed(2)} s vs ${theirs.cpuS.toFixed(2)} s = ${(ours.cpuS / theirs.cpuS).toFixed(2)}x`
          : "";
      figures.push([
        `unchanged preview, ${n} model(s) (${resources} resources)`,
        `${(ours.wallMs / 1000).toFixed(2)} s vs baseline ${(theirs.wallMs / 1000).toFixed(2)} s = ${(ours.wallMs / theirs.wallMs).toFixed(2)}x${cpu} (goal <= 1.10x; load average ${os.loadavg()[0]!.toFixed(1)})`,
      ]);
    }
  } finally {
    await emulator.close();
    // BENCH_KEEP=1 leaves the stacks behind for profiling (NODE_OPTIONS=--cpu-prof pulumi preview in them).
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  return figures;
}

if (require.main === module) {
  benchPreview().then(
    (figures) => {
      process.stdout.write(`${PREVIEW_TITLE}\n`);
      for (const [k, v] of figures) process.stdout.write(`  ${k}  ${v}\n`);
    },
    (e) => {
      process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
