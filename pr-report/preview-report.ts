// The pull-request report: from parsed `pulumi preview --json` of one or more stacks, Markdown a reviewer
// reads before money is spent. Always visible: per stack a table (model, action, why, examples, billed tokens,
// estimated cost, warnings), deployment changes and data findings. Folded: per-model details. A hidden marker
// lets CI update one comment in place, and the body stays under GitHub's comment limit by cutting details
// (never the tables). Pure.
import { UNKNOWN } from "../resources/shared/unknown";
import { formatTokens, formatUsd } from "../validate/number-format";
import { deploymentHosting, formatHosting, type StackHosting, stackHosting } from "./hosting";
import { describeChange, formatValue, leafChanges } from "./input-diff";
import {
  DATA_INPUTS,
  DERIVED_INPUTS,
  type Diagnostic,
  deploymentView,
  type Estimate,
  type Finding,
  fileView,
  isEvaluationOf,
  type JobView,
  jobView,
  modelOfParent,
  type ResourceChange,
  type StackPreview,
} from "./preview-json";
import { deployedModel, figureCells, type TrainingFigures, trainingFigures, warningLines } from "./quality-report";

export const REPORT_MARKER = "<!-- foundry-finetune-preview -->";
/** GitHub rejects comment bodies over 65,536 characters; keep a margin like pulumi/actions does. */
export const GITHUB_COMMENT_LIMIT = 65_535;
export const DEFAULT_REPORT_LIMIT = 64_000;
/** Findings shown outside the fold, per stack; all of them are in the details. */
const VISIBLE_FINDINGS = 20;
/** Reasons shown in a table cell; all of them are in the details. */
const VISIBLE_REASONS = 3;

export interface ReportOptions {
  /** Maximum length of the whole body in characters (default 64,000). */
  limit?: number;
}

interface ModelRow {
  model: string;
  action: string;
  reasons: string[];
  examples: string;
  billedTokens: string;
  estimatedCost: string;
  warnings: string;
  /** Estimated training cost of this change in USD (0 when nothing trains). */
  costUsd: number;
  trains: "new" | "retrain" | false;
  job?: ResourceChange;
  files: ResourceChange[];
  deployments: ResourceChange[];
  findings: Finding[];
  /** What the training this change replaces scored (from state), shown beside the new estimate. */
  previous?: TrainingFigures;
}

export interface StackSummary {
  stack: string;
  failed: boolean;
  errors: Diagnostic[];
  rows: ModelRow[];
  unchangedModels: string[];
  deployments: ResourceChange[];
  findings: Finding[];
  changed: ResourceChange[];
  unchanged: number;
  diagnostics: Diagnostic[];
  totalCostUsd: number;
  /** Every deployment's monthly hosting after the change, and what the change adds. */
  hosting: StackHosting;
  byUrn: Map<string, ResourceChange>;
}

/**
 * Groups a stack's changes by model: the resources its model component parents. A stack made before the
 * components has none; its models are found as before, a FineTuningJob and the files and deployments that
 * hang off it.
 */
