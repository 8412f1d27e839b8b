// Quality beside cost: what a model's training scored (final and best metrics, the overfitting signals and
// the held-out evaluation), read from a job's and an evaluation's outputs, as Markdown for the PR report and
// the after-up report. Pure.

/** The figures of one training, from FineTuningJob outputs (state or stack output) and its Evaluation. */
export interface TrainingFigures {
  jobId?: string;
  fineTunedModel?: string;
  metrics?: Record<string, number>;
  quality?: {
    bestStep?: number;
    bestEpoch?: number;
    bestFullValidLoss?: number;
    finalStep?: number;
    finalFullValidLoss?: number;
    validLossRiseRatio?: number;
    trainValidGap?: number;
    spikeSteps?: number[];
    diverged?: boolean;
    warnings?: string[];
    suggestions?: string[];
  };
  evaluation?: { examples?: number; exactMatch?: number; tokenOverlap?: number; contentFiltered?: number };
  /** When this model's deployment replaced a live one: the live model's scores on the same set, before the swap. */
  live?: {
    deploymentName?: string;
    model?: string;
    exactMatch?: number;
    tokenOverlap?: number;
    contentFiltered?: number;
  };
  /** The deployed model or checkpoint, and why that checkpoint; what it costs to host. */
  deployment?: {
    model?: string;
    checkpoint?: { rule?: string; reason?: string };
    hosting?: { perHourUsd?: number; perMonthUsd?: number };
  };
  charts?: { lossPng?: string; accuracyPng?: string };
}

/** Reads figures from a job's outputs (`qualitySignals` in state, `quality` in stack outputs) and an evaluation's. */
export function trainingFigures(
  job: Record<string, unknown> | undefined,
  evaluation?: Record<string, unknown>,
): TrainingFigures | undefined {
  if (!job || (job.metrics === undefined && job.fineTunedModel === undefined)) return undefined;
  const object = (v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const numbers = (v: unknown) => {
    const o = object(v);
    return o
      ? (Object.fromEntries(Object.entries(o).filter(([, x]) => typeof x === "number")) as Record<string, number>)
      : undefined;
  };
  // In state `quality` is the job's thresholds and `qualitySignals` the figures; stack outputs say `quality`.
  const quality = (object(job.qualitySignals) ??
    (object(job.quality)?.warnings ? object(job.quality) : undefined)) as TrainingFigures["quality"];
  const evaluationScores = numbers(evaluation ?? job.evaluation);
  const deployment = object(job.deployment);
  const live = object(object(object(evaluation ?? job.evaluation)?.challenge)?.live);
  const checkpoint = object(deployment?.checkpoint);
  const charts = object(job.charts);
  const figures: TrainingFigures = {};
  if (text(job.jobId)) figures.jobId = text(job.jobId);
  if (text(job.fineTunedModel)) figures.fineTunedModel = text(job.fineTunedModel);
  if (numbers(job.metrics)) figures.metrics = numbers(job.metrics);
  if (quality) figures.quality = quality;
  if (evaluationScores && Object.keys(evaluationScores).length > 0) figures.evaluation = evaluationScores;
  if (live)
    figures.live = { deploymentName: text(live.deploymentName), model: text(live.model), ...numbers(live.scores) };
  if (deployment) {
    const hosting = numbers(deployment.hosting);
    figures.deployment = {
      ...(text(deployment.model) ? { model: text(deployment.model) } : {}),
      ...(checkpoint ? { checkpoint: { rule: text(checkpoint.rule), reason: text(checkpoint.reason) } } : {}),
      ...(hosting && Object.keys(hosting).length > 0 ? { hosting } : {}),
    };
  }
  if (charts) figures.charts = { lossPng: text(charts.lossPng), accuracyPng: text(charts.accuracyPng) };
  return figures;
}

import { CHECKPOINT_ADVICE } from "../analysis/quality-advice";
import { formatUsd } from "../validate/number-format";

const loss = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(4));
const score = (x: number | undefined) => (x === undefined ? "—" : String(Number(x.toFixed(3))));

