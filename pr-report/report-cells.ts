// The report's cells and words: numbers, plurals, before -> after, where a finding is, and Markdown that stays in
// its table cell and inside the <details> around it.
import { UNKNOWN } from "../resources/shared/unknown";
import { formatTokens } from "../validate/number-format";
import { formatValue } from "./input-diff";
import type { Estimate, Finding } from "./preview-json";

export function examplesCell(now: Estimate | undefined, before: Estimate | undefined): string {
  if (now?.examples === undefined) return "—";
  const delta = before?.examples === undefined ? 0 : now.examples - before.examples;
  return delta === 0 ? num(now.examples) : `${num(now.examples)} (${delta > 0 ? "+" : ""}${num(delta)})`;
}

export function billedCell(e: Estimate): string {
  const epochs = e.epochs === undefined ? "" : ` (${e.epochsEstimated ? "~" : ""}${e.epochs} epochs)`;
  return `${formatTokens(e.billedTokens!)}${epochs}`;
}

export function warningsCell(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  return errors > 0 ? `${plural(errors, "error")}, ${warnings}` : String(warnings);
}

/** "before → after" when it changes, the value otherwise; model names in code spans. */
export function transition(before: unknown, after: unknown, action: string, code = false): string {
  const show = (v: unknown) => {
    if (v === undefined) return "—";
    if (v === UNKNOWN) return "new fine-tuned model";
    const text = cell(formatValue(v));
    return code ? `\`${text}\`` : text;
  };
  if (action === "create") return show(after);
  if (action === "delete") return show(before);
  return JSON.stringify(before) === JSON.stringify(after) ? show(after) : `${show(before)} → ${show(after)}`;
}

export function num(n: number | undefined): string {
  return n === undefined ? "?" : n.toLocaleString("en-US");
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// Line 0 is a finding about the whole file (for example too few examples).
export function location(f: Finding): string {
  return f.line === undefined || f.line <= 0 ? f.file : `${f.file}:${f.line}`;
}

export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\u0000${f.line}\u0000${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

// Table cells: one line, no column breaks, no HTML that could close the <details> around them.
export function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

export function escapeInline(text: string): string {
  return escapeHtml(text.replace(/\s*\n\s*/g, " "));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
