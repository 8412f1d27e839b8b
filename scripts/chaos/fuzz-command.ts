// `npm run chaos -- --fuzz [--cases N] [--seed S]`: the long input-fuzzing run. N seeded mutations of the
// sample dataset and of the stack config through the program's planning functions, then a few cases
// through the real CLI counting the local service's requests. Prints the counts; non-zero exit on a finding.
import { runCliCases } from "../../testkit/fuzz/cli-cases";
import { fuzzConfigs } from "../../testkit/fuzz/config-fuzz";
import { fuzzDatasets } from "../../testkit/fuzz/dataset-fuzz";

const line = (label: string, counts: Record<string, number>, cases: number) =>
  `${label.padEnd(9)} ${String(cases).padStart(6)} cases: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`;

export async function runFuzzCommand(options: { cases: number; seed: number }): Promise<number> {
  const started = Date.now();
  const data = await fuzzDatasets({ cases: options.cases, seed: options.seed });
  const config = fuzzConfigs({ cases: options.cases, seed: options.seed });
  process.stdout.write(
    `\n${line("dataset", data.counts, data.cases)}\n${line("config", config.counts, config.cases)}\n`,
  );
  process.stdout.write(
    `dataset rules named: ${Object.entries(data.rules)
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${r} ${n}`)
      .join(", ")}\n`,
  );
  const show = (findings: { seed: number; mutations: string[]; outcome: string; detail?: string }[]) => {
    const groups = new Map<string, number[]>();
    for (const f of findings) {
      const key = `${f.outcome}: ${(f.detail ?? "").replace(/foundry-finetune:\S+/g, "<key>").slice(0, 160)}`;
      groups.set(key, [...(groups.get(key) ?? []), f.seed]);
    }
    for (const [key, seeds] of groups)
      process.stdout.write(
        `  ${seeds.length} x ${key} (seeds ${seeds.slice(0, 5).join(", ")}${seeds.length > 5 ? ", ..." : ""})\n`,
      );
  };
  if (data.findings.length) show(data.findings);
  if (config.findings.length) show(config.findings);

  const cli = await runCliCases({
    datasetCases: 6,
    seed: options.seed,
    log: (m) => process.stderr.write(`fuzz: ${m}\n`),
  });
  const cliOk = cli.filter((c) => c.exitCode !== 0 && c.named && !c.stackTrace && c.requests === 0);
  process.stdout.write(
    `real CLI  ${String(cli.length).padStart(6)} cases: failed with the location and no stack trace ${cli.filter((c) => c.exitCode !== 0 && c.named && !c.stackTrace).length}, ` +
      `requests to the service ${cli.reduce((n, c) => n + c.requests, 0)}, uploads ${cli.reduce((n, c) => n + c.uploads, 0)}\n`,
  );
  process.stdout.write(`${Math.round((Date.now() - started) / 1000)} s\n`);
  const crashes = data.counts.crash + config.counts.crash;
  const unclear = data.counts["unclear error"] + config.counts["unclear error"];
  return crashes === 0 && unclear === 0 && cliOk.length === cli.length ? 0 : 1;
}