/** Table cells for one training: final full validation loss, best checkpoint, rise after it, evaluation. */
export function figureCells(f: TrainingFigures | undefined): {
  finalLoss: string;
  best: string;
  rise: string;
  gap: string;
  evaluation: string;
} {
  const q = f?.quality;
  const finalLoss = f?.metrics?.fullValidLoss ?? q?.finalFullValidLoss;
  const best =
    q?.bestStep !== undefined
      ? `step ${q.bestStep}${q.bestEpoch ? ` (epoch ${q.bestEpoch})` : ""}: ${loss(q.bestFullValidLoss)}`
      : "—";
  const rise =
    q?.validLossRiseRatio !== undefined
      ? `${q.validLossRiseRatio > 0 ? "+" : ""}${Math.round(q.validLossRiseRatio * 100)}%`
      : "—";
  const gap = q?.trainValidGap !== undefined ? q.trainValidGap.toFixed(2) : "—";
  const e = f?.evaluation;
  const evaluation =
    e?.exactMatch !== undefined || e?.tokenOverlap !== undefined
      ? `${score(e?.exactMatch)} / ${score(e?.tokenOverlap)}`
      : "—";
  return { finalLoss: loss(finalLoss), best, rise, gap, evaluation };
}

/** "overfitting: ... Suggestion: ..." lines, one per warning; advice to deploy the best checkpoint is dropped once it is. */
export function warningLines(f: TrainingFigures | undefined): string[] {
  const q = f?.quality;
  const deploysBest = f?.deployment?.checkpoint?.rule?.startsWith("best") ?? false;
  const advice = (i: number) => {
    const text = q?.suggestions?.[i];
    return text && deploysBest ? text.replace(CHECKPOINT_ADVICE, "") : text;
  };
  return (q?.warnings ?? []).map((w, i) => `${w}${advice(i) ? `. _Suggestion (not applied):_ ${advice(i)}` : ""}`);
}

/** "$1,241.00/month ($1.70/h)", from the deployment's stack output. */
function hostingCell(f: TrainingFigures | undefined): string {
  const h = f?.deployment?.hosting;
  return h?.perMonthUsd === undefined
    ? "—"
    : `${formatUsd(h.perMonthUsd)}/month${h.perHourUsd !== undefined ? ` (${formatUsd(h.perHourUsd)}/h)` : ""}`;
}

/** The deployed model: "`ftchkpt-…` (step 36 …)" for a checkpoint, "`model` (final model)" otherwise. */
export function deployedModel(f: TrainingFigures | undefined): string {
  const d = f?.deployment;
  if (!d?.model) return f?.fineTunedModel ? `\`${f.fineTunedModel}\`` : "—";
  const why = d.checkpoint?.reason ?? d.checkpoint?.rule;
  return `\`${d.model}\`${why ? ` (${why})` : " (final model)"}`;
}

export const AFTER_UP_MARKER = "<!-- foundry-finetune-after-up -->";

export interface AfterUpModel {
  model: string;
  now: TrainingFigures;
  previous?: TrainingFigures;
}

/**
 * The report after an `up`: per model the new figures beside the previous training's (when the job changed),
 * the warnings and suggestions, and the charts as images (paths relative to the report's folder).
 */
