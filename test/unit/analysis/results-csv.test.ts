import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { epochBoundaries, finalMetrics, parseResultsCsv, stepsPerEpochFrom } from "../../../analysis/results-csv";

const fixture = readFileSync(path.join(__dirname, "../../fixtures/reports/results.csv"), "utf8");

describe("parseResultsCsv", () => {
  it("reads Azure's column names and treats empty cells as missing, not 0", () => {
    const rows = parseResultsCsv(
      "step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy\n" +
        "1,2.5,0.4,,,,\n" +
        "2,2.0,0.5,2.2,0.45,2.1,0.47\r\n",
    );
    expect(rows).toEqual([
      { step: 1, trainLoss: 2.5, trainTokenAccuracy: 0.4 },
      {
        step: 2,
        trainLoss: 2,
        trainTokenAccuracy: 0.5,
        validLoss: 2.2,
        validTokenAccuracy: 0.45,
        fullValidLoss: 2.1,
        fullValidTokenAccuracy: 0.47,
      },
    ]);
  });

  it("accepts valid_mean_token_accuracy, any column order and extra columns", () => {
    const rows = parseResultsCsv("train_loss,step,valid_mean_token_accuracy,train_reward_mean\n1.5,7,0.6,0.1\n");
    expect(rows).toEqual([{ step: 7, trainLoss: 1.5, validTokenAccuracy: 0.6 }]);
  });

  it("decodes a base64-delivered file", () => {
    const encoded = Buffer.from("step,train_loss\n1,0.9\n").toString("base64");
    expect(parseResultsCsv(encoded)).toEqual([{ step: 1, trainLoss: 0.9 }]);
  });

  it("names file, line and column for a bad cell", () => {
    expect(() => parseResultsCsv("step,train_loss\n1,0.9\n2,abc\n", "job/results.csv")).toThrow(
      'job/results.csv:3: column "train_loss": not-a-number: "abc" is not a number',
    );
    expect(() => parseResultsCsv("train_loss\n0.9\n")).toThrow('results.csv:1: column "step": missing-column');
    expect(() => parseResultsCsv("step,train_loss\n2,1\n2,1\n")).toThrow(
      'results.csv:3: column "step": not-increasing',
    );
  });
});

describe("finalMetrics and epochBoundaries", () => {
  const rows = parseResultsCsv(fixture);

  it("takes the last present value of each metric", () => {
    expect(rows).toHaveLength(120);
    expect(finalMetrics(rows)).toEqual({
      steps: 120,
      epochs: 3,
      finalTrainLoss: 0.46947,
      finalTrainTokenAccuracy: 0.89671,
      finalValidLoss: 0.75194,
      finalValidTokenAccuracy: 0.8161,
      fullValidLoss: 0.78246,
      fullValidTokenAccuracy: 0.8276,
    });
  });

  it("looks back past rows where validation is empty", () => {
    const m = finalMetrics(
      parseResultsCsv("step,train_loss,train_mean_token_accuracy,valid_loss\n1,2,0.1,1.7\n2,1,0.2,\n"),
    );
    expect(m.finalValidLoss).toBe(1.7);
    expect(m.fullValidLoss).toBeUndefined();
    expect(m.epochs).toBe(0);
  });

  it("marks epochs at full_valid rows, else every stepsPerEpoch steps", () => {
    expect(epochBoundaries(rows)).toEqual([40, 80, 120]);
    expect(epochBoundaries(rows, 7)).toEqual([40, 80, 120]);
    const trainOnly = rows.map(({ step, trainLoss, trainTokenAccuracy }) => ({ step, trainLoss, trainTokenAccuracy }));
    expect(epochBoundaries(trainOnly, 50)).toEqual([50, 100]);
    expect(finalMetrics(trainOnly, 40).epochs).toBe(3);
  });

  it("without validation rows, places epoch ends from the job's resolved n_epochs", () => {
    const trainOnly = rows.map(({ step, trainLoss, trainTokenAccuracy }) => ({ step, trainLoss, trainTokenAccuracy }));
    expect(stepsPerEpochFrom(trainOnly, 3)).toBe(40);
    expect(stepsPerEpochFrom(trainOnly, "4")).toBe(30);
    expect(finalMetrics(trainOnly, stepsPerEpochFrom(trainOnly, 3)).epochs).toBe(3);
    // 120 steps are not 7 equal epochs, and "auto" or a missing value says nothing: no boundaries, not wrong ones.
    for (const unknown of [7, "auto", undefined, 0, -3, 1.5])
      expect(stepsPerEpochFrom(trainOnly, unknown)).toBeUndefined();
    expect(stepsPerEpochFrom([], 3)).toBeUndefined();
  });

  it("refuses an empty file", () => {
    expect(() => finalMetrics(parseResultsCsv("step,train_loss\n"))).toThrow("no data rows");
  });
});
