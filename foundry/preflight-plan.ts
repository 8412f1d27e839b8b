// What the preflight checks and what it answers: the plan (trainings, deployments, uploads), the rows of pass,
// fail (the preview stops) or warn (the check could not run; never a silent pass), each with its evidence.
import type { ModelTiers } from "../azure/model-tiers";
import type { Read } from "./preflight-read";

type CheckResult = "pass" | "fail" | "warn";
export interface CheckRow {
  check: string;
  result: CheckResult;
  detail: string;
  evidence: string;
}

export interface PlannedTraining {
  /** The config key, e.g. clippy. */
  key: string;
  /** The root base model (a fine-tuned source resolves to its base). */
  baseModel: string;
  /** The model the job names when it is not the base (continuous fine-tuning), for the message. */
  source?: string;
  method: string;
  trainingType: string;
}
export interface PlannedDeployment {
  key: string;
  name: string;
  sku: string;
  capacity: number;
  baseModel?: string;
}
/** A dataset the plan uploads (one TrainingFile per model and purpose); bytes unknown for a URL not read. */
export interface PlannedUpload {
  key: string;
  /** The local file name, e.g. train.jsonl. */
  file: string;
  bytes?: number;
  /** The bytes' sha256, when they were read: a copy on the account is named by it (foundry/upload-name.ts). */
  sha256?: string;
}
export interface PreflightPlan {
  account: string;
  trainings: PlannedTraining[];
  deployments: PlannedDeployment[];
  uploads?: PlannedUpload[];
}

/** A hand-kept table to fall back on when the service's model list does not name tiers. */
export type TierTable = (
  baseModel: string,
) =>
  | (Pick<ModelTiers, "training" | "standardRegions" | "globalRegions"> &
      Partial<Pick<ModelTiers, "provisionedRegions">>)
  | undefined;

/** Fine-tuned models the plan trains from that are not of this stack: the reader looks each up. */
export const sourceIds = (plan: PreflightPlan) =>
  plan.trainings.flatMap((t) => (t.source?.includes(".ft-") ? [t.source] : []));

export interface CheckOptions {
  /** Milliseconds since the epoch (tests fix it). */
  now?: number;
  /** A base model's training or inference retirement within this many days is a warning (default 90). */
  retirementWarningDays?: number;
}
export const DEFAULT_RETIREMENT_WARNING_DAYS = 90;

/** A row for a check that could not run: a warning that says why, never a silent pass. */
export const cannot = (check: string, read: Read<unknown> & { ok: false }, what: string): CheckRow => ({
  check,
  result: "warn",
  detail: `could not check ${what}: ${read.message}`,
  evidence: read.evidence,
});
