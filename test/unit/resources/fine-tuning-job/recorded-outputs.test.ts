// A finished job's update keeps what the job recorded (resources/fine-tuning-job/outputs.ts): every declared
// output, so a new declared output cannot be forgotten by a hand-written list.
import { describe, expect, it } from "vitest";
import type { JobOutputs } from "../../../../resources/fine-tuning-job/contract";
import { recordedOutputs } from "../../../../resources/fine-tuning-job/outputs";
import { DECLARED_OUTPUTS } from "../../../../resources/shared/declared-outputs";
import { jobInputs } from "../../../support/resource-fixtures";

describe("recordedOutputs", () => {
  it("keeps every declared output of the recorded job and takes the new inputs", () => {
    const olds = { ...jobInputs(), suffix: "old" } as unknown as Record<string, unknown>;
    for (const key of DECLARED_OUTPUTS["fine-tuning-job"]) olds[key] = `recorded ${key}`;
    const news = { ...jobInputs(), suffix: "new" };
    const outs = recordedOutputs(olds as unknown as JobOutputs, news) as unknown as Record<string, unknown>;
    for (const key of DECLARED_OUTPUTS["fine-tuning-job"]) expect(outs[key], key).toBe(`recorded ${key}`);
    expect(outs.suffix).toBe("new");
  });

  it("gives state written before reuse existed its reuse fields", () => {
    const olds = { ...jobInputs(), jobId: "ftjob-1", tag: "t", status: "succeeded" } as JobOutputs;
    expect(recordedOutputs(olds, jobInputs())).toMatchObject({ jobId: "ftjob-1", reused: false, reusedFrom: null });
  });
});
