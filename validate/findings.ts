// Collects findings for one file, capping each rule so a systematic problem in a big file gives a readable
// report (and bounded memory) instead of a million lines.

import { RULES, type RuleId } from "./rules";
import type { Finding, Severity } from "./types";

export const MAX_FINDINGS_PER_RULE = 20;

export class FindingCollector {
  private readonly findings: Finding[] = [];
  private readonly counts = new Map<string, { shown: number; hidden: number; severity: Severity }>();

  constructor(private readonly file: string) {}

  add(line: number, rule: RuleId, message: string, severity: Severity = RULES[rule].severity): void {
    const key = `${rule}:${severity}`;
    const c = this.counts.get(key) ?? { shown: 0, hidden: 0, severity };
    this.counts.set(key, c);
    if (c.shown >= MAX_FINDINGS_PER_RULE) {
      c.hidden++;
      return;
    }
    c.shown++;
    this.findings.push({ file: this.file, line, rule, severity, message });
  }

  /** Findings sorted by line (file-level ones, line 0, first), with one note per capped rule. */
  result(): Finding[] {
    const out = [...this.findings];
    for (const [key, c] of this.counts) {
      if (c.hidden === 0) continue;
      const rule = key.slice(0, key.lastIndexOf(":"));
      out.push({
        file: this.file,
        line: 0,
        rule,
        severity: c.severity,
        message: `${c.hidden} more line(s) break this rule (first ${MAX_FINDINGS_PER_RULE} shown)`,
      });
    }
    return out.sort((a, b) => a.line - b.line);
  }
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.severity} ${f.rule}: ${f.message}`;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
