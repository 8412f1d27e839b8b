// The folded part of a stack's report: per model its base, job, reasons, estimate, method, files and
// deployments; then every resource change, the findings not shown above, Pulumi's diagnostics and how costs are
// counted. The report cuts these blocks, never the visible tables, to stay under GitHub's comment limit.
import { formatUsd } from "../validate/number-format";
import { reasonsFor } from "./change-reasons";
import { formatValue } from "./input-diff";
import { deploymentView, fileView, type JobView, jobView, type ResourceChange } from "./preview-json";
import { cell, escapeHtml, escapeInline, location, num } from "./report-cells";
import { VISIBLE_FINDINGS } from "./report-visible";
import type { ModelRow, StackSummary } from "./stack-summary";

export function detailBlocks(s: StackSummary): string[] {
  const blocks = s.rows.map((r) => modelDetails(r, s.byUrn));
  if (s.changed.length > 0) {
    const lines = ["#### Resource changes", "", "| action | type | name |", "|---|---|---|"];
    for (const r of s.changed) lines.push(`| ${r.action} | \`${cell(r.type)}\` | ${cell(r.name)} |`);
    blocks.push(lines.join("\n") + "\n");
  }
  const infos = s.findings.filter((f) => f.severity !== "error" && f.severity !== "warning");
  const hidden = s.findings.filter((f) => f.severity === "error" || f.severity === "warning").slice(VISIBLE_FINDINGS);
  if (infos.length + hidden.length > 0) {
    const lines = ["#### More findings", "", "| severity | where | rule | message |", "|---|---|---|---|"];
    for (const f of [...hidden, ...infos])
      lines.push(`| ${f.severity} | ${cell(location(f))} | \`${cell(f.rule)}\` | ${cell(f.message)} |`);
    blocks.push(lines.join("\n") + "\n");
  }
  if (s.diagnostics.length > 0) {
    const lines = ["#### Pulumi diagnostics", ""];
    for (const d of s.diagnostics)
      lines.push(`- ${d.severity}${d.resource ? ` \`${d.resource}\`` : ""}: ${escapeInline(d.message)}`);
    blocks.push(lines.join("\n") + "\n");
  }
  if (s.rows.length > 0)
    blocks.push(
      "Billed tokens = training tokens × epochs; `~` marks an epoch count estimated for `n_epochs: auto` " +
        "(the service decides; read the real value from the job). Cost = billed tokens × the price table's training price. " +
        "Hosting = the hourly fee of each deployment (Standard and GlobalStandard: per base model; PTU skus: per PTU; DeveloperTier: none) × 730 hours, " +
        "billed whether the deployment is used or not.\n",
    );
  return blocks;
}

function modelDetails(r: ModelRow, byUrn: Map<string, ResourceChange>): string {
  const lines = [`#### ${escapeHtml(r.model)}`, ""];
  const view: JobView | undefined = r.job ? jobView(r.job.newInputs ?? r.job.oldInputs, r.model) : undefined;
  if (view?.baseModel) lines.push(`- base model: \`${view.baseModel}\``);
  if (r.job) lines.push(`- job: ${r.job.action === "same" ? "unchanged, no training" : r.job.action}`);
  if (r.reasons.length > 0) lines.push(`- why: ${r.reasons.map(escapeInline).join("; ")}`);
  const e = view?.estimate;
  if (e) {
    const epochs = e.epochs === undefined ? "?" : `${e.epochsEstimated ? "~" : ""}${e.epochs}`;
    lines.push(
      `- training estimate${r.trains ? "" : " (not trained by this change)"}: ${num(e.examples)} examples, ${num(e.trainingTokens)} training tokens × ${epochs} epochs = ${num(e.billedTokens)} billed tokens` +
        `${e.estimatedCostUsd === undefined ? "" : `, ${formatUsd(e.estimatedCostUsd)}`}${e.priceDate ? ` (prices as of ${e.priceDate})` : ""}`,
    );
    const old = r.job?.oldInputs ? jobView(r.job.oldInputs, r.model).estimate : undefined;
    if (old && (old.billedTokens !== e.billedTokens || old.examples !== e.examples)) {
      lines.push(`- previous training: ${num(old.examples)} examples, ${num(old.billedTokens)} billed tokens`);
    }
  }
  const hp = view?.method?.hyperparameters;
  if (view?.method) {
    const settings = hp
      ? Object.entries(hp)
          .map(([k, v]) => `${k}=${formatValue(v)}`)
          .join(", ")
      : "defaults";
    lines.push(`- method: ${view.method.type ?? "supervised"} (${settings})`);
  }
  for (const f of r.files) {
    const before = fileView(f.oldInputs);
    const after = fileView(f.newInputs ?? f.oldInputs);
    const sha =
      before.sha256 && after.sha256 && before.sha256 !== after.sha256
        ? `sha256 ${formatValue(before.sha256)} → ${formatValue(after.sha256)}`
        : `sha256 ${after.sha256 ? formatValue(after.sha256) : "?"}`;
    lines.push(`- file \`${after.path ?? f.name}\`: ${f.action}, ${sha}, ${num(after.examples)} examples`);
  }
  for (const d of r.deployments) {
    const reasons = reasonsFor(d, byUrn);
    lines.push(
      `- deployment \`${deploymentView(d.newInputs ?? d.oldInputs).deploymentName ?? d.name}\`: ${d.action}${reasons.length ? ` (${reasons.map(escapeInline).join("; ")})` : ""}`,
    );
  }
  if (r.findings.length > 0) {
    lines.push("", "| severity | where | rule | message |", "|---|---|---|---|");
    for (const f of r.findings)
      lines.push(`| ${f.severity} | ${cell(location(f))} | \`${cell(f.rule)}\` | ${cell(f.message)} |`);
  }
  return lines.join("\n") + "\n";
}

export function detailsFrame(stack: string, blocks: string[]): string {
  return `<details><summary>Details for <code>${escapeHtml(stack)}</code></summary>\n\n${blocks.join("\n")}\n</details>\n`;
}
