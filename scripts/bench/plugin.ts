// Benchmark of an unchanged `pulumi preview` of one model through the provider plugin (a Pulumi YAML program,
// FineTunedModel through construct) beside the dynamic path (the TypeScript program, the same model in its stack
// config), on the same local service, alternating. The machine is shared, so besides the wall time it prints the
// CPU seconds (user + system) of the whole `pulumi` process tree (CLI, language host, program, providers), read
// from this process's waited-for children in /proc/self/stat, and the CPU the in-process local service spent.
// Run: npm run bench -- plugin  (BENCH_RUNS=9 for more runs; BENCH_PROFILE=<dir> then writes a CPU profile of
// each Node process of one more preview of each; BENCH_KEEP=1 keeps the stacks).
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { createEmulator } from "../../emulator";
import { PROGRAM_FILES } from "../lib/program-files";
import { scratchPulumiEnv } from "../lib/scratch-pulumi-env";

const ROOT = path.resolve(__dirname, "../..");
const EXIT_ON_INTERRUPT = path.join(__dirname, "exit-on-interrupt.cjs");
const DATA = path.join(ROOT, "examples", "yaml-model", "data");

/** The model, as examples/yaml-model declares it: one shape for the component's inputs and the stack config. */
const MODEL = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "data/train.jsonl",
  suffix: "helpdesk",
  seed: 7,
  method: { type: "supervised", hyperparameters: { n_epochs: 2 } },
  deployment: { name: "helpdesk" },
};

const yamlProgram = (pluginDir: string) =>
  JSON.stringify({
    name: "bench-plugin",
    runtime: "yaml",
    plugins: { providers: [{ name: "foundry", path: pluginDir }] },
    resources: { helpdesk: { type: "foundry:index:FineTunedModel", properties: MODEL } },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Pulumi YAML interpolation, expanded by the YAML host
    outputs: { model: "${helpdesk.fineTunedModel}", endpoint: "${helpdesk.endpoint}" },
  });

interface Sample {
  wall: number;
  /** CPU seconds of the pulumi process tree. */
  tree: number;
  /** CPU seconds of this process meanwhile: the local service (the bench's own work is the same for both). */
  service: number;
}

const TICKS = 100; // USER_HZ: the unit of /proc/<pid>/stat's times on Linux

/** The CPU seconds of this process's children that have been waited for (cutime + cstime), with their children. */
function childrenCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // the name may hold spaces
  return (Number(fields[13]) + Number(fields[14])) / TICKS; // fields 16 and 17 of proc(5), counted from 1
}

