// Runs scenarios (a few at a time) and summarises them. Used by `npm run chaos` and by test/chaos.
import type { RunResult } from "./run-result";
import { SCENARIOS, type Scenario } from "./scenarios";
import { type ScenarioSummary, summarize } from "./table";

export interface CampaignOptions {
  /** Multiplies every scenario's default number of runs; or `runsPerScenario` sets it outright. */
  runs?: number;
  runsPerScenario?: number;
  /** Scenario ids (or their letter) to run; all when empty. */
  only?: string[];
  seed?: number;
  /** Runs at the same time (each has its own project, state and service). */
  concurrency?: number;
  log?: (message: string) => void;
}

export interface CampaignReport {
  rows: ScenarioSummary[];
  results: RunResult[];
  seconds: number;
}

function selectScenarios(only: string[] = []): Scenario[] {
  if (only.length === 0) return SCENARIOS;
  return SCENARIOS.filter((s) => only.some((o) => s.id === o || s.id.startsWith(`${o}-`)));
}

export async function runCampaign(options: CampaignOptions = {}): Promise<CampaignReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const scenarios = selectScenarios(options.only);
  const queue = scenarios.flatMap((scenario) => {
    const runs = options.runsPerScenario ?? scenario.defaultRuns * (options.runs ?? 1);
    return Array.from({ length: runs }, (_, i) => ({ scenario, run: i + 1 }));
  });
  const results: RunResult[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { scenario, run } = next;
      const runSeed = seed * 1000 + SCENARIOS.indexOf(scenario) * 100 + run;
      log(`${scenario.id} run ${run}: start`);
      const result = await scenario.run({ run, seed: runSeed, log });
      results.push(result);
      log(
        `${scenario.id} run ${run}: ${result.converged ? "converged" : "NOT converged"}${result.secondsToConverge !== undefined ? ` in ${result.secondsToConverge} s` : ""}${result.notes.length ? `\n    ${result.notes.join("\n    ")}` : ""}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  results.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.run - b.run);
  const rows = scenarios.map((s) =>
    summarize(
      s.id,
      results.filter((r) => r.scenario === s.id),
    ),
  );
  return { rows, results, seconds: Math.round((Date.now() - started) / 1000) };
}
