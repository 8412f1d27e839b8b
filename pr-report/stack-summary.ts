// A stack's preview grouped by model, for the report: per model what changes (train, retrain, reuse, deploy), why,
// its examples, billed tokens, estimated cost and findings; and per stack the deployments, findings and hosting.
import { formatUsd } from "../validate/number-format";
import { checkpointNote, reasonsFor } from "./change-reasons";
import { type StackHosting, stackHosting } from "./hosting";
import {
  type Diagnostic,
  deploymentView,
  type Finding,
  fileView,
  isEvaluationOf,
  jobView,
  modelOfParent,
  type ResourceChange,
  type StackPreview,
} from "./preview-json";
import { type TrainingFigures, trainingFigures } from "./quality-report";
import { billedCell, dedupeFindings, examplesCell, warningsCell } from "./report-cells";

export interface ModelRow {
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
