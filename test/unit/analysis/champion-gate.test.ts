// Champion and challenger (analysis/champion-gate.ts) and the content filter's count (analysis/evaluation-score.ts,
// resources/evaluation/run.ts): what decides a swap, how both scores read, and that a refusal is no crash.
import { describe, expect, it } from "vitest";
import { type Contender, describeContest, gateFailures } from "../../../analysis/champion-gate";
import { scoreEvaluation } from "../../../analysis/evaluation-score";
import { FoundryError } from "../../../foundry/errors";
import { isContentFilterError } from "../../../resources/evaluation/run";

const contender = (
  deploymentName: string,
  exactMatch: number,
  tokenOverlap: number,
  contentFiltered = 0,
): Contender => ({
  deploymentName,
  model: `${deploymentName}-model`,
  scores: { examples: 10, exactMatch, tokenOverlap, contentFiltered, latencyMsP50: 1, latencyMsP95: 2 },
});
const live = contender("clippy-9f8e7d6c", 0.2, 0.5);

describe("gateFailures", () => {
  it("minImprovementOverLive: the new model must beat the live one by at least that much (0: at least as well)", () => {
    expect(
      gateFailures({ metric: "tokenOverlap", minImprovementOverLive: 0 }, contender("new", 0.2, 0.5), live),
    ).toEqual([]);
    expect(
      gateFailures({ metric: "tokenOverlap", minImprovementOverLive: 0 }, contender("new", 0.9, 0.49), live),
    ).toEqual(["token overlap changes by -0.01, less than minImprovementOverLive 0"]);
    expect(gateFailures({ metric: "exactMatch", minImprovementOverLive: 0.1 }, contender("new", 0.3, 0), live)).toEqual(
      [],
    );
    expect(
      gateFailures({ metric: "exactMatch", minImprovementOverLive: 0.1 }, contender("new", 0.29, 1), live),
    ).toHaveLength(1);
  });

  it("maxRegression: the new model may lose at most that much", () => {
    expect(gateFailures({ metric: "tokenOverlap", maxRegression: 0.05 }, contender("new", 0, 0.45), live)).toEqual([]);
    expect(gateFailures({ metric: "tokenOverlap", maxRegression: 0.05 }, contender("new", 0, 0.44), live)).toEqual([
      "token overlap falls by 0.06, more than maxRegression 0.05",
    ]);
  });

  it("maxContentFiltered bounds the new model's refusals; no gate key, no failure", () => {
    expect(
      gateFailures({ metric: "tokenOverlap", maxContentFiltered: 1 }, contender("new", 0.2, 0.5, 2), live),
    ).toEqual(["2 examples refused by the content filter, more than maxContentFiltered 1"]);
    expect(gateFailures({ metric: "tokenOverlap" }, contender("new", 0, 0, 10), live)).toEqual([]);
  });

  it("names both deployments and both scores", () => {
    expect(describeContest("tokenOverlap", contender("clippy-1a2b3c4d", 0.1, 0.3, 1), live)).toBe(
      "token overlap 0.3 (new: clippy-1a2b3c4d, 1 refused by the content filter) vs 0.5 (live: clippy-9f8e7d6c); exact match 0.1 vs 0.2, token overlap 0.3 vs 0.5",
    );
  });
});

describe("content-filter refusals", () => {
  it("are counted apart and score nothing, and their latency is not the model's", () => {
    const scores = scoreEvaluation([
      { expected: "Hello there", reply: "Hello there", latencyMs: 10 },
      { expected: "Hello there", reply: "", latencyMs: 0, contentFiltered: true },
    ]);
    expect(scores).toMatchObject({
      examples: 2,
      exactMatch: 0.5,
      tokenOverlap: 0.5,
      contentFiltered: 1,
      latencyMsP50: 10,
    });
  });

  it("are told by Azure's 400 content_filter, not by any other 400", () => {
    expect(
      isContentFilterError(
        new FoundryError({ message: "The response was filtered", status: 400, code: "content_filter" }),
      ),
    ).toBe(true);
    expect(isContentFilterError(new FoundryError({ message: "bad", status: 400, code: "invalidPayload" }))).toBe(false);
    expect(isContentFilterError(new Error("boom"))).toBe(false);
  });
});
