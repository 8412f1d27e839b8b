// Dataset fuzzing at the level of the program's planning functions (program/dataset-plan.ts planFile and
// gate, which run validate/): every mutated file must plan cleanly or fail with a DatasetError whose every
// line names file:line and an error rule. Anything else (a crash, a stack trace, a vague message) is a finding.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatasetError, gate, planFile } from "../../program/dataset-plan";
import { RULES } from "../../validate";
import { type DatasetSteps, datasetSteps, mutateDataset } from "./dataset-mutations";
import { type FuzzOptions, type FuzzReport, fuzzAsync, type Verdict } from "./fuzz-report";

export const SAMPLE_DATASET = path.resolve(__dirname, "..", "..", "datasets", "clippy", "train.jsonl");
const BASE_MODEL = "gpt-4.1-mini-2025-04-14";

const FINDING_LINE = /^ {2}(.+?):(\d+): error ([a-z_]+\.[a-z0-9_]+): \S/;

/** Pure: is this DatasetError message clear (every line file:line: error rule: message, for this file, no stack)? */
export function clearDatasetError(
  message: string,
  file: string,
  lineCount: number,
): { clear: boolean; rules: string[]; why?: string } {
  const [head, ...lines] = message.split("\n");
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(message)) return { clear: false, rules: [], why: "stack trace in the message" };
  if (head === `${file}: file not found`) return { clear: true, rules: [] };
  if (!head?.startsWith("dataset validation failed; nothing was uploaded:"))
    return { clear: false, rules: [], why: `unexpected first line: ${head}` };
  if (lines.length === 0) return { clear: false, rules: [], why: "no finding listed" };
  const rules: string[] = [];
  for (const line of lines) {
    const m = FINDING_LINE.exec(line);
    if (!m) return { clear: false, rules, why: `line without file:line: error rule: ${line.slice(0, 200)}` };
    if (m[1] !== file) return { clear: false, rules, why: `names another file: ${m[1]}` };
    const n = Number(m[2]);
    if (n < 0 || n > lineCount + 1)
      return { clear: false, rules, why: `line ${n} outside the file (${lineCount} lines)` };
    if (!(m[3]! in RULES)) return { clear: false, rules, why: `unknown rule ${m[3]}` };
    rules.push(m[3]!);
  }
  return { clear: true, rules };
}

/** Plans one mutated file in a project dir, the way the program does. */
export function datasetChecker(projectDir: string, original: Buffer): (steps: DatasetSteps) => Promise<Verdict> {
  let n = 0; // a new name per case: validate/'s cache is keyed by the file's identity on disk
  return async (steps) => {
    const bytes = mutateDataset(original, steps);
    const file = `datasets/fuzz-${n++}.jsonl`;
    writeFileSync(path.join(projectDir, file), bytes);
    try {
      gate([await planFile(projectDir, file, "training", "supervised", BASE_MODEL)]);
      return { outcome: "success" };
    } catch (error) {
      if (!(error instanceof DatasetError))
        return { outcome: "crash", detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
      const verdict = clearDatasetError(error.message, file, bytes.toString("utf8").split("\n").length);
      return { outcome: verdict.clear ? "clear error" : "unclear error", detail: verdict.why, rules: verdict.rules };
    } finally {
      rmSync(path.join(projectDir, file), { force: true });
    }
  };
}

/** A temp project with a datasets/ folder, removed after `use`. */
export async function withProject<T>(use: (projectDir: string) => Promise<T>): Promise<T> {
  const projectDir = mkdtempSync(path.join(os.tmpdir(), "foundry-fuzz-data-"));
  mkdirSync(path.join(projectDir, "datasets"));
  try {
    return await use(projectDir);
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

export function fuzzDatasets(options: FuzzOptions): Promise<FuzzReport> {
  return withProject((dir) => fuzzAsync(datasetSteps, datasetChecker(dir, readFileSync(SAMPLE_DATASET)), options));
}
