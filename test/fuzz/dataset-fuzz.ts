// Dataset fuzzing at the level of the program's planning functions (program/dataset-plan.ts planFile and
// gate, which run validate/): every mutated file must plan cleanly or fail with a DatasetError whose every
// line names file:line and an error rule. Anything else (a crash, a stack trace, a vague message) is a finding.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatasetError, gate, planFile } from "../../program/dataset-plan";
import { RULES } from "../../validate";
import { mutateDataset } from "./dataset-mutations";
import { seeded } from "../../scripts/chaos/random";

export const SAMPLE_DATASET = path.resolve(__dirname, "..", "..", "datasets", "clippy", "train.jsonl");
const BASE_MODEL = "gpt-4.1-mini-2025-04-14";

type Outcome = "success" | "clear error" | "unclear error" | "crash";

export interface CaseResult {
  seed: number;
  mutations: string[];
  outcome: Outcome;
  detail?: string;
}

export interface FuzzReport {
  cases: number;
  counts: Record<Outcome, number>;
  /** The cases that were neither a success nor a clear error (all of them: the goal is none). */
  findings: CaseResult[];
  /** How often each rule named the cause of an error, across all cases. */
  rules: Record<string, number>;
}

const FINDING_LINE = /^ {2}(.+?):(\d+): error ([a-z_]+\.[a-z0-9_]+): \S/;

/** Pure: is this DatasetError message clear (every line file:line: error rule: message, for this file, no stack)? */
export function clearDatasetError(message: string, file: string, lineCount: number): { clear: boolean; rules: string[]; why?: string } {
  const [head, ...lines] = message.split("\n");
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(message)) return { clear: false, rules: [], why: "stack trace in the message" };
  if (head === `${file}: file not found`) return { clear: true, rules: [] };
  if (!head?.startsWith("dataset validation failed; nothing was uploaded:")) return { clear: false, rules: [], why: `unexpected first line: ${head}` };
  if (lines.length === 0) return { clear: false, rules: [], why: "no finding listed" };
  const rules: string[] = [];
  for (const line of lines) {
    const m = FINDING_LINE.exec(line);
    if (!m) return { clear: false, rules, why: `line without file:line: error rule: ${line.slice(0, 200)}` };
    if (m[1] !== file) return { clear: false, rules, why: `names another file: ${m[1]}` };
    const n = Number(m[2]);
    if (n < 0 || n > lineCount + 1) return { clear: false, rules, why: `line ${n} outside the file (${lineCount} lines)` };
    if (!(m[3]! in RULES)) return { clear: false, rules, why: `unknown rule ${m[3]}` };
    rules.push(m[3]!);
  }
  return { clear: true, rules };
}

export async function runDatasetCase(projectDir: string, original: Buffer, seed: number): Promise<CaseResult & { rules: string[] }> {
  const c = mutateDataset(original, seed, seeded(seed));
  const file = `datasets/fuzz-${seed}.jsonl`;
  writeFileSync(path.join(projectDir, file), c.bytes);
  const lineCount = c.bytes.toString("utf8").split("\n").length;
  try {
    const planned = await planFile(projectDir, file, "training", "supervised", BASE_MODEL);
    gate([planned]);
    return { seed, mutations: c.mutations, outcome: "success", rules: [] };
  } catch (error) {
    if (!(error instanceof DatasetError)) {
      return { seed, mutations: c.mutations, outcome: "crash", detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500), rules: [] };
    }
    const verdict = clearDatasetError(error.message, file, lineCount);
    return verdict.clear
      ? { seed, mutations: c.mutations, outcome: "clear error", rules: verdict.rules }
      : { seed, mutations: c.mutations, outcome: "unclear error", detail: verdict.why!, rules: verdict.rules };
  } finally {
    rmSync(path.join(projectDir, file), { force: true });
  }
}

/** Runs `cases` seeded cases (seeds seed..seed+cases-1) in a temp project dir, removed afterwards. */
export async function fuzzDatasets(options: { cases: number; seed: number }): Promise<FuzzReport> {
  const original = readFileSync(SAMPLE_DATASET);
  const projectDir = mkdtempSync(path.join(os.tmpdir(), "foundry-fuzz-data-"));
  mkdirSync(path.join(projectDir, "datasets"));
  const report: FuzzReport = { cases: options.cases, counts: { success: 0, "clear error": 0, "unclear error": 0, crash: 0 }, findings: [], rules: {} };
  try {
    for (let i = 0; i < options.cases; i++) {
      const { rules, ...result } = await runDatasetCase(projectDir, original, options.seed + i);
      report.counts[result.outcome]++;
      for (const rule of new Set(rules)) report.rules[rule] = (report.rules[rule] ?? 0) + 1;
      if (result.outcome === "crash" || result.outcome === "unclear error") report.findings.push(result);
    }
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
  return report;
}
