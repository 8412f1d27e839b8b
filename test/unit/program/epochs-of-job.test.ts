// How many epochs a finished job ran (program/checkpoint-selection.ts epochsOfJob): the one rule the training
// stack (resolved n_epochs) and a promoting stack (exported metrics) both number checkpoints by.
import { describe, expect, it } from "vitest";
import { epochsOfJob, selectCheckpoint } from "../../../program/checkpoint-selection";

const kept = [{}, {}, {}]; // the service keeps the last three epoch-end checkpoints

describe("epochsOfJob", () => {
  it("takes the n_epochs the service resolved first, as a number, over every other evidence", () => {
    expect(epochsOfJob({ resolvedEpochs: 5, metricEpochs: 4, checkpoints: kept })).toBe(5);
    expect(epochsOfJob({ resolvedEpochs: "7", checkpoints: kept })).toBe(7);
  });

  it("without a resolved value, takes the epochs results.csv marked, then the kept checkpoints", () => {
    expect(epochsOfJob({ resolvedEpochs: null, metricEpochs: 4, checkpoints: kept })).toBe(4);
    expect(epochsOfJob({ metricEpochs: 4, checkpoints: kept })).toBe(4);
    expect(epochsOfJob({ checkpoints: kept })).toBe(3);
  });

  it("reads 0 metric epochs (results.csv without validation rows) as unknown, not as 0", () => {
    expect(epochsOfJob({ metricEpochs: 0, checkpoints: [{}, {}] })).toBe(2);
  });

  it("is 0 when nothing is known", () => {
    expect(epochsOfJob({})).toBe(0);
    expect(epochsOfJob({ metricEpochs: 0, checkpoints: [] })).toBe(0);
  });

  it("numbers kept checkpoints so that epoch N of a 5-epoch job is found, which the checkpoint count alone would not", () => {
    const checkpoints = [30, 40, 50].map((step) => ({
      id: `ftchkpt-s${step}`,
      step,
      fineTunedModelCheckpoint: `m:ckpt-step-${step}`,
      metrics: {},
    }));
    expect(selectCheckpoint(checkpoints, { epoch: 4 }, epochsOfJob({ resolvedEpochs: 5, checkpoints }))).toBe(
      "ftchkpt-s40",
    );
    expect(selectCheckpoint(checkpoints, { epoch: 4 }, epochsOfJob({ metricEpochs: 5, checkpoints }))).toBe(
      "ftchkpt-s40",
    );
  });
});