export function summarizeStack(preview: StackPreview): StackSummary {
  const byUrn = new Map(preview.resources.map((r) => [r.urn, r]));
  const groups = new Map<string, { job?: ResourceChange; files: ResourceChange[]; deployments: ResourceChange[] }>();
  const group = (model: string) => {
    if (!groups.has(model)) groups.set(model, { files: [], deployments: [] });
    return groups.get(model)!;
  };
  const modelOfJob = new Map<string, string>();
  const grouped = new Set<string>();
  for (const job of preview.resources.filter((r) => r.kind === "job")) {
    const model = modelOfParent(job, byUrn) ?? jobView(job.newInputs ?? job.oldInputs, job.name).modelName;
    modelOfJob.set(job.urn, model);
    const g = group(model);
    g.job = job;
    const files = job.parent
      ? preview.resources.filter((r) => r.kind === "file" && r.parent === job.parent)
      : job.dependencies.map((urn) => byUrn.get(urn));
    for (const file of files) {
      if (file?.kind !== "file" || grouped.has(file.urn)) continue;
      grouped.add(file.urn);
      g.files.push(file);
    }
    g.files.sort(byName);
  }
  for (const deployment of preview.resources.filter((r) => r.kind === "deployment")) {
    const fromJob = deployment.dependencies.map((urn) => modelOfJob.get(urn)).find((m) => m !== undefined);
    const view = deploymentView(deployment.newInputs ?? deployment.oldInputs);
    group(modelOfParent(deployment, byUrn) ?? fromJob ?? view.modelName ?? deployment.name).deployments.push(
      deployment,
    );
  }

  const rows: ModelRow[] = [];
  const unchangedModels: string[] = [];
  for (const [model, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const changes = [g.job, ...g.files, ...g.deployments].filter(
      (r): r is ResourceChange => r !== undefined && r.action !== "same",
    );
    if (changes.length === 0) {
      unchangedModels.push(model);
      continue;
    }
    const row = modelRow(model, g.job, g.files, g.deployments, byUrn);
    if (row.trains === "retrain") {
      const evaluation = preview.resources.find((r) => isEvaluationOf(r, model));
      const previous = trainingFigures(g.job?.oldOutputs, evaluation?.oldOutputs);
      const deployed = g.deployments.map((d) => deploymentView(d.oldInputs)).find((d) => typeof d.model === "string");
      if (previous && deployed) {
        const reason = typeof deployed.checkpointReason === "string" ? deployed.checkpointReason : undefined;
        previous.deployment = {
          model: deployed.model as string,
          ...(deployed.checkpointRule
            ? { checkpoint: { rule: deployed.checkpointRule, ...(reason ? { reason } : {}) } }
            : {}),
        };
      }
      if (previous) row.previous = previous;
    }
    rows.push(row);
  }
  // Files, then jobs, then deployments, each by name: the engine's step order can vary between runs.
  const changed = preview.resources
    .filter((r) => r.action !== "same" && r.kind !== "model")
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byName(a, b));
  return {
    stack: preview.stack,
    failed: preview.failed,
    errors: preview.diagnostics.filter((d) => d.severity === "error"),
    rows,
    unchangedModels,
    deployments: changed.filter((r) => r.kind === "deployment").sort(byName),
    findings: dedupeFindings(rows.flatMap((r) => r.findings)),
    changed,
    unchanged: preview.unchanged,
    diagnostics: preview.diagnostics,
    totalCostUsd: rows.reduce((sum, r) => sum + r.costUsd, 0),
    hosting: stackHosting(
      preview.resources.filter((r) => r.kind === "deployment"),
      preview.outputs,
    ),
    byUrn,
  };
}

function modelRow(
  model: string,
  job: ResourceChange | undefined,
  files: ResourceChange[],
  deployments: ResourceChange[],
  byUrn: Map<string, ResourceChange>,
): ModelRow {
  const view = job ? jobView(job.newInputs ?? job.oldInputs, model) : undefined;
  const oldView = job?.oldInputs ? jobView(job.oldInputs, model) : undefined;
  // A create or retrain that reuses an identical training of the account pays nothing for it.
  const reuse = job && job.action !== "same" && job.action !== "delete" ? view?.reuse : undefined;
  const trains = reuse ? false : job?.action === "create" ? "new" : job?.action === "replace" ? "retrain" : false;
  const estimate = view?.estimate;
  const findings = dedupeFindings([...(view?.findings ?? []), ...files.flatMap((f) => fileView(f.newInputs).findings)]);
  const changedDeployments = deployments.filter((d) => d.action !== "same");
  const actions = [
    ...(reuse
      ? [`reuse ${reuse.jobId}`]
      : job && job.action !== "same"
        ? [JOB_ACTIONS[job.action] ?? `${job.action} job`]
        : []),
    ...changedDeployments.map((d) => DEPLOYMENT_ACTIONS[d.action] ?? `${d.action} deployment`),
  ];
  // A new model's deployment is new too, and a removed model's deployment goes with it: one reason says both.
  const deploymentsToExplain = changedDeployments.filter(
    (d) => !(d.action === job?.action && (d.action === "create" || d.action === "delete")),
  );
  const reasons = [
    ...(reuse
      ? [`reuses ${reuse.jobId}${reuse.trainedAt ? ` (trained ${reuse.trainedAt})` : ""}, no training cost`]
      : []),
    ...(job && job.action !== "same" ? reasonsFor(job, byUrn) : []),
    ...deploymentsToExplain.flatMap((d) => reasonsFor(d, byUrn)),
    // ...but which checkpoint it deploys is news even then.
    ...changedDeployments.filter((d) => !deploymentsToExplain.includes(d)).flatMap((d) => checkpointNote(d) ?? []),
  ];
  const costUsd = trains && typeof estimate?.estimatedCostUsd === "number" ? estimate.estimatedCostUsd : 0;
  return {
    model,
    action: [...new Set(actions)].join(", ") || "no change",
    reasons: [...new Set(reasons)],
    examples: job?.action === "delete" ? "—" : examplesCell(estimate, oldView?.estimate),
    billedTokens: trains && estimate?.billedTokens !== undefined ? billedCell(estimate) : "—",
    estimatedCost: reuse
      ? formatUsd(0)
      : trains && estimate?.estimatedCostUsd !== undefined
        ? formatUsd(estimate.estimatedCostUsd)
        : "—",
    warnings: warningsCell(findings),
    costUsd,
    trains,
    job,
    files,
    deployments,
    findings,
  };
}

