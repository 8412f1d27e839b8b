// Evaluation's contract: its inputs and outputs, and the pure rule of what a change re-runs.
import type * as pulumi from "@pulumi/pulumi";
import type { EvaluationScores } from "../../analysis/evaluation-score";
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
}

/** The scores of the run, and its first replies beside what was expected. */
export interface EvaluationResourceOutputs extends EvaluationInputs, EvaluationScores {
  samples: { prompt: string; expected: string; reply: string }[];
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
