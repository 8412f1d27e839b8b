// FineTuningJob: what a succeeded job leaves behind: checkpoints, results.csv, final metrics, charts and quality.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { withRowMetrics } from "../../analysis/best-checkpoint";
import { finalMetrics, parseResultsCsv, stepsPerEpochFrom } from "../../analysis/results-csv";
import type { DataPlane } from "../../foundry/data-plane";
import type { FoundryJob } from "../../foundry/data-plane-types";
import { reportedHyperparameters } from "../../foundry/job-check";
import { engineLog } from "../provider-runtime/engine-log";
import type { JobCheckpoint, JobInputs, JobOutputs } from "./contract";
import { jobQuality } from "./quality";

/** After success: checkpoints, results.csv (downloaded), final metrics and charts. */
export async function collectResults(
  data: DataPlane,
  inputs: JobInputs,
  job: FoundryJob,
  outs: JobOutputs,
): Promise<JobOutputs> {
  const checkpoints: JobCheckpoint[] = (await data.listCheckpoints(job.id))
    .map((c) => ({
      id: c.id,
      step: c.step_number,
      fineTunedModelCheckpoint: c.fine_tuned_model_checkpoint,
      metrics: Object.fromEntries(Object.entries(c.metrics ?? {}).filter(([, v]) => typeof v === "number")) as Record<
        string,
        number
      >,
    }))
    .sort((a, b) => a.step - b.step);
  const resultFileId = job.result_files?.[0];
  if (!resultFileId) return { ...outs, checkpoints };
  const dir = path.resolve(process.cwd(), inputs.reportsDir);
  mkdirSync(dir, { recursive: true });
  const csvPath = path.join(dir, "results.csv");
  await data.downloadFile(resultFileId, csvPath);
  const rows = parseResultsCsv(readFileSync(csvPath, "utf8"), csvPath);
  // Without a validation file results.csv marks no epoch ends; the resolved n_epochs places them.
  const stepsPerEpoch = stepsPerEpochFrom(rows, reportedHyperparameters(job)?.n_epochs);
  const metrics = finalMetrics(rows, stepsPerEpoch);
  // A checkpoint the service listed without a metric gets it from results.csv, so `best` can rank every one.
  const ranked = withRowMetrics(checkpoints, rows);
  const { qualitySignals, qualityEvidence } = jobQuality(inputs, { ...outs, checkpoints: ranked }, rows, stepsPerEpoch);
  // vega is heavy: load it only to draw.
  const { renderCharts } = require("../../analysis/charts") as typeof import("../../analysis/charts");
  const charts = await renderCharts(rows, dir, {
    title: `${inputs.modelName} (${job.fine_tuned_model})`,
    ...(stepsPerEpoch ? { stepsPerEpoch } : {}),
    ...(qualitySignals.bestStep !== undefined ? { bestStep: qualitySignals.bestStep } : {}),
  }).catch(async (error: Error) => {
    await engineLog("warning", `charts not rendered: ${error.message}`, inputs.resourceUrn);
    return undefined;
  });
  const relative = (p: string) => path.relative(process.cwd(), p);
  return {
    ...outs,
    checkpoints: ranked,
    qualitySignals,
    qualityEvidence,
    resultFileId,
    resultsCsvPath: relative(csvPath),
    metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === "number")) as Record<
      string,
      number
    >,
    ...(charts
      ? {
          charts: {
            lossPng: relative(charts.lossPng),
            lossSvg: relative(charts.lossSvg),
            accuracyPng: relative(charts.accuracyPng),
            accuracySvg: relative(charts.accuracySvg),
          },
        }
      : {}),
  };
}

/**
 * A finished job recorded before its quality evidence existed: measure it from the results.csv it downloaded.
 * No retraining; the program judges the evidence against the model's thresholds.
 */
export function reassessQuality(
  olds: JobOutputs,
  outs: JobOutputs,
): Pick<JobOutputs, "qualitySignals" | "qualityEvidence" | "checkpoints"> {
  const kept = {
    ...(olds.qualitySignals ? { qualitySignals: olds.qualitySignals } : {}),
    ...(olds.qualityEvidence ? { qualityEvidence: olds.qualityEvidence } : {}),
  };
  if (olds.qualityEvidence || !outs.resultsCsvPath) return kept;
  let rows: ReturnType<typeof parseResultsCsv>;
  try {
    rows = parseResultsCsv(readFileSync(path.resolve(process.cwd(), outs.resultsCsvPath), "utf8"), outs.resultsCsvPath);
  } catch {
    return kept; // results.csv not on this machine
  }
  const stepsPerEpoch = stepsPerEpochFrom(rows, outs.resolvedHyperparameters?.n_epochs);
  const checkpoints = withRowMetrics(outs.checkpoints ?? [], rows);
  return { ...jobQuality(outs, { ...outs, checkpoints }, rows, stepsPerEpoch), checkpoints };
}
