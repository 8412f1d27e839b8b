// An Evaluation created right after a swap takes the scores the swap made of the same deployment, model, file
// and reply limit, and asks the deployment itself when any of them differs.
import { describe, expect, it } from "vitest";
import type { EvaluationInputs } from "../../../../resources/evaluation/contract";
import { scoresFromSwap } from "../../../../resources/evaluation/contract";
import type { ChallengeOutcome } from "../../../../resources/model-deployment/contract";
import { UNKNOWN } from "../../../../resources/shared/unknown";

const scores = (tokenOverlap: number) => ({
  examples: 10,
  exactMatch: 0.1,
  tokenOverlap,
  contentFiltered: 0,
  latencyMsP50: 12,
  latencyMsP95: 30,
});
const samples = [{ prompt: "Capital of France?", expected: "Paris.", reply: "Paris, obviously." }];
const swap: ChallengeOutcome = {
  candidate: { deploymentName: "clippy-2222bbbb", model: "ft:new", scores: scores(0.6) },
  live: { deploymentName: "clippy-1111aaaa", model: "ft:old", scores: scores(0.4) },
  fileSha256: "abc",
  maxTokens: 80,
  candidateSamples: samples,
};
const inputs: EvaluationInputs = {
  target: { kind: "local", accountName: "dev" } as EvaluationInputs["target"],
  resourceUrn: "urn:pulumi:dev::app::foundry:index:Evaluation::clippy-evaluation",
  modelName: "clippy",
  deploymentName: "clippy-2222bbbb",
  model: "ft:new",
  file: "datasets/clippy/eval.jsonl",
  fileSha256: "abc",
  maxTokens: 80,
  swapScores: swap,
};

describe("scoresFromSwap", () => {
  it("takes the new deployment's scores and replies, never the live one's", () => {
    expect(scoresFromSwap(inputs)).toEqual({ scores: scores(0.6), samples });
  });

  it.each([
    ["another deployment", { deploymentName: "clippy-3333cccc" }],
    ["another model", { model: "ft:other" }],
    ["another file's bytes", { fileSha256: "def" }],
    ["another reply limit", { maxTokens: 200 }],
  ])("asks again for %s", (_what, change) => {
    expect(scoresFromSwap({ ...inputs, ...change })).toBeUndefined();
  });

  it("asks again when there was no swap, it is not known yet, or it kept no replies (an older release's)", () => {
    expect(scoresFromSwap({ ...inputs, swapScores: undefined })).toBeUndefined();
    expect(scoresFromSwap({ ...inputs, swapScores: null })).toBeUndefined();
    expect(scoresFromSwap({ ...inputs, swapScores: UNKNOWN as unknown as ChallengeOutcome })).toBeUndefined();
    const { candidateSamples: _, maxTokens: __, ...older } = swap;
    expect(scoresFromSwap({ ...inputs, swapScores: older })).toBeUndefined();
  });
});
