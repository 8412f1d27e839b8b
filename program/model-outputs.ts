// What the stack exports per model (`pulumi stack output models`): what a promoting stack reads as its source,
// the PR report's after-up figures, and what `npm start` chats with.
import type * as pulumi from "@pulumi/pulumi";
import type { JobCheckpoint, Retirement } from "../resources/fine-tuning-job/contract";
import type { FineTuningJob } from "../resources/fine-tuning-job/resource";
import type { ChallengeOutcome, HostingSummary } from "../resources/model-deployment/contract";

export interface DeploymentOutputs {
  name: pulumi.Output<string>;
  model: pulumi.Output<string>;
  sku: string;
  capacity: number;
  endpoint: pulumi.Output<string>;
  /** The hourly and monthly hosting fee (730 h), from the dated price table. */
  hosting?: pulumi.Input<HostingSummary | undefined>;
  /** For a deployed checkpoint: the rule ("best by full_valid_loss") and which one it chose, and why. */
  checkpoint?: { rule: string; reason: pulumi.Output<string | undefined> };
}

export interface EvaluationOutputs {
  examples: pulumi.Output<number>;
  exactMatch: pulumi.Output<number>;
  tokenOverlap: pulumi.Output<number>;
  /** Examples the content filter refused (scored as wrong, counted apart). */
  contentFiltered: pulumi.Output<number>;
  latencyMsP50: pulumi.Output<number>;
  latencyMsP95: pulumi.Output<number>;
  /** When the last model swap replaced a live deployment: both scores on the held-out set, and which deployments. */
  challenge: pulumi.Output<ChallengeOutcome | undefined>;
}

/** A model this stack trains. */
export interface ModelOutputs {
  jobId: pulumi.Output<string>;
  status: pulumi.Output<string>;
  /** The job was an identical training already on the account, reused at no training cost (and which one). */
  reused: pulumi.Output<boolean>;
  reusedFrom: pulumi.Output<string | undefined>;
  fineTunedModel: pulumi.Output<string | undefined>;
  trainedTokens: pulumi.Output<number | undefined>;
  metrics: pulumi.Output<Record<string, number> | undefined>;
  checkpoints: FineTuningJob["checkpoints"];
  estimate: FineTuningJob["estimate"];
  resultsCsvPath: pulumi.Output<string | undefined>;
  charts: FineTuningJob["charts"];
  /** Best checkpoint, overfitting and divergence signals, warnings and suggestions (analysis/quality.ts). */
  quality: FineTuningJob["qualitySignals"];
  account: pulumi.Input<string>;
  /** ARM id of the account that trained the model: what a promoting stack in another account names as source. */
  accountId: pulumi.Input<string>;
  /** The base model's retirement dates (ISO) from the account's model list: training, and inference. */
  retirement?: pulumi.Input<Retirement | undefined>;
  deployment?: DeploymentOutputs;
  evaluation?: EvaluationOutputs;
}

/** A model this stack deploys from another stack's training (promotion). */
export interface PromotedOutputs {
  promotedFrom: { stack: string; model: string; jobId: string };
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  metrics?: Record<string, number>;
  checkpoints?: JobCheckpoint[];
  quality?: Record<string, unknown>;
  account: string;
  accountId: string;
  deployment: DeploymentOutputs;
  evaluation?: EvaluationOutputs;
}
