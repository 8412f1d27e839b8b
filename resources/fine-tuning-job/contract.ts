// The FineTuningJob resource's inputs and outputs: one shape shared by the resource class and its provider.
import type { QualityEvidence, QualitySummary } from "../../analysis/quality-advice";
import type * as pulumi from "@pulumi/pulumi";
import { isTerminalJobStatus } from "../../foundry/data-plane-types";
import { targetIdentity, type TargetInputs } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";
import { retrainReasons, type MethodInput } from "./identity";

export interface EstimateSummary {
  examples: number;
  trainingTokens: number;
  billedTokens: number;
  epochs: number;
  epochsEstimated: boolean;
  estimatedCostUsd?: number;
  currency: string;
  priceDate: string;
}

export interface FindingSummary {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

export interface JobInputs {
  target: TargetInputs;
  /** Our URN: dynamic providers are never told it (and `urn` itself is reserved), but logs attach to it. */
  resourceUrn: string;
  /** `<project>/<stack>`: with the resource name and training identity, what the job's tag is made of. */
  stack: string;
  resourceName: string;
  /** The model's key in stack config. */
  modelName: string;
  baseModel: string;
  trainingFileId: string;
  trainingFileSha256: string;
  validationFileId?: string;
  validationFileSha256?: string;
  method: MethodInput;
  seed?: number;
  suffix?: string;
  trainingType: string;
  metadata?: Record<string, string>;
  wait: { enabled: boolean; timeoutMinutes: number };
  adoptJobId?: string;
  /** Where results.csv and charts go, relative to the project. */
  reportsDir: string;
  estimate?: EstimateSummary;
  findings?: FindingSummary[];
}

export interface CheckpointSummary {
  id: string;
  step: number;
  fineTunedModelCheckpoint: string;
  metrics: Record<string, number>;
}

export interface JobOutputs extends JobInputs {
  jobId: string;
  tag: string;
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  estimatedFinish?: number;
  resolvedHyperparameters?: Record<string, unknown>;
  checkpoints?: CheckpointSummary[];
  resultFileId?: string;
  metrics?: Record<string, number>;
  resultsCsvPath?: string;
  charts?: { lossPng: string; lossSvg: string; accuracyPng: string; accuracySvg: string };
  /** Best checkpoint, overfitting and divergence signals, and the warnings they raise under the default thresholds. */
  qualitySignals?: QualitySummary;
  /** The same signals before any threshold: the program judges them by the model's own (analysis/quality-advice.ts). */
  qualityEvidence?: QualityEvidence;
  error?: string;
}

/**
 * Pure: which inputs retrain (replace), and whether anything changes at all. A job still training is followed
 * by an update. A finished job never updates: its other inputs (wait policy, metadata, file ids, estimate,
 * findings, reportsDir, adoptJobId) can change nothing on the service, where a job's tags are fixed at
 * submission, so they are recorded without an update. An update would preview every output of the job as
 * unknown, and with it the deployment of its unchanged model as replaced; that is why the quality thresholds and
 * `deleteModelOnDestroy` are not inputs of the job (program/quality-judgement.ts, program/fine-tuned-model.ts).
 */
export function diffJob(olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult & { reasons: string[] } {
  const { keys, reasons } = retrainReasons(olds, news);
  if (isUnknown(news.target) || targetIdentity(olds.target) !== targetIdentity(news.target)) {
    keys.push("target");
    reasons.push("moved to another account");
  }
  const following = !isTerminalJobStatus(olds.status);
  return { changes: keys.length > 0 || following, replaces: keys, deleteBeforeReplace: false, reasons };
}
