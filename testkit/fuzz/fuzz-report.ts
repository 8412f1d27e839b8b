// Runs a fuzz property with fast-check and keeps what the tests and `npm run chaos -- --fuzz` report: how the
// cases ended (the first pass only, not shrinking's replays) and, on a finding, the shrunk counterexample with
// the seed and path that replay it (fc.assert(property, { seed, path })).
import fc from "fast-check";
import { describeSteps, type Step } from "./step";

type Outcome = "success" | "clear error" | "unclear error" | "crash";

export interface Verdict {
  outcome: Outcome;
  detail?: string;
  /** The rules an error named, in order. */
  rules?: string[];
}

export interface FuzzReport {
  cases: number;
  counts: Record<Outcome, number>;
  /** The first case that was neither a success nor a clear error, shrunk (the goal is none). */
  findings: { seed: number; path: string; mutations: string[]; outcome: Outcome; detail?: string }[];
  /** How often each rule named the cause of an error. */
  rules: Record<string, number>;
  /** fast-check's own report of the finding. */
  failure?: string;
}

export type FuzzOptions = { cases: number; seed: number };

type Steps = Step<unknown>[];

function recorder(cases: number) {
  const report: FuzzReport = {
    cases,
    counts: { success: 0, "clear error": 0, "unclear error": 0, crash: 0 },
    findings: [],
    rules: {},
  };
  let last: Verdict | undefined; // the newest finding; once shrinking ends, the counterexample's
  return {
    /** Counts a verdict; throws on a finding so fast-check shrinks it. */
    record(verdict: Verdict): void {
      if (last === undefined) {
        report.counts[verdict.outcome]++;
        for (const rule of new Set(verdict.rules)) report.rules[rule] = (report.rules[rule] ?? 0) + 1;
      }
      if (verdict.outcome === "success" || verdict.outcome === "clear error") return;
      last = verdict;
      throw new Error(`${verdict.outcome}: ${verdict.detail}`);
    },
    finish<S extends Steps>(details: fc.RunDetails<[S]>): FuzzReport {
      if (!details.failed) return report;
      const steps = details.counterexample?.[0] ?? [];
      const outcome = last?.outcome ?? "crash"; // no verdict: the check itself threw
      report.findings.push({
        seed: details.seed,
        path: details.counterexamplePath ?? "",
        mutations: describeSteps(steps),
        outcome,
        detail: last?.detail ?? String(details.errorInstance),
      });
      report.failure = fc.defaultReportMessage(details);
      return report;
    },
  };
}

export function fuzz<S extends Steps>(
  steps: fc.Arbitrary<S>,
  check: (steps: S) => Verdict,
  options: FuzzOptions,
): FuzzReport {
  const r = recorder(options.cases);
  const details = fc.check(
    fc.property(steps, (s) => r.record(check(s))),
    { numRuns: options.cases, seed: options.seed },
  );
  return r.finish(details);
}

export async function fuzzAsync<S extends Steps>(
  steps: fc.Arbitrary<S>,
  check: (steps: S) => Promise<Verdict>,
  options: FuzzOptions,
): Promise<FuzzReport> {
  const r = recorder(options.cases);
  const details = await fc.check(
    fc.asyncProperty(steps, async (s) => r.record(await check(s))),
    { numRuns: options.cases, seed: options.seed },
  );
  return r.finish(details);
}
