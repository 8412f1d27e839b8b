// A trained model's quality under its own thresholds: the job records what training measured (its evidence),
// and this judges it, exports the summary and warns in the `up` log. Thresholds live here, not in the job's
// inputs, so changing one re-judges the warnings without updating the job (an update would preview its model
// as unknown and its deployment as replaced).
import * as pulumi from "@pulumi/pulumi";
import type { QualityThresholds } from "../analysis/quality";
import {
  judgeQuality,
  type QualityEvidence,
  type QualitySummary,
  withoutAppliedAdvice,
} from "../analysis/quality-advice";
import type { FineTuningJob } from "../resources/fine-tuning-job/resource";

export interface QualityJudgement {
  thresholds: QualityThresholds;
  /** The deployment serves the best checkpoint: the advice leaves that out. */
  deploysBestCheckpoint: boolean;
  /** The deployment serves any checkpoint: the exported advice drops the checkpoint suggestion. */
  deploysCheckpoint: boolean;
}

/** Pure: the full judgement; a job recorded before the evidence existed keeps the summary it stored. */
export function judgedQuality(
  evidence: QualityEvidence | undefined,
  stored: QualitySummary | undefined,
  j: QualityJudgement,
): QualitySummary | undefined {
  return evidence ? judgeQuality(evidence, j.thresholds, j.deploysBestCheckpoint) : stored;
}

/** The model's quality output; during `up` its warnings (or the best checkpoint) go to the log, on the job. */
export function qualityOf(
  modelName: string,
  job: FineTuningJob,
  j: QualityJudgement,
): pulumi.Output<QualitySummary | undefined> {
  return pulumi.all([job.qualityEvidence, job.qualitySignals]).apply(([evidence, stored]) => {
    const full = judgedQuality(evidence, stored, j);
    if (full && !pulumi.runtime.isDryRun()) {
      for (const [i, warning] of full.warnings.entries())
        pulumi.log.warn(`${modelName}: ${warning}. Suggestion (not applied): ${full.suggestions[i]}`, job);
      if (full.warnings.length === 0 && full.bestStep !== undefined) {
        pulumi.log.info(
          `${modelName}: best checkpoint at step ${full.bestStep} (full validation loss ${full.bestFullValidLoss})`,
          job,
        );
      }
    }
    return full && j.deploysCheckpoint ? withoutAppliedAdvice(full) : full;
  });
}
