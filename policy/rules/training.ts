// Rules on what a stack trains (pure): each takes the job's facts and its stack's settings, returns violations.
import { TRAINING_TIERS } from "../../azure/model-tiers";
import type { JobFacts } from "../facts";

const usd = (n: number) => `$${n.toFixed(2)}`;

export interface TrainingTierSettings {
  allowed: string[];
}
export const TRAINING_TIER_DEFAULTS: TrainingTierSettings = { allowed: [...TRAINING_TIERS] };
export const trainingTierSchema = { allowed: { type: "array", items: { type: "string" } } };

export function checkTrainingTier(job: JobFacts, s: TrainingTierSettings): string[] {
  const allowed = s.allowed.map((t) => t.toLowerCase());
  return allowed.includes(job.trainingType.toLowerCase())
    ? []
    : [
        `model ${job.model}: training tier ${job.trainingType} is not allowed here (allowed: ${s.allowed.join(", ") || "none"})`,
      ];
}

export interface ValidationFileSettings {
  required: boolean;
}
export const VALIDATION_FILE_DEFAULTS: ValidationFileSettings = { required: true };
export const validationFileSchema = { required: { type: "boolean" } };

export function checkValidationFile(job: JobFacts, s: ValidationFileSettings): string[] {
  // Without held-out data there is no validation loss to gate a promotion on.
  return s.required && !job.hasValidationFile ? [`model ${job.model}: a validationFile is required`] : [];
}

export interface TrainingCostSettings {
  maxUsdPerModel?: number;
  maxUsdPerStack?: number;
  /** A base model with no known price has no estimate; with a limit set it is refused unless this is true. */
  allowUnpriced: boolean;
}
export const TRAINING_COST_DEFAULTS: TrainingCostSettings = { allowUnpriced: false };
export const trainingCostSchema = {
  maxUsdPerModel: { type: "number", minimum: 0 },
  maxUsdPerStack: { type: "number", minimum: 0 },
  allowUnpriced: { type: "boolean" },
};

export function checkModelCost(job: JobFacts, s: TrainingCostSettings): string[] {
  if (s.maxUsdPerModel === undefined) return [];
  if (job.estimatedCostUsd === undefined) {
    return s.allowUnpriced
      ? []
      : [
          `model ${job.model}: no cost estimate (no known price for its base model); set foundry-finetune:prices or allowUnpriced`,
        ];
  }
  return job.estimatedCostUsd > s.maxUsdPerModel
    ? [
        `model ${job.model}: estimated training cost ${usd(job.estimatedCostUsd)} exceeds the maximum of ${usd(s.maxUsdPerModel)} per model`,
      ]
    : [];
}

/** The sum over every job the stack declares: what its training costs in total, by the program's estimates. */
export function checkStackCost(stack: string, jobs: JobFacts[], s: TrainingCostSettings): string[] {
  if (s.maxUsdPerStack === undefined) return [];
  const unpriced = jobs.filter((j) => j.estimatedCostUsd === undefined).map((j) => j.model);
  const total = jobs.reduce((sum, j) => sum + (j.estimatedCostUsd ?? 0), 0);
  const out: string[] = [];
  if (total > s.maxUsdPerStack) {
    out.push(
      `stack ${stack}: estimated training cost ${usd(total)} of ${jobs.length} model(s) exceeds the maximum of ${usd(s.maxUsdPerStack)} per stack`,
    );
  }
  if (unpriced.length > 0 && !s.allowUnpriced)
    out.push(`stack ${stack}: no cost estimate for ${unpriced.join(", ")}; the stack total cannot be checked`);
  return out;
}

export interface SuffixSettings {
  required: boolean;
  /** 18 by default: the limit given for Foundry projects in the governance issue (not confirmed in Microsoft's docs). */
  maxLength: number;
  /** A regular expression the whole suffix must match, e.g. "^team-[a-z]+$". */
  pattern?: string;
}
export const SUFFIX_DEFAULTS: SuffixSettings = { required: false, maxLength: 18 };
export const suffixSchema = {
  required: { type: "boolean" },
  maxLength: { type: "integer", minimum: 1, maximum: 40 },
  pattern: { type: "string" },
};

export function checkSuffix(job: JobFacts, s: SuffixSettings): string[] {
  if (job.suffix === undefined) return s.required ? [`model ${job.model}: a suffix is required`] : [];
  const out: string[] = [];
  if (job.suffix.length > s.maxLength)
    out.push(
      `model ${job.model}: suffix "${job.suffix}" is ${job.suffix.length} characters; the maximum is ${s.maxLength}`,
    );
  if (s.pattern !== undefined && !new RegExp(s.pattern).test(job.suffix))
    out.push(`model ${job.model}: suffix "${job.suffix}" does not match ${s.pattern}`);
  return out;
}

export interface TrainingRetirementSettings {
  /** Refuse training on a base model that retires for fine-tuning within this many days (0: only once retired). */
  withinDays: number;
}
export const TRAINING_RETIREMENT_DEFAULTS: TrainingRetirementSettings = { withinDays: 30 };
export const trainingRetirementSchema = { withinDays: { type: "integer", minimum: 0 } };

const DAY_MS = 86_400_000;

/** A model trained now on a base model about to retire could not be trained again (a fix, a new data set). */
export function checkTrainingRetirement(job: JobFacts, s: TrainingRetirementSettings, now = Date.now()): string[] {
  const at = job.fineTuneRetirement ? Date.parse(job.fineTuneRetirement) : Number.NaN;
  if (Number.isNaN(at)) return [];
  const days = Math.ceil((at - now) / DAY_MS);
  if (days > s.withinDays) return [];
  const when = days <= 0 ? "was retired for fine-tuning" : `retires for fine-tuning in ${days} days`;
  return [
    `model ${job.model}: its base model ${when} (${job.fineTuneRetirement!.slice(0, 10)}); this stack trains only on models that retire more than ${s.withinDays} days from now`,
  ];
}