const KIND_ORDER = ["file", "job", "deployment", "other"];
const byName = (a: ResourceChange, b: ResourceChange) => a.name.localeCompare(b.name);

const JOB_ACTIONS: Record<string, string> = {
  create: "train",
  replace: "retrain",
  update: "update job",
  delete: "delete job",
};
const DEPLOYMENT_ACTIONS: Record<string, string> = {
  create: "deploy",
  replace: "redeploy",
  update: "update deployment",
  delete: "remove deployment",
};

/** Why a resource changes, in the reviewer's words. Uses the engine's reasons when it gives any. */
function reasonsFor(change: ResourceChange, byUrn: Map<string, ResourceChange>): string[] {
  const reasons = changeReasons(change, byUrn);
  const checkpoint =
    change.kind === "deployment" && change.action !== "delete" && change.action !== "same"
      ? checkpointNote(change)
      : undefined;
  return checkpoint ? [...new Set([...reasons, checkpoint])] : reasons;
}

/** A deployed checkpoint: which one and why once the job has finished, the rule alone before. */
function checkpointNote(change: ResourceChange): string | undefined {
  const before = deploymentView(change.oldInputs);
  const after = deploymentView(change.newInputs);
  if (!after.checkpointRule) return undefined;
  const chosenChanged = before.model !== after.model || before.checkpointRule !== after.checkpointRule;
  if (!chosenChanged) return undefined;
  if (typeof after.checkpointReason === "string" && after.checkpointReason !== UNKNOWN)
    return `deploys checkpoint ${after.checkpointReason}`;
  return `deploys the checkpoint ${after.checkpointRule}, chosen after training`;
}

function changeReasons(change: ResourceChange, byUrn: Map<string, ResourceChange>): string[] {
  if (change.action === "create") return [change.kind === "deployment" ? "new deployment" : "new model"];
  if (change.action === "delete") return ["removed from the program"];
  const before = change.oldInputs ?? {};
  const after = change.newInputs ?? {};
  // The engine's reasons first; then every other input that differs, because a dynamic provider's reasons
  // name only what forces a replacement (a capacity change riding along with a model swap is not in them).
  const differing = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !DERIVED_INPUTS.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort();
  const keys = [...new Set([...change.reasonKeys, ...differing])];
  const reasons: string[] = [];
  for (const key of keys) {
    if (change.kind === "job" && DATA_INPUTS[key]) {
      reasons.push(dataReason(change, key, byUrn));
      continue;
    }
    const leaves = leafChanges(before[key], after[key], key);
    if (leaves.length === 0 && change.reasonKeys.includes(key)) reasons.push(`${key} changed`);
    for (const leaf of leaves) {
      if (leaf.after !== UNKNOWN) {
        reasons.push(describeChange(leaf));
        continue;
      }
      // Known only after apply: say which changing resource it comes from.
      const sources = (change.propertyDependencies[key] ?? [])
        .map((urn) => byUrn.get(urn))
        .filter((r): r is ResourceChange => r !== undefined && r.action !== "same");
      const sourceJob = sources.find((r) => r.kind === "job");
      if (sourceJob) {
        // A deployment follows its job; a continued fine-tune follows the model it starts from.
        const from = jobView(sourceJob.newInputs ?? sourceJob.oldInputs, sourceJob.name).modelName;
        reasons.push(
          change.kind === "deployment"
            ? "swaps to the new fine-tuned model"
            : `${key} comes from the retrained ${from}`,
        );
      } else {
        reasons.push(describeChange(leaf));
      }
    }
  }
  return [...new Set(reasons)];
}