async function timedPreview(stack: Stack): Promise<Sample> {
  const started = performance.now();
  const tree = childrenCpu();
  const own = process.cpuUsage();
  const result = await stack.preview();
  const changed = Object.entries(result.changeSummary ?? {}).filter(([op, n]) => op !== "same" && n > 0);
  if (changed.length > 0) throw new Error(`the preview was not unchanged: ${JSON.stringify(result.changeSummary)}`);
  const { user, system } = process.cpuUsage(own);
  return { wall: (performance.now() - started) / 1000, tree: childrenCpu() - tree, service: (user + system) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

async function workspace(dir: string, env: Record<string, string>, bin: string, home: string): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
  return LocalWorkspace.createOrSelectStack(
    { stackName: "bench", workDir: dir },
    { pulumiCommand, pulumiHome: home, envVars: env },
  );
}

export const PLUGIN_TITLE = "unchanged preview of one model: provider plugin (YAML) vs dynamic path (TypeScript)";

export async function benchPlugin(): Promise<Array<[string, string]>> {
  const toolchain = await import(path.join(ROOT, "scripts", "toolchain.mjs"));
  const bin: string = toolchain.ensureToolchain().bin;
  const yamlHostDir: string = toolchain.ensureYamlHost(bin);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-plugin-"));
  const serviceDir = path.join(scratch, "service");
  const apiKey = randomBytes(16).toString("hex");
  const emulator = await createEmulator({ dataDir: serviceDir, apiKey, timeScale: 0, log: () => undefined });
  const env: Record<string, string> = {
    ...(await scratchPulumiEnv(bin, scratch, "bench")),
    FOUNDRY_API_KEY: apiKey,
    FOUNDRY_POLL_MS: "100",
  };
  env.PATH = `${yamlHostDir}${path.delimiter}${env.PATH ?? process.env.PATH}`;
  const home = path.join(scratch, "home");
  try {
    // The provider plugin: a YAML program, the plugin found through Pulumi.yaml's path.
    const yaml = path.join(scratch, "yaml");
    mkdirSync(yaml, { recursive: true });
    cpSync(DATA, path.join(yaml, "data"), { recursive: true });
    // BENCH_PLUGIN=<folder> measures another copy of the plugin (e.g. an older commit's, from `git archive`).
    writeFileSync(
      path.join(yaml, "Pulumi.yaml"),
      yamlProgram(path.resolve(process.env.BENCH_PLUGIN ?? path.join(ROOT, "provider-plugin"))),
    );
    writeFileSync(
      path.join(yaml, "Pulumi.bench.yaml"),
      JSON.stringify({ config: { "foundry:accountName": "bench-plugin", "foundry:localDataDir": serviceDir } }),
    );
    // The dynamic path: the project's TypeScript program with the same model in its stack config.
    const ts = path.join(scratch, "ts");
    for (const entry of PROGRAM_FILES) cpSync(path.join(ROOT, entry), path.join(ts, entry), { recursive: true });
    cpSync(DATA, path.join(ts, "data"), { recursive: true });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(ts, "node_modules"), "dir");
    writeFileSync(
      path.join(ts, "Pulumi.bench.yaml"),
      JSON.stringify({
        config: {
          "foundry-finetune:account": { name: "bench-dynamic" },
          "foundry-finetune:local": { dataDir: serviceDir },
          "foundry-finetune:models": { helpdesk: MODEL },
        },
      }),
    );
    const plugin = await workspace(yaml, env, bin, home);
    const dynamic = await workspace(ts, env, bin, home);
    await plugin.up();
    await dynamic.up();
    await timedPreview(plugin); // the first previews after up fill the caches (compile, validation, preflight)
    await timedPreview(dynamic);

    const samples: [Sample[], Sample[]] = [[], []];
    for (let i = 0; i < runs; i++) {
      samples[0].push(await timedPreview(plugin));
      samples[1].push(await timedPreview(dynamic));
    }
    const load = os.loadavg()[0]!.toFixed(1);
    const figures: Array<[string, string]> = [];
    for (const [key, unit] of [
      ["wall", "s wall"],
      ["tree", "CPU-s of the pulumi process tree"],
      ["service", "CPU-s of the local service"],
    ] as const) {
      const [p, d] = samples.map((s) => s.map((x) => x[key]));
      figures.push([
        unit,
        `plugin ${median(p!).toFixed(2)} (${spread(p!)}) vs dynamic ${median(d!).toFixed(2)} (${spread(d!)}) = ${(median(p!) / median(d!)).toFixed(2)}x`,
      ]);
    }
    figures.push(["runs", `median of ${runs}, alternating; load average ${load} at the end`]);
    const profiles = process.env.BENCH_PROFILE;
    if (profiles) {
      // One more preview of each with every Node process of the tree writing a CPU profile (the plugin, the
      // TypeScript program and its providers; the CLI and the YAML host are Go).
      for (const [name, stack] of [
        ["plugin", plugin],
        ["dynamic", dynamic],
      ] as const) {
        const dir = path.resolve(profiles, name);
        mkdirSync(dir, { recursive: true });
        stack.workspace.envVars.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir} --require ${EXIT_ON_INTERRUPT}`;
        await timedPreview(stack);
        delete stack.workspace.envVars.NODE_OPTIONS;
      }
      figures.push(["profiles", path.resolve(profiles)]);
    }
    return figures;
  } finally {
    await emulator.close();
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPlugin().then(
    (figures) => {
      process.stdout.write(`${PLUGIN_TITLE}\n`);
      for (const [k, v] of figures) process.stdout.write(`  ${k}  ${v}\n`);
    },
    (e) => {
      process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
