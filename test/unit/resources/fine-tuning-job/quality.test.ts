// The job's quality inputs (resources/fine-tuning-job/provider.ts, job-quality.ts): thresholds change in place
// and never retrain; the deployment's checkpoint rule never touches the job; the signals a finished job exports.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../../../analysis/quality";
import { parseResultsCsv } from "../../../../analysis/results-csv";
import type { JobInputs, JobOutputs } from "../../../../resources/fine-tuning-job/contract";
import { diffJob } from "../../../../resources/fine-tuning-job/contract";
import { jobQuality } from "../../../../resources/fine-tuning-job/quality";
import { jobInputs } from "../../../support/resource-fixtures";

const inputs = (overrides: Partial<JobInputs> = {}): JobInputs =>
  jobInputs({
    estimate: { examples: 36, trainingTokens: 2382, billedTokens: 7146, epochs: 3, epochsEstimated: false, currency: "USD", priceDate: "2026-11-26" },
    quality: DEFAULT_THRESHOLDS,
    ...overrides,
  });
const outputs = (overrides: Partial<JobOutputs> = {}): JobOutputs => ({
  ...inputs(),
  jobId: "ftjob-abc",
  tag: "t".repeat(40),
  status: "succeeded",
  resolvedHyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
  ...overrides,
});

describe("the job's quality inputs", () => {
  it("changes thresholds in place, without retraining", () => {
    expect(diffJob(outputs(), inputs({ quality: { ...DEFAULT_THRESHOLDS, maxValidLossRise: 0.5 } }))).toMatchObject({ changes: true, replaces: [] });
    expect(diffJob(outputs(), inputs())).toMatchObject({ changes: false });
  });

  it("ignores whether the deployment serves the best checkpoint (so switching it never makes the job's outputs unknown)", () => {
    expect(diffJob(outputs(), inputs({ deploysBestCheckpoint: true }))).toMatchObject({ changes: false, replaces: [] });
  });
});

describe("jobQuality", () => {
  const rows = parseResultsCsv(readFileSync(path.join(__dirname, "../../../fixtures/reports/results-local-service.csv"), "utf8"));

  it("exports the best step and warns with the job's own numbers", () => {
    const q = jobQuality(inputs(), outputs(), rows);
    expect(q).toMatchObject({ bestStep: 36, bestEpoch: 1, finalStep: 108 });
    // Full validation token accuracy still rose after step 36 (38.6% -> 39.5%): the checkpoint comes last, with a caveat.
    expect(q.warnings[0]).toMatch(/, while full validation token accuracy rose from 38\.6% to \d+\.\d%$/);
    expect(q.suggestions[0]).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36; or deploy the best checkpoint (deployment.checkpoint: best, step 36) after comparing its evaluation",
    );
    expect(jobQuality(inputs({ deploysBestCheckpoint: true }), outputs(), rows).suggestions[0]).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36",
    );
  });

  it("applies the model's thresholds", () => {
    const relaxed = jobQuality(inputs({ quality: { maxValidLossRise: 1, maxTrainValidGap: 10, lossSpikeFactor: 100 } }), outputs(), rows);
    expect(relaxed.warnings).toEqual([]);
    expect(relaxed.bestStep).toBe(36);
  });
});
