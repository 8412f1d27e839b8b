// Evaluation's contract: its inputs and outputs, and the pure rule of what a change re-runs.
import type * as pulumi from "@pulumi/pulumi";
import type { EvaluationScores } from "../../analysis/evaluation-score";
import type { ChallengeOutcome } from "../model-deployment/contract";
import type { TargetInputs } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";

export interface EvaluationInputs {
  target: TargetInputs;
  /** Our URN: dynamic providers are never told it (and `urn` itself is reserved), but logs attach to it. */
  resourceUrn: string;
  modelName: string;
  deploymentName: string;
  model: string;
  file: string;
  fileSha256: string;
  maxTokens: number;
  /**
   * The deployment's champion-and-challenger run, when its create just scored this deployment on the same set:
   * its scores are recorded instead of sending every example again. Never diffed.
   */
  swapScores?: ChallengeOutcome | null;
}

/** The scores of the run, and its first replies beside what was expected. */
export interface EvaluationResourceOutputs extends EvaluationInputs, EvaluationScores {
  samples: { prompt: string; expected: string; reply: string }[];
}

export type EvaluationSamples = EvaluationResourceOutputs["samples"];

/**
 * Pure: the scores the deployment's swap already made of this very deployment, model, file and reply limit, or
 * undefined when anything differs (or the swap kept no replies): then the evaluation asks the deployment itself.
 */
export function scoresFromSwap(
  inputs: EvaluationInputs,
): { scores: EvaluationScores; samples: EvaluationSamples } | undefined {
  const swap = inputs.swapScores;
  if (!swap || isUnknown(swap) || !swap.candidateSamples) return undefined;
  const same =
    swap.candidate.deploymentName === inputs.deploymentName &&
    swap.candidate.model === inputs.model &&
    swap.fileSha256 === inputs.fileSha256 &&
    swap.maxTokens === inputs.maxTokens;
  return same ? { scores: swap.candidate.scores, samples: swap.candidateSamples } : undefined;
}

const RERUN_KEYS = ["deploymentName", "model", "fileSha256", "maxTokens"] as const;

/**
 * Pure: re-run (replace) when the deployment, its model, the evaluation's bytes or its token limit change.
 * Nothing else changes anything: a moved file with the same bytes is recorded without an update. The old
 * scores stay until the new ones exist (no delete before replace: there is nothing remote to make room for).
 */
export function diffEvaluation(olds: EvaluationInputs, news: EvaluationInputs): pulumi.dynamic.DiffResult {
  const replaces = RERUN_KEYS.filter((key) => isUnknown(news[key]) || olds[key] !== news[key]);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}