/** "training data changed (train.jsonl)": names the changing files whose content the job now points at. */
function dataReason(job: ResourceChange, key: string, byUrn: Map<string, ResourceChange>): string {
  const { data, sha256Key } = DATA_INPUTS[key]!;
  const sha256 = job.newInputs?.[sha256Key];
  const linked = new Set(
    Object.entries(job.propertyDependencies)
      .filter(([k]) => DATA_INPUTS[k]?.data === data)
      .flatMap(([, urns]) => urns),
  );
  const files = [...new Set([...job.dependencies, ...linked])]
    .map((urn) => byUrn.get(urn))
    .filter((r): r is ResourceChange => r?.kind === "file" && r.action !== "same")
    .filter((r) => linked.has(r.urn) || (typeof sha256 === "string" && fileView(r.newInputs).sha256 === sha256));
  const names = [...new Set(files.map((f) => baseName(fileView(f.newInputs ?? f.oldInputs).path ?? f.name)))];
  return `${data} data changed${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
}

/** Renders the whole report; one section per stack, in the order given. */
export function renderReport(stacks: readonly StackPreview[], options: ReportOptions = {}): string {
  const limit = options.limit ?? DEFAULT_REPORT_LIMIT;
  const summaries = stacks.map(summarizeStack);
  const head = [REPORT_MARKER, "## Fine-tuning preview", ""].join("\n");
  const foot =
    "<sub>Generated by `npm run preview:report` from `pulumi preview --json`. Costs are estimates from a dated price table.</sub>\n";
  const sections = summaries.map((s) => ({ visible: visibleSection(s), details: detailBlocks(s), stack: s.stack }));

  // Details are cut whole blocks at a time, from the last stack backwards in effect: each stack keeps the
  // blocks that still fit, in order, and says how many it dropped.
  const fixed =
    head.length + foot.length + sections.reduce((n, s) => n + s.visible.length + detailsFrame(s.stack, []).length, 0);
  let budget = limit - fixed - sections.length * TRUNCATION_NOTE_ROOM;
  const parts = [head];
  for (const section of sections) {
    parts.push(section.visible);
    const kept: string[] = [];
    for (const block of section.details) {
      if (block.length + 1 > budget) break;
      kept.push(block);
      budget -= block.length + 1;
    }
    const dropped = section.details.length - kept.length;
    if (dropped > 0) {
      kept.push(
        `_${dropped} of ${section.details.length} detail sections left out to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit; run \`npm run preview:report -- --stack ${section.stack}\` for the full report._\n`,
      );
    }
    if (kept.length > 0) parts.push(detailsFrame(section.stack, kept));
  }
  parts.push(foot);
  return parts.join("\n");
}

const TRUNCATION_NOTE_ROOM = 300;

function detailsFrame(stack: string, blocks: string[]): string {
  return `<details><summary>Details for <code>${escapeHtml(stack)}</code></summary>\n\n${blocks.join("\n")}\n</details>\n`;
}

function visibleSection(s: StackSummary): string {
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

function detailBlocks(s: StackSummary): string[] {
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

function examplesCell(now: Estimate | undefined, before: Estimate | undefined): string {
  if (now?.examples === undefined) return "—";
  const delta = before?.examples === undefined ? 0 : now.examples - before.examples;
  return delta === 0 ? num(now.examples) : `${num(now.examples)} (${delta > 0 ? "+" : ""}${num(delta)})`;
}

function billedCell(e: Estimate): string {
  const epochs = e.epochs === undefined ? "" : ` (${e.epochsEstimated ? "~" : ""}${e.epochs} epochs)`;
  return `${formatTokens(e.billedTokens!)}${epochs}`;
}

function warningsCell(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  return errors > 0 ? `${plural(errors, "error")}, ${warnings}` : String(warnings);
}

/** "before → after" when it changes, the value otherwise; model names in code spans. */
function transition(before: unknown, after: unknown, action: string, code = false): string {
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

function num(n: number | undefined): string {
  return n === undefined ? "?" : n.toLocaleString("en-US");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// Line 0 is a finding about the whole file (for example too few examples).
function location(f: Finding): string {
  return f.line === undefined || f.line <= 0 ? f.file : `${f.file}:${f.line}`;
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\u0000${f.line}\u0000${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

// Table cells: one line, no column breaks, no HTML that could close the <details> around them.
function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

function escapeInline(text: string): string {
  return escapeHtml(text.replace(/\s*\n\s*/g, " "));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
