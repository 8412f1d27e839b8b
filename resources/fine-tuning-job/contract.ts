// The FineTuningJob resource's inputs and outputs: one shape shared by the resource class and its provider.

import type * as pulumi from "@pulumi/pulumi";
import type { QualityEvidence, QualitySummary } from "../../analysis/quality-advice";
import { isTerminalJobStatus } from "../../foundry/data-plane-types";
import { type TargetInputs, targetIdentity } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";
import { type MethodInput, retrainReasons } from "./identity";
import type { ReusedJob } from "./reuse";

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

/** A base model's retirement dates (ISO) from the account's model list (AccountModel.deprecation). */
export interface Retirement {
  fineTune?: string;
  inference?: string;
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
  /** The config names no tier: trainingType is the default, and an existing job keeps its own (keepRecordedTier). */
  trainingTypeDefaulted?: boolean;
  /** The base model's retirement dates, as the preflight read them: past its fineTune date the job is not trained. */
  retirement?: Retirement;
  metadata?: Record<string, string>;
  wait: { enabled: boolean; timeoutMinutes: number };
  adoptJobId?: string;
  /** Where results.csv and charts go, relative to the project. */
  reportsDir: string;
  estimate?: EstimateSummary;
  findings?: FindingSummary[];
  /** `always`: never reuse a succeeded job of the account with the same training identity (./reuse.ts). Never diffed. */
  retrain?: "always";
  /** Set by check: the succeeded job this resource will reuse instead of training, for the preview and the PR report. */
  reuse?: ReusedJob;
}

/** A checkpoint of a succeeded job, as its outputs record it (metrics by the service's snake_case names). */
export interface JobCheckpoint {
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
  checkpoints?: JobCheckpoint[];
  resultFileId?: string;
  metrics?: Record<string, number>;
  resultsCsvPath?: string;
  charts?: { lossPng: string; lossSvg: string; accuracyPng: string; accuracySvg: string };
  /** Best checkpoint, overfitting and divergence signals, and the warnings they raise under the default thresholds. */
  qualitySignals?: QualitySummary;
  /** The same signals before any threshold: the program judges them by the model's own (analysis/quality-advice.ts). */
  qualityEvidence?: QualityEvidence;
  error?: string;
  /** The job was not submitted by this resource: an identical training on the account was reused (no training cost). */
  reused?: boolean;
  /** The reused job's id (the same as jobId), or null. */
  reusedFrom?: string | null;
}

/**
 * Pure, for check: a tier the config does not name never retrains a job. When the default tier changes (the
 * 2026-02 model table moved gpt-4o and gpt-4o-mini from Standard to GlobalStandard), a job trained under the old
 * default keeps the tier it was trained on, as long as nothing else retrains it; a job that retrains anyway, or
 * a new one, gets the current default.
 */
export function keepRecordedTier(olds: Partial<JobInputs> | undefined, news: JobInputs): JobInputs {
  const recorded = olds?.trainingType;
  if (
    !news.trainingTypeDefaulted ||
    typeof recorded !== "string" ||
    recorded.toLowerCase() === String(news.trainingType).toLowerCase()
  )
    return news;
  const kept = { ...news, trainingType: recorded };
  const sameTarget =
    !isUnknown(news.target) &&
    olds?.target !== undefined &&
    targetIdentity(olds.target) === targetIdentity(news.target);
  return sameTarget && retrainReasons(olds as JobInputs, kept).keys.length === 0 ? kept : news;
}

/**
 * Pure, for check: a base model retired for fine-tuning is not trained again. A job that exists and does not
 * retrain keeps serving (nothing is submitted); a new job, or one whose identity changed, is refused at preview.
 */
export function retiredTrainingProblem(
  olds: Partial<JobInputs> | undefined,
  news: JobInputs,
  now = Date.now(),
): string | undefined {
  const date = news.retirement?.fineTune;
  const at = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(at) || at > now) return undefined;
  const exists = olds !== undefined && typeof olds.trainingFileSha256 === "string";
  if (exists && retrainReasons(olds as JobInputs, news).keys.length === 0) return undefined;
  return `${news.modelName}: ${news.baseModel} was retired for fine-tuning on ${date!.slice(0, 10)} (the account's model list): it cannot be trained${exists ? " again" : ""}; choose another base model`;
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
