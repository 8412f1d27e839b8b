// Pure: the doctor's rows as a plain-text table (check, result, evidence).
type DoctorResult = "pass" | "fail" | "warn" | "skip" | "info";
export interface DoctorRow {
  check: string;
  result: DoctorResult;
  detail: string;
  evidence: string;
}

export function formatTable(rows: DoctorRow[]): string {
  const cells = rows.map((r) => [r.check, `${r.result === "fail" ? "FAIL" : r.result}: ${r.detail}`, r.evidence]);
  const header = ["check", "result", "evidence"];
  const widths = header.map((h, i) => Math.min(80, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i < c.length - 1 ? v.padEnd(widths[i]!) : v))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
