// Which checkpoint a `checkpoint:` entry deploys (program/checkpoint-selection.ts), and whether a model meets
// a promoting stack's gates (program/gates.ts).
import { describe, expect, it } from "vitest";
import { selectCheckpoint } from "../../../program/checkpoint-selection";
import { checkpointFigures, gateFailures } from "../../../program/gates";
import type { JobCheckpoint } from "../../../resources/fine-tuning-job/contract";

const checkpoint = (step: number): JobCheckpoint => ({
  id: `ftchkpt-s${step}`,
  step,
  fineTunedModelCheckpoint: `base:ckpt-step-${step}`,
  metrics: {},
});

describe("selectCheckpoint", () => {
  // The service keeps the last three checkpoints, one per epoch end; listed in any order.
  const kept = [checkpoint(30), checkpoint(10), checkpoint(20)];

  it("maps epochs onto the kept checkpoints when all epochs were kept", () => {
    expect(selectCheckpoint(kept, { epoch: 1 }, 3)).toBe("ftchkpt-s10");
    expect(selectCheckpoint(kept, { epoch: 2 }, 3)).toBe("ftchkpt-s20");
    expect(selectCheckpoint(kept, { epoch: 3 }, 3)).toBe("ftchkpt-s30");
  });

  it("maps epochs onto the last ones when earlier checkpoints were dropped", () => {
    // 5 epochs, 3 kept: epochs 3, 4 and 5.
    expect(selectCheckpoint(kept, { epoch: 3 }, 5)).toBe("ftchkpt-s10");
    expect(selectCheckpoint(kept, { epoch: 5 }, 5)).toBe("ftchkpt-s30");
  });

  it("refuses an epoch that was not kept or did not happen, listing what exists", () => {
    for (const epoch of [1, 2, 6]) {
      expect(() => selectCheckpoint(kept, { epoch }, 5)).toThrow(
        /epoch 3 \(step 10, ftchkpt-s10\).*epoch 5 \(step 30, ftchkpt-s30\)/,
      );
    }
  });

  it("finds a checkpoint by step or by id, and refuses one that is not there", () => {
    expect(selectCheckpoint(kept, { step: 20 }, 3)).toBe("ftchkpt-s20");
    expect(selectCheckpoint(kept, { id: "ftchkpt-s30" }, 3)).toBe("ftchkpt-s30");
    expect(() => selectCheckpoint(kept, { step: 15 }, 3)).toThrow(/"step":15/);
    expect(() => selectCheckpoint(kept, { id: "ftchkpt-nope" }, 3)).toThrow(/ftchkpt-nope.*ftchkpt-s10/);
  });

  it("says there are none when the job kept no checkpoint", () => {
    expect(() => selectCheckpoint([], { epoch: 1 }, 3)).toThrow(/none/);
  });
});

describe("gateFailures", () => {
  const source = {
    trainedTokens: 5000,
    metrics: { fullValidLoss: 0.8, fullValidTokenAccuracy: 0.7 },
    evaluation: { exactMatch: 0.6, tokenOverlap: 0.75 },
  };

  it("passes with no gates, and with gates the figures meet (thresholds included)", () => {
    expect(gateFailures(source, {})).toEqual([]);
    expect(
      gateFailures(source, {
        maxValidLoss: 0.8,
        minValidTokenAccuracy: 0.7,
        minTrainedTokens: 5000,
        minEvalExactMatch: 0.6,
        minEvalTokenOverlap: 0.75,
      }),
    ).toEqual([]);
  });

  const failing: [string, Parameters<typeof gateFailures>[1], string, string][] = [
    ["validation loss", { maxValidLoss: 0.5 }, "0.8", "0.5"],
    ["validation token accuracy", { minValidTokenAccuracy: 0.9 }, "0.7", "0.9"],
    ["trained tokens", { minTrainedTokens: 10000 }, "5000", "10000"],
    ["evaluation exact match", { minEvalExactMatch: 0.65 }, "0.6", "0.65"],
    ["evaluation token overlap", { minEvalTokenOverlap: 0.8 }, "0.75", "0.8"],
  ];
  for (const [label, gates, figure, threshold] of failing) {
    it(`fails the ${label} gate, stating the figure and the threshold`, () => {
      const failures = gateFailures(source, gates);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toContain(label);
      expect(failures[0]).toMatch(new RegExp(`${figure.replace(".", "\\.")}\\d*\\b.*${threshold.replace(".", "\\.")}`));
    });
  }

  it("fails a gate whose figure is missing, saying so", () => {
    const failures = gateFailures({}, { maxValidLoss: 1, minTrainedTokens: 0, minEvalExactMatch: 0.1 });
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatch(/validation loss: not reported/);
    expect(failures[1]).toMatch(/trained tokens: not reported/);
    expect(failures[2]).toMatch(/no evaluation/);
  });

  it("reads the full validation figures first and the final ones otherwise", () => {
    expect(gateFailures({ metrics: { fullValidLoss: 0.4, finalValidLoss: 2 } }, { maxValidLoss: 1 })).toEqual([]);
    expect(gateFailures({ metrics: { finalValidLoss: 2 } }, { maxValidLoss: 1 })).toHaveLength(1);
    expect(gateFailures({ metrics: { finalValidTokenAccuracy: 0.9 } }, { minValidTokenAccuracy: 0.8 })).toEqual([]);
  });

  it("reports every failing gate, not only the first", () => {
    expect(gateFailures(source, { maxValidLoss: 0.1, minTrainedTokens: 1e6, minEvalTokenOverlap: 0.99 })).toHaveLength(
      3,
    );
  });
});

describe("checkpointFigures", () => {
  it("reads each of a checkpoint's validation metrics, by the service's name, as the figure a gate reads", () => {
    const metrics = {
      full_valid_loss: 1.5,
      full_valid_mean_token_accuracy: 0.6,
      valid_loss: 1.7,
      valid_mean_token_accuracy: 0.55,
      train_loss: 0.2,
    };
    expect(checkpointFigures(metrics)).toEqual({
      fullValidLoss: 1.5,
      fullValidTokenAccuracy: 0.6,
      finalValidLoss: 1.7,
      finalValidTokenAccuracy: 0.55,
    });
    expect(checkpointFigures({ valid_loss: 2 })).toEqual({ finalValidLoss: 2 });
  });
});
