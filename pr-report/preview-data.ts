// The report's facts as plain JSON, for CI steps that gate on them (e.g. fail when the estimated cost is over a
// budget) instead of parsing Markdown. Same grouping and wording as the Markdown report. Pure.
import { UNKNOWN } from "../resources/shared/unknown";
import { deploymentHosting } from "./hosting";
import { deploymentView, jobView, type StackPreview } from "./preview-json";
import type { TrainingFigures } from "./quality-report";
import { summarizeStack } from "./stack-summary";

export interface PreviewData {
  stacks: StackData[];
  totalEstimatedCostUsd: number;
  /** Every deployment's monthly hosting after the change, and what the change adds, over all stacks. */
  totalHostingUsdPerMonth: number;
  totalHostingChangeUsdPerMonth: number;
  failed: boolean;
}

interface StackData {
  stack: string;
  failed: boolean;
  errors: string[];
  estimatedCostUsd: number;
  hostingUsdPerMonth: number;
  hostingChangeUsdPerMonth: number;
  unchangedResources: number;
  unchangedModels: string[];
  models: {
    model: string;
    action: string;
    reasons: string[];
    trains: "new" | "retrain" | false;
    examples?: number;
    billedTokens?: number;
    epochs?: number;
    epochsEstimated?: boolean;
    estimatedCostUsd: number;
    warnings: number;
    errors: number;
    /** For a retrain: what the training it replaces scored (from state). */
    previous?: {
      fineTunedModel?: string;
      finalFullValidLoss?: number;
      bestStep?: number;
      bestFullValidLoss?: number;
      validLossRiseRatio?: number;
      evaluation?: { exactMatch?: number; tokenOverlap?: number };
      warnings: string[];
    };
  }[];
  deployments: {
    name: string;
    action: string;
    before: { sku?: unknown; capacity?: unknown; model?: unknown };
    /** A value only known after apply (a model still to be trained) is null. */
    after: { sku?: unknown; capacity?: unknown; model?: unknown };
    /** Monthly hosting after the change (null: no price known) and what the change adds. */
    hostingUsdPerMonth: number | null;
    hostingChangeUsdPerMonth: number;
  }[];
  findings: { file: string; line?: number; rule: string; severity: string; message: string }[];
}

export function previewData(previews: readonly StackPreview[]): PreviewData {
  const stacks = previews.map(stackData);
  return {
    stacks,
    totalEstimatedCostUsd: round(stacks.reduce((sum, s) => sum + s.estimatedCostUsd, 0)),
    totalHostingUsdPerMonth: round(stacks.reduce((sum, s) => sum + s.hostingUsdPerMonth, 0)),
    totalHostingChangeUsdPerMonth: round(stacks.reduce((sum, s) => sum + s.hostingChangeUsdPerMonth, 0)),
    failed: stacks.some((s) => s.failed),
  };
}

function stackData(preview: StackPreview): StackData {
  const s = summarizeStack(preview);
  const known = (v: unknown) => (v === UNKNOWN ? null : v);
  return {
    stack: s.stack,
    failed: s.failed,
    errors: s.errors.map((e) => (e.resource ? `${e.resource}: ${e.message}` : e.message)),
    estimatedCostUsd: round(s.totalCostUsd),
    hostingUsdPerMonth: s.hosting.monthlyUsd,
    hostingChangeUsdPerMonth: s.hosting.changeUsd,
    unchangedResources: s.unchanged,
    unchangedModels: s.unchangedModels,
    models: s.rows.map((r) => {
      const estimate = r.job ? jobView(r.job.newInputs ?? r.job.oldInputs, r.model).estimate : undefined;
      return {
        model: r.model,
        action: r.action,
        reasons: r.reasons,
        trains: r.trains,
        ...(estimate?.examples !== undefined ? { examples: estimate.examples } : {}),
        ...(r.trains && estimate?.billedTokens !== undefined ? { billedTokens: estimate.billedTokens } : {}),
        ...(r.trains && estimate?.epochs !== undefined
          ? { epochs: estimate.epochs, epochsEstimated: estimate.epochsEstimated ?? false }
          : {}),
        estimatedCostUsd: r.costUsd,
        warnings: r.findings.filter((f) => f.severity === "warning").length,
        errors: r.findings.filter((f) => f.severity === "error").length,
        ...(r.previous ? { previous: previousData(r.previous) } : {}),
      };
    }),
    deployments: s.deployments.map((d) => {
      const before = deploymentView(d.oldInputs);
      const after = deploymentView(d.newInputs);
      const hosting = deploymentHosting(d);
      return {
        name: after.deploymentName ?? before.deploymentName ?? d.name,
        action: d.action,
        before: d.oldInputs ? { sku: before.skuName, capacity: before.capacity, model: before.model } : {},
        after: d.newInputs
          ? { sku: known(after.skuName), capacity: known(after.capacity), model: known(after.model) }
          : {},
        hostingUsdPerMonth: hosting.afterUsd ?? null,
        hostingChangeUsdPerMonth: hosting.changeUsd,
      };
    }),
    findings: s.findings,
  };
}

function previousData(f: TrainingFigures): NonNullable<StackData["models"][number]["previous"]> {
  const q = f.quality ?? {};
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    ...defined({
      fineTunedModel: f.fineTunedModel,
      finalFullValidLoss: f.metrics?.fullValidLoss ?? q.finalFullValidLoss,
      bestStep: q.bestStep,
      bestFullValidLoss: q.bestFullValidLoss,
      validLossRiseRatio: q.validLossRiseRatio,
    }),
    ...(f.evaluation
      ? { evaluation: defined({ exactMatch: f.evaluation.exactMatch, tokenOverlap: f.evaluation.tokenOverlap }) }
      : {}),
    warnings: q.warnings ?? [],
  };
}

function round(usd: number): number {
  return Math.round(usd * 100) / 100;
}
