// A finished job's quality (resources/fine-tuning-job/quality.ts) and its judgement by the model's thresholds
// (analysis/quality-advice.ts judgeQuality, program/quality-judgement.ts): the job records evidence no threshold
// has judged, so thresholds and the deployment's checkpoint rule are not job inputs and never touch the job.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, qualitySignals } from "../../../../analysis/quality";
import { judgeQuality } from "../../../../analysis/quality-advice";
import { parseResultsCsv } from "../../../../analysis/results-csv";
import { judgedQuality } from "../../../../program/quality-judgement";
import type { JobInputs, JobOutputs } from "../../../../resources/fine-tuning-job/contract";
import { jobQuality } from "../../../../resources/fine-tuning-job/quality";
import { jobInputs } from "../../../support/resource-fixtures";

const inputs = (overrides: Partial<JobInputs> = {}): JobInputs =>
  jobInputs({
    estimate: {
      examples: 36,
      trainingTokens: 2382,
      billedTokens: 7146,
      epochs: 3,
      epochsEstimated: false,
      currency: "USD",
      priceDate: "2026-11-26",
    },
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
const rows = parseResultsCsv(
  readFileSync(path.join(__dirname, "../../../fixtures/reports/results-local-service.csv"), "utf8"),
);
const judgement = (over: Partial<Parameters<typeof judgedQuality>[2]> = {}) => ({
  thresholds: DEFAULT_THRESHOLDS,
  deploysBestCheckpoint: false,
  deploysCheckpoint: false,
  ...over,
});

describe("jobQuality: what the job records", () => {
  it("exports the best step and, under the default thresholds, warns with the job's own numbers", () => {
    const { qualitySignals: q } = jobQuality(inputs(), outputs(), rows);
    expect(q).toMatchObject({ bestStep: 36, bestEpoch: 1, finalStep: 108 });
    // Full validation token accuracy still rose after step 36 (38.6% -> 39.5%): the checkpoint comes last, with a caveat.
    expect(q.warnings[0]).toMatch(/, while full validation token accuracy rose from 38\.6% to \d+\.\d%$/);
    expect(q.suggestions[0]).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36; or deploy the best checkpoint (deployment.checkpoint: best, step 36) after comparing its evaluation",
    );
  });

  it("records evidence, JSON-safe, that the program's judgement turns into the same summary", () => {
    const { qualitySignals, qualityEvidence } = jobQuality(inputs(), outputs(), rows);
    const stored = JSON.parse(JSON.stringify(qualityEvidence));
    expect(stored).toEqual(qualityEvidence);
    expect(qualityEvidence.context).toEqual({ epochs: 3, learningRateMultiplier: 1, batchSize: 1, examples: 36 });
    expect(judgedQuality(stored, undefined, judgement())).toEqual(qualitySignals);
  });
});

describe("judging the evidence by the model's thresholds", () => {
  const { qualityEvidence: evidence, qualitySignals: stored } = jobQuality(inputs(), outputs(), rows);

  it("applies the model's thresholds, keeping the figures", () => {
    const relaxed = judgedQuality(
      evidence,
      stored,
      judgement({ thresholds: { maxValidLossRise: 1, maxTrainValidGap: 10, lossSpikeFactor: 100 } }),
    )!;
    expect(relaxed.warnings).toEqual([]);
    expect(relaxed.bestStep).toBe(36);
  });

  it("leaves the checkpoint out of the advice when the deployment serves the best one", () => {
    expect(judgedQuality(evidence, stored, judgement({ deploysBestCheckpoint: true }))!.suggestions[0]).toBe(
      "n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36",
    );
  });

  it("keeps the summary a job stored before evidence existed", () => {
    expect(
      judgedQuality(
        undefined,
        stored,
        judgement({ thresholds: { maxValidLossRise: 5, maxTrainValidGap: 50, lossSpikeFactor: 50 } }),
      ),
    ).toBe(stored);
  });

  it("finds the same spikes from the evidence as a direct measurement with that factor", () => {
    const steps = Array.from({ length: 30 }, (_, i) => i + 1);
    const spiky = steps.map((step) => ({ step, trainLoss: step === 12 ? 4 : step === 20 ? 2.8 : 1 }));
    const evidenceOf = { signals: qualitySignals(spiky as never, [], { lossSpikeFactor: 1 }), context: {} };
    for (const factor of [1.5, 2, 3, 5]) {
      const direct = qualitySignals(spiky as never, [], { lossSpikeFactor: factor }).spikes.map((s) => s.step);
      expect(judgeQuality(evidenceOf, { ...DEFAULT_THRESHOLDS, lossSpikeFactor: factor }).spikeSteps).toEqual(direct);
    }
    expect(judgeQuality(evidenceOf, { ...DEFAULT_THRESHOLDS, lossSpikeFactor: 2 }).spikeSteps).toEqual([12, 20]);
    expect(judgeQuality(evidenceOf, { ...DEFAULT_THRESHOLDS, lossSpikeFactor: 3 }).spikeSteps).toEqual([12]);
  });
});
