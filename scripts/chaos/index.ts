// `npm run chaos [-- --runs N] [--only a,b] [--seed S] [--concurrency C] [--fuzz [--cases N]]`
// The fault campaign against the local Foundry service (loopback only; ends by itself), or with --fuzz the
// long input-fuzzing run. Prints the table; exits non-zero when a goal is missed.
import { parseArgs } from "node:util";
import { runCampaign } from "./campaign";
import { SCENARIOS } from "./scenarios";
import { formatTable, goalsMet } from "./table";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "1" },
      only: { type: "string" },
      seed: { type: "string", default: "1" },
      concurrency: { type: "string", default: "2" },
      fuzz: { type: "boolean", default: false },
      cases: { type: "string", default: "1000" },
      verbose: { type: "boolean", default: false },
    },
  });
  const number = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got '${text}')`);
    return n;
  };
  if (values.fuzz) {
    const { runFuzzCommand } = await import("./fuzz-command");
    return runFuzzCommand({ cases: number("cases", values.cases, 1), seed: number("seed", values.seed, 0) });
  }
  const only = values.only
    ? values.only
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  process.stderr.write(`chaos: scenarios ${SCENARIOS.map((s) => s.id).join(", ")}; seed ${values.seed}\n`);
  const report = await runCampaign({
    runs: number("runs", values.runs, 1),
    only,
    seed: number("seed", values.seed, 0),
    concurrency: number("concurrency", values.concurrency, 1),
    log: (m) => process.stderr.write(`chaos: ${values.verbose ? m : m.split("\n").slice(0, 4).join("\n")}\n`),
  });
  process.stdout.write(
    `\n${formatTable(report.rows)}\n\n${report.results.length} runs in ${report.seconds} s. Goals (100% converged, 0 duplicates, 0 orphans, 0 non-empty previews): ${goalsMet(report.rows) ? "met" : "NOT met"}\n`,
  );
  return goalsMet(report.rows) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`chaos: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
