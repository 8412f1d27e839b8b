// results.csv at its edges (analysis/results-csv.ts): header spellings, quoting, "nan", BOMs, base64 detection,
// the step column's rules, and epoch ends without validation. reports-results-csv.test.ts has the main cases.
import { describe, expect, it } from "vitest";
import {
  epochBoundaries,
  finalMetrics,
  parseResultsCsv,
  ResultsCsvError,
  stepsPerEpochFrom,
} from "../../../analysis/results-csv";

describe("parseResultsCsv", () => {
  it("reads every header spelling seen in the wild, trimmed and in any case", () => {
    const header =
      " STEP ,train_loss,train_accuracy,validation_loss,valid_accuracy,full_valid_loss,full_valid_mean_token_accuracy";
    expect(parseResultsCsv(`${header}\n1,1,0.1,2,0.2,3,0.3\n`)).toEqual([
      {
        step: 1,
        trainLoss: 1,
        trainTokenAccuracy: 0.1,
        validLoss: 2,
        validTokenAccuracy: 0.2,
        fullValidLoss: 3,
        fullValidTokenAccuracy: 0.3,
      },
    ]);
    expect(parseResultsCsv("step,validation_mean_token_accuracy\n1,0.5\n")).toEqual([
      { step: 1, validTokenAccuracy: 0.5 },
    ]);
  });

  it("strips quotes and spaces around cells, treats nan (any case) and blanks as missing, and skips blank lines", () => {
    expect(parseResultsCsv('"step","train_loss"\n"1", "0.5" \n\n  \n2,NaN\n3,nan\n4, \n')).toEqual([
      { step: 1, trainLoss: 0.5 },
      { step: 2 },
      { step: 3 },
      { step: 4 },
    ]);
  });

  it("drops a BOM before the header, plain or base64-encoded, and decodes base64 with line breaks", () => {
    expect(parseResultsCsv("\uFEFFstep,train_loss\n1,2\n")).toEqual([{ step: 1, trainLoss: 2 }]);
    const encoded = Buffer.from("\uFEFFstep,train_loss\n1,2\n").toString("base64");
    expect(parseResultsCsv(`${encoded.slice(0, 8)}\n${encoded.slice(8)}\n`)).toEqual([{ step: 1, trainLoss: 2 }]);
    expect(parseResultsCsv(Buffer.from('"step",train_loss\n3,2\n').toString("base64"))).toEqual([
      { step: 3, trainLoss: 2 },
    ]);
  });

  it("does not take a header-only text that happens to be base64 alphabet for base64", () => {
    expect(() => parseResultsCsv("step")).not.toThrow();
    expect(parseResultsCsv("step")).toEqual([]);
    expect(() => parseResultsCsv("abcd")).toThrow('results.csv:1: column "step": missing-column: header is "abcd"');
  });

  it("refuses a step that is missing, negative, fractional or not increasing, naming the line", () => {
    const bad = (row: string) => () => parseResultsCsv(`step,train_loss\n1,1\n${row}\n`, "r.csv");
    expect(bad(",1")).toThrow('r.csv:3: column "step": not-a-step: "" is not a non-negative integer');
    expect(bad("-2,1")).toThrow('r.csv:3: column "step": not-a-step: "-2" is not a non-negative integer');
    expect(bad("2.5,1")).toThrow('"2.5" is not a non-negative integer');
    expect(bad("1,1")).toThrow('r.csv:3: column "step": not-increasing: step 1 follows step 1');
    expect(bad("0,1")).toThrow("step 0 follows step 1");
    expect(parseResultsCsv("step\n0\n1\n")).toEqual([{ step: 0 }, { step: 1 }]);
  });

  it("refuses a metric that is not a number, and says so with ResultsCsvError", () => {
    let error: unknown;
    try {
      parseResultsCsv("step,valid_loss\n1,Infinity\n");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResultsCsvError);
    expect((error as Error).name).toBe("ResultsCsvError");
    expect((error as Error).message).toBe(
      'results.csv:2: column "valid_loss": not-a-number: "Infinity" is not a number',
    );
  });

  it("ignores cells of columns it does not know, whatever they hold", () => {
    expect(parseResultsCsv("step,train_loss,note\n1,0.5,hello\n")).toEqual([{ step: 1, trainLoss: 0.5 }]);
  });
});

