// What a reviewer sees of a stack without unfolding anything: a failed preview, deployments that will be deleted,
// the headline of costs and counts, the model table, the quality of what each retrain replaces, the deployment
// changes with their hosting, and the first data findings.
import { UNKNOWN } from "../resources/shared/unknown";
import { formatUsd } from "../validate/number-format";
import { deploymentHosting, formatHosting } from "./hosting";
import { deploymentView } from "./preview-json";
import { deployedModel, figureCells, warningLines } from "./quality-report";
import { cell, escapeInline, location, plural, transition } from "./report-cells";
import type { StackSummary } from "./stack-summary";

/** Findings shown outside the fold, per stack; all of them are in the details. */
export const VISIBLE_FINDINGS = 20;
/** Reasons shown in a table cell; all of them are in the details. */
const VISIBLE_REASONS = 3;

export function visibleSection(s: StackSummary): string {
  const out: string[] = [`### Stack \`${s.stack}\``, ""];
  if (s.failed) {
    out.push("> [!CAUTION]", "> **Preview failed.** Nothing is uploaded or trained until this is fixed:");
    for (const e of s.errors) out.push(`> - ${e.resource ? `\`${e.resource}\`: ` : ""}${escapeInline(e.message)}`);
    out.push("");
  }
  const deleted = s.deployments.filter((d) => d.action === "delete");
  if (deleted.length > 0) {
    const names = deleted.map((d) => `\`${cell(deploymentView(d.oldInputs).deploymentName ?? d.name)}\``).join(", ");
    out.push(
      "> [!WARNING]",
      `> Deployment${deleted.length === 1 ? "" : "s"} ${names} will be deleted and stop serving requests.`,
      "",
    );
  }
  out.push(headline(s), "");
  if (s.rows.length > 0) {
    out.push(
      "| model | action | why | examples | billed tokens | est. cost | warnings |",
      "|---|---|---|---:|---:|---:|---:|",
    );
    for (const r of s.rows) {
      const why =
        r.reasons.length > VISIBLE_REASONS
          ? [...r.reasons.slice(0, VISIBLE_REASONS), `${r.reasons.length - VISIBLE_REASONS} more`]
          : r.reasons;
      out.push(
        `| ${cell(r.model)} | ${cell(r.action)} | ${cell(why.join("; ") || "—")} | ${r.examples} | ${r.billedTokens} | ${r.estimatedCost} | ${r.warnings} |`,
      );
    }
    out.push("");
  }
  out.push(...qualityTable(s));
  if (s.deployments.length > 0) {
    out.push(
      "**Deployment changes**",
      "",
      "| deployment | action | sku | capacity | model | hosting |",
      "|---|---|---|---|---|---:|",
    );
    for (const d of s.deployments) {
      const before = deploymentView(d.oldInputs);
      const after = deploymentView(d.newInputs);
      const name = after.deploymentName ?? before.deploymentName ?? d.name;
      const model =
        after.model === UNKNOWN && after.checkpointRule
          ? `${before.model === undefined ? "" : `${transition(before.model, before.model, "same", true)} → `}checkpoint ${cell(after.checkpointRule)}, chosen after training`
          : transition(before.model, after.model, d.action, true);
      const h = deploymentHosting(d);
      out.push(
        `| ${cell(name)} | ${d.action} | ${transition(before.skuName, after.skuName, d.action)} | ${transition(before.capacity, after.capacity, d.action)} | ${model} | ${formatHosting(h.afterUsd, h.changeUsd, h.priced)} |`,
      );
    }
    out.push("");
  }
  const visibleFindings = s.findings.filter((f) => f.severity === "error" || f.severity === "warning");
  if (visibleFindings.length > 0) {
    out.push("**Data findings**", "", "| severity | where | rule | message |", "|---|---|---|---|");
    for (const f of visibleFindings.slice(0, VISIBLE_FINDINGS)) {
      out.push(`| ${f.severity} | ${cell(location(f))} | \`${cell(f.rule)}\` | ${cell(f.message)} |`);
    }
    if (visibleFindings.length > VISIBLE_FINDINGS)
      out.push("", `_${visibleFindings.length - VISIBLE_FINDINGS} more in the details._`);
    out.push("");
  }
  return out.join("\n");
}

/** The models that retrain: what the training they replace scored, beside what the new one will cost. */
function qualityTable(s: StackSummary): string[] {
  const rows = s.rows.filter((r) => r.previous);
  if (rows.length === 0) return [];
  const out = [
    "**Quality of the training each retrain replaces**",
    "",
    "| model | previously deployed | final full valid loss | best checkpoint | rise after best | eval exact match / overlap | new estimate |",
    "|---|---|---:|---|---:|---:|---:|",
  ];
  const notes: string[] = [];
  for (const r of rows) {
    const c = figureCells(r.previous);
    const model = cell(deployedModel(r.previous));
    out.push(
      `| ${cell(r.model)} | ${model} | ${c.finalLoss} | ${c.best} | ${c.rise} | ${c.evaluation} | ${r.billedTokens}, ${r.estimatedCost} |`,
    );
    notes.push(...warningLines(r.previous).map((w) => `- ${cell(r.model)} (previous training): ${escapeInline(w)}`));
  }
  out.push("");
  if (notes.length > 0) out.push(...notes, "");
  return out;
}

function headline(s: StackSummary): string {
  if (s.failed && s.rows.length === 0)
    return `The preview stopped at the error above, so the plan is incomplete (${plural(s.unchanged, "resource")} unchanged so far).`;
  const hosting =
    s.hosting.monthlyUsd > 0 || s.hosting.changeUsd !== 0
      ? `hosting ${formatHosting(s.hosting.monthlyUsd, s.hosting.changeUsd)}`
      : undefined;
  const unpriced =
    s.hosting.unpriced.length > 0
      ? `hosting of ${s.hosting.unpriced.map((d) => `\`${d}\``).join(", ")} unpriced`
      : undefined;
  if (s.changed.length === 0)
    return `No changes (${plural(s.unchanged, "resource")} unchanged)${hosting ? `; ${hosting}` : ""}.`;
  const fresh = s.rows.filter((r) => r.trains === "new").length;
  const retrains = s.rows.filter((r) => r.trains === "retrain").length;
  const parts = [`**Estimated training cost: ${formatUsd(s.totalCostUsd)}**`];
  if (hosting) parts.push(`**${hosting}**`);
  if (unpriced) parts.push(unpriced);
  if (fresh > 0) parts.push(`${plural(fresh, "new model")} to train`);
  if (retrains > 0) parts.push(`${plural(retrains, "model")} to retrain`);
  if (s.deployments.length > 0) parts.push(`${plural(s.deployments.length, "deployment")} to change`);
  parts.push(`${plural(s.unchanged, "resource")} unchanged`);
  if (s.unchangedModels.length > 0)
    parts.push(`unchanged models: ${s.unchangedModels.map((m) => `\`${m}\``).join(", ")}`);
  return parts.join(" · ");
}
