// What a finished job measured (analysis/quality.ts), recorded as evidence no threshold has judged yet, plus the
// summary under the default thresholds for readers of the state. The program judges the evidence against the
// model's own thresholds and logs the warnings (program/quality-judgement.ts), so thresholds are not job inputs.
import { DEFAULT_THRESHOLDS, qualitySignals } from "../../analysis/quality";
import {
  EVIDENCE_SPIKE_FACTOR,
  judgeQuality,
  type QualityEvidence,
  type QualitySummary,
} from "../../analysis/quality-advice";
import type { ResultRow } from "../../analysis/results-csv";
import type { JobInputs, JobOutputs } from "./contract";

export function jobQuality(
  inputs: JobInputs,
  outs: JobOutputs,
  rows: readonly ResultRow[],
  stepsPerEpoch?: number,
): { qualitySignals: QualitySummary; qualityEvidence: QualityEvidence } {
  const signals = qualitySignals(rows, outs.checkpoints ?? [], {
    ...(stepsPerEpoch ? { stepsPerEpoch } : {}),
    lossSpikeFactor: EVIDENCE_SPIKE_FACTOR,
  });
  const hp = outs.resolvedHyperparameters ?? {};
  const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const context = {
    epochs: number(hp.n_epochs),
    learningRateMultiplier: number(hp.learning_rate_multiplier),
    batchSize: number(hp.batch_size),
    examples: inputs.estimate?.examples,
  };
  const qualityEvidence: QualityEvidence = {
    // JSON-safe for the state: no undefined values.
    signals: JSON.parse(JSON.stringify(signals)) as QualityEvidence["signals"],
    context: Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)),
  };
  return { qualitySignals: judgeQuality(qualityEvidence, DEFAULT_THRESHOLDS), qualityEvidence };
}