describe("epoch ends and final metrics", () => {
  it("marks an epoch end at a row with only full_valid accuracy too", () => {
    expect(
      epochBoundaries([
        { step: 1 },
        { step: 2, fullValidTokenAccuracy: 0.5 },
        { step: 3 },
        { step: 4, fullValidLoss: 1 },
      ]),
    ).toEqual([2, 4]);
  });

  it("places epoch ends every stepsPerEpoch steps up to the last step, only for a positive stepsPerEpoch", () => {
    const rows = [{ step: 1 }, { step: 2 }, { step: 3 }, { step: 4 }, { step: 5 }];
    expect(epochBoundaries(rows, 2)).toEqual([2, 4]);
    expect(epochBoundaries(rows, 5)).toEqual([5]);
    expect(epochBoundaries(rows, 6)).toEqual([]);
    expect(epochBoundaries(rows, 0)).toEqual([]);
    expect(epochBoundaries(rows, -1)).toEqual([]);
    expect(epochBoundaries([], 2)).toEqual([]);
  });

  it("derives steps per epoch only from a whole number of epochs dividing the last step", () => {
    const rows = [{ step: 2 }, { step: 4 }, { step: 6 }];
    expect(stepsPerEpochFrom(rows, 1)).toBe(6);
    expect(stepsPerEpochFrom(rows, 6)).toBe(1);
    expect(stepsPerEpochFrom(rows, 4)).toBeUndefined();
    expect(stepsPerEpochFrom([{ step: 0 }], 1)).toBeUndefined();
    expect(stepsPerEpochFrom(rows, null)).toBeUndefined();
  });

  it("needs training figures, and names them when they are missing", () => {
    expect(() => finalMetrics([])).toThrow("results.csv has no data rows");
    expect(() => finalMetrics([{ step: 1, trainLoss: 1 }])).toThrow(
      "results.csv has no train_loss / train_mean_token_accuracy values",
    );
    expect(() => finalMetrics([{ step: 1, trainTokenAccuracy: 1 }])).toThrow(
      "results.csv has no train_loss / train_mean_token_accuracy values",
    );
  });

  it("takes each figure from the last row that has it, and leaves out figures no row has", () => {
    const m = finalMetrics([
      {
        step: 1,
        trainLoss: 3,
        trainTokenAccuracy: 0.1,
        validLoss: 4,
        validTokenAccuracy: 0.2,
        fullValidLoss: 5,
        fullValidTokenAccuracy: 0.3,
      },
      { step: 2, trainLoss: 2 },
      { step: 3, trainTokenAccuracy: 0.4 },
    ]);
    expect(m).toEqual({
      steps: 3,
      epochs: 1,
      finalTrainLoss: 2,
      finalTrainTokenAccuracy: 0.4,
      finalValidLoss: 4,
      finalValidTokenAccuracy: 0.2,
      fullValidLoss: 5,
      fullValidTokenAccuracy: 0.3,
    });
    expect(Object.keys(finalMetrics([{ step: 1, trainLoss: 1, trainTokenAccuracy: 1 }]))).toEqual([
      "steps",
      "epochs",
      "finalTrainLoss",
      "finalTrainTokenAccuracy",
    ]);
  });
});

describe("what a bad step or an absent figure gives", () => {
  it("names the step column for a step that is not a number", () => {
    expect(() => parseResultsCsv("step,train_loss\nabc,1\n")).toThrow(
      'results.csv:2: column "step": not-a-number: "abc" is not a number',
    );
  });

  it("leaves an absent figure out of the row, not as undefined", () => {
    expect(parseResultsCsv("step,train_loss,valid_loss\n1,2,\n")).toStrictEqual([{ step: 1, trainLoss: 2 }]);
  });
});
