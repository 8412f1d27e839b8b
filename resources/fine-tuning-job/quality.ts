// The quality signals of a finished job (analysis/quality.ts), assessed against the model's thresholds, and
// the warnings they raise in the `up` log. Advice only: nothing here changes the config or the deployment.
import { DEFAULT_THRESHOLDS, qualitySignals } from "../../analysis/quality";
import { assessQuality, summarizeQuality, type QualitySummary } from "../../analysis/quality-advice";
import type { ResultRow } from "../../analysis/results-csv";
import type { JobInputs, JobOutputs } from "./contract";
import { engineLog } from "../provider-runtime/engine-log";

export function jobQuality(inputs: JobInputs, outs: JobOutputs, rows: readonly ResultRow[], stepsPerEpoch?: number): QualitySummary {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...inputs.quality };
  const signals = qualitySignals(rows, outs.checkpoints ?? [], { ...(stepsPerEpoch ? { stepsPerEpoch } : {}), lossSpikeFactor: thresholds.lossSpikeFactor });
  const hp = outs.resolvedHyperparameters ?? {};
  const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const context = {
    epochs: number(hp.n_epochs),
    learningRateMultiplier: number(hp.learning_rate_multiplier),
    batchSize: number(hp.batch_size),
    examples: inputs.estimate?.examples,
    deploysBestCheckpoint: inputs.deploysBestCheckpoint,
  };
  const clean = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
  return summarizeQuality(signals, assessQuality(signals, thresholds, clean));
}

/** One log line per warning, with its suggestion; the best checkpoint as info when nothing crossed a threshold. */
export async function logQuality(inputs: JobInputs, quality: QualitySummary): Promise<void> {
  for (const [i, warning] of quality.warnings.entries()) {
    await engineLog("warning", `${inputs.modelName}: ${warning}. Suggestion (not applied): ${quality.suggestions[i]}`, inputs.resourceUrn);
  }
  if (quality.warnings.length === 0 && quality.bestStep !== undefined) {
    await engineLog("info", `${inputs.modelName}: best checkpoint at step ${quality.bestStep} (full validation loss ${quality.bestFullValidLoss})`, inputs.resourceUrn);
  }
}
