// The FineTuningJob resource's inputs and outputs: one shape shared by the resource class and its provider.
import type { QualityThresholds } from "../reports/quality";
import type { QualitySummary } from "../reports/quality-advice";
import type { TargetInputs } from "./target-inputs";
import type { MethodInput } from "./training-identity";

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
  deleteModelOnDestroy: boolean;
  adoptJobId?: string;
  /** Where results.csv and charts go, relative to the project. */
  reportsDir: string;
  estimate?: EstimateSummary;
  findings?: FindingSummary[];
  /** Thresholds of the overfitting warnings. */
  quality?: QualityThresholds;
  /** The deployment already serves the best checkpoint, so the advice leaves that out. Never diffed: advice only. */
  deploysBestCheckpoint?: boolean;
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
  /** Best checkpoint, overfitting and divergence signals, and the warnings they raised (reports/quality.ts). */
  qualitySignals?: QualitySummary;
  error?: string;
}

export const TERMINAL = ["succeeded", "failed", "cancelled"];
