// The conformance table: every recorded scenario replayed against a real local service (started as the tests
// start it, on port 0), each difference classified against the one documented list
// (emulator/conformance-differences.ts). Used by `npm run conformance` and by conformance.test.ts.
import { DOCUMENTED_DIFFERENCES, type DocumentedDifference } from "../../emulator/conformance-differences";
import { startEmulator } from "../emulator/helpers";
import type { FieldComparison } from "./compare";
import { type ExchangeResult, loadScenarios, replayScenario, type Scenario } from "./replay";

type Verdict = "same" | "documented difference" | "UNDOCUMENTED";
interface TableRow {
  exchange: string;
  field: string;
  azure: string;
  local: string;
  verdict: Verdict;
  reason?: string;
}
export interface ConformanceReport {
  scenarios: number;
  exchanges: number;
  fieldsCompared: number;
  rows: TableRow[];
  undocumented: TableRow[];
  /** Documented differences no exchange showed: the list says more than is true. */
  unused: DocumentedDifference[];
}

/** The documented difference a row matches, if any. */
function documented(
  scenario: string,
  label: string,
  row: FieldComparison,
  list: DocumentedDifference[],
): DocumentedDifference | undefined {
  return list.find(
    (d) =>
      (!d.scenario || d.scenario.test(scenario)) &&
      (!d.exchange || d.exchange.test(label)) &&
      d.field.test(row.field) &&
      row.kind !== undefined &&
      d.kind.includes(row.kind),
  );
}

/** Classifies replayed exchanges (pure): one row per difference, one "same" row per exchange without any. */
export function classify(
  results: ExchangeResult[],
  scenarios: number,
  list = DOCUMENTED_DIFFERENCES,
): ConformanceReport {
  const rows: TableRow[] = [];
  const used = new Set<DocumentedDifference>();
  let fieldsCompared = 0;
  for (const r of results) {
    const exchange = `${r.scenario} #${r.index + 1} ${r.label}`;
    fieldsCompared += r.rows.length;
    const differing = r.rows.filter((row) => row.kind);
    if (differing.length === 0)
      rows.push({ exchange, field: `(${r.rows.length} fields)`, azure: "", local: "", verdict: "same" });
    for (const row of differing) {
      const d = documented(r.scenario, r.label, row, list);
      if (d) used.add(d);
      rows.push({
        exchange,
        field: row.field,
        azure: row.azure,
        local: row.local,
        verdict: d ? "documented difference" : "UNDOCUMENTED",
        ...(d ? { reason: d.reason } : {}),
      });
    }
  }
  return {
    scenarios,
    exchanges: results.length,
    fieldsCompared,
    rows,
    undocumented: rows.filter((r) => r.verdict === "UNDOCUMENTED"),
    unused: list.filter((d) => !used.has(d)),
  };
}

/** Starts a local service on port 0, replays every scenario, stops the service. */
export async function runConformance(scenarios: Scenario[] = loadScenarios()): Promise<ConformanceReport> {
  const emu = await startEmulator({ timeScale: 1 });
  try {
    const svc = {
      url: emu.url,
      apiKey: emu.apiKey,
      setTimeScale: async (timeScale: number) => {
        const r = await emu.admin("PUT", "/_emulator/time-scale", { timeScale });
        if (r.status !== 200) throw new Error(`time-scale: ${r.status}`);
      },
    };
    const results: ExchangeResult[] = [];
    for (const s of scenarios) results.push(...(await replayScenario(svc, s)));
    return classify(results, scenarios.length);
  } finally {
    await emu.close();
  }
}

/** The table as Markdown, then the totals. */
export function renderTable(report: ConformanceReport): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").slice(0, 80);
  const lines = ["| exchange | field | Azure | local | verdict |", "|---|---|---|---|---|"];
  for (const r of report.rows)
    lines.push(`| ${cell(r.exchange)} | ${cell(r.field)} | ${cell(r.azure)} | ${cell(r.local)} | ${r.verdict} |`);
  const reasons = [...new Set(report.rows.filter((r) => r.reason).map((r) => r.reason!))];
  lines.push("", "Documented differences seen:", ...reasons.map((r) => `- ${r}`));
  if (report.unused.length > 0)
    lines.push(
      "",
      "Documented but not seen (remove from emulator/conformance-differences.ts):",
      ...report.unused.map((d) => `- ${d.reason}`),
    );
  lines.push(
    "",
    `${report.exchanges} recorded exchanges in ${report.scenarios} scenarios compared (${report.fieldsCompared} fields); ` +
      `${report.undocumented.length} undocumented difference(s), ${report.rows.filter((r) => r.verdict === "documented difference").length} documented.`,
  );
  return lines.join("\n");
}
