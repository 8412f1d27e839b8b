// The campaign's summary: one row per scenario (pure formatting).
import type { RunResult } from "./run-result";

export interface ScenarioSummary {
  scenario: string;
  runs: number;
  converged: number;
  duplicateJobs: number;
  orphanFiles: number;
  orphanDeployments: number;
  nonEmptyPreviews: number;
  medianSeconds?: number;
  maxSeconds?: number;
}

export function summarize(scenario: string, results: RunResult[]): ScenarioSummary {
  const times = results
    .flatMap((r) => (r.secondsToConverge !== undefined ? [r.secondsToConverge] : []))
    .sort((a, b) => a - b);
  const sum = (pick: (r: RunResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    scenario,
    runs: results.length,
    converged: results.filter((r) => r.converged).length,
    duplicateJobs: sum((r) => r.duplicateJobs),
    orphanFiles: sum((r) => r.orphanFiles),
    orphanDeployments: sum((r) => r.orphanDeployments),
    nonEmptyPreviews: results.filter((r) => r.nonEmptyPreview).length,
    ...(times.length ? { medianSeconds: times[Math.floor((times.length - 1) / 2)]!, maxSeconds: times.at(-1)! } : {}),
  };
}

export function goalsMet(rows: ScenarioSummary[]): boolean {
  return rows.every(
    (r) =>
      r.converged === r.runs &&
      r.duplicateJobs === 0 &&
      r.orphanFiles === 0 &&
      r.orphanDeployments === 0 &&
      r.nonEmptyPreviews === 0,
  );
}

export function formatTable(rows: ScenarioSummary[]): string {
  const header = [
    "scenario",
    "runs",
    "converged",
    "duplicate jobs",
    "orphaned files",
    "orphaned deployments",
    "non-empty previews",
    "time to converge (median / max s)",
  ];
  const body = rows.map((r) => [
    r.scenario,
    String(r.runs),
    `${r.converged}/${r.runs} (${r.runs ? Math.round((100 * r.converged) / r.runs) : 0}%)`,
    String(r.duplicateJobs),
    String(r.orphanFiles),
    String(r.orphanDeployments),
    String(r.nonEmptyPreviews),
    r.medianSeconds !== undefined ? `${r.medianSeconds} / ${r.maxSeconds}` : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}