export function renderAfterUpReport(
  stack: string,
  models: readonly AfterUpModel[],
  imagePath: (p: string) => string = (p) => p,
): string {
  const out = [AFTER_UP_MARKER, `## Fine-tuning results: stack \`${stack}\``, ""];
  if (models.length === 0) out.push("No trained models in the stack outputs.", "");
  for (const { model, now, previous } of models) {
    const retrained = previous !== undefined && previous.jobId !== now.jobId;
    const before = retrained ? previous : undefined;
    out.push(`### ${model}`, "");
    out.push(
      retrained ? "| | previous training | this training |" : "| | this training |",
      retrained ? "|---|---|---|" : "|---|---|",
    );
    const row = (label: string, pick: (f: TrainingFigures | undefined) => string) =>
      out.push(`| ${label} | ${before ? `${pick(before)} | ` : ""}${pick(now)} |`);
    const c = (f: TrainingFigures | undefined) => figureCells(f);
    row("job", (f) => (f?.jobId ? `\`${f.jobId}\`` : "—"));
    row("final train loss", (f) => loss(f?.metrics?.finalTrainLoss));
    row("final full validation loss", (f) => c(f).finalLoss);
    row("final full validation token accuracy", (f) => score(f?.metrics?.fullValidTokenAccuracy));
    row("best checkpoint (full validation loss)", (f) => c(f).best);
    row("validation loss rise after the best", (f) => c(f).rise);
    row("train/validation gap", (f) => c(f).gap);
    row("evaluation exact match / token overlap", (f) => c(f).evaluation);
    if (now.live) {
      // Champion and challenger: the live model this one replaced, on the same held-out set, before the swap.
      row("live model it replaced: exact match / token overlap", (f) =>
        f?.live
          ? `${score(f.live.exactMatch)} / ${score(f.live.tokenOverlap)}${f.live.deploymentName ? ` (\`${f.live.deploymentName}\`)` : ""}`
          : "—",
      );
    }
    if (now.evaluation?.contentFiltered || now.live?.contentFiltered)
      row(
        "refused by the content filter (new / live)",
        (f) => `${f?.evaluation?.contentFiltered ?? 0} / ${f?.live?.contentFiltered ?? "—"}`,
      );
    row("deployed", (f) => deployedModel(f).replace(/\|/g, "\\|"));
    if (now.deployment?.hosting) row("hosting (730 h a month)", hostingCell);
    out.push("");
    const warnings = warningLines(now);
    if (warnings.length > 0) out.push("> [!WARNING]", ...warnings.map((w) => `> - ${w}`), "");
    else if (now.quality) out.push("No quality signal crossed its threshold.", "");
    const charts = [now.charts?.lossPng, now.charts?.accuracyPng].filter((p): p is string => p !== undefined);
    if (charts.length > 0)
      out.push(
        charts
          .map((p) => `![${p.endsWith("loss.png") ? "loss" : "token accuracy"} of ${model}](${imagePath(p)})`)
          .join("\n"),
        "",
      );
  }
  out.push(
    "<sub>Generated by `npm run preview:report -- --after-up` from `pulumi stack output`. Suggestions are advice: nothing changes the config by itself.</sub>",
    "",
  );
  return out.join("\n");
}

/** Pairs each model of `pulumi stack output --json` with the same model in an earlier snapshot of it. */
export function afterUpModels(current: unknown, previous?: unknown): AfterUpModel[] {
  const modelsOf = (outputs: unknown) => {
    const models = (outputs as { models?: unknown } | undefined)?.models;
    return typeof models === "object" && models !== null ? (models as Record<string, Record<string, unknown>>) : {};
  };
  const before = modelsOf(previous);
  return Object.entries(modelsOf(current))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([model, outputs]) => {
      const now = trainingFigures(outputs);
      if (!now) return [];
      const earlier = trainingFigures(before[model]);
      return [{ model, now, ...(earlier ? { previous: earlier } : {}) }];
    });
}

/** The stack's outputs as they were before an update, from a `pulumi preview --json` document (its Stack step). */
export function outputsBeforeUpdate(previewDocument: unknown): Record<string, unknown> | undefined {
  const steps =
    (
      previewDocument as
        | { steps?: { urn?: string; oldState?: { type?: string; outputs?: Record<string, unknown> } }[] }
        | undefined
    )?.steps ?? [];
  return steps.find((s) => s.oldState?.type === "pulumi:pulumi:Stack")?.oldState?.outputs;
}
