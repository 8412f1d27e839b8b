// A corrected default never retrains: a job trained under the old default tier (gpt-4o-mini defaulted to Standard
// before the 2026-02 model table) keeps that tier while the config names none, unless something else retrains it.
import { describe, expect, it } from "vitest";
import { diffJob, type JobOutputs, keepRecordedTier } from "../../../../resources/fine-tuning-job/contract";
import { jobInputs, localTarget } from "../../../support/resource-fixtures";

const MINI = "gpt-4o-mini-2024-07-18";
/** What an earlier release recorded: Standard, chosen by its default, and no flag (it had none). */
const recorded = (): JobOutputs => ({
  ...jobInputs({ baseModel: MINI, trainingType: "Standard" }),
  jobId: "ftjob-abc",
  tag: "t".repeat(40),
  status: "succeeded",
});

describe("keepRecordedTier", () => {
  it("an unwritten tier keeps the job's recorded one, so the diff is empty", () => {
    const news = jobInputs({ baseModel: MINI, trainingType: "GlobalStandard", trainingTypeDefaulted: true });
    const checked = keepRecordedTier(recorded(), news);
    expect(checked.trainingType).toBe("Standard");
    expect(diffJob(recorded(), checked)).toMatchObject({ changes: false, replaces: [] });
    // Without the rule the corrected default would retrain it.
    expect(diffJob(recorded(), news).replaces).toEqual(["trainingType"]);
  });

  it("a tier the user writes is taken, and retrains", () => {
    const news = jobInputs({ baseModel: MINI, trainingType: "GlobalStandard" });
    expect(keepRecordedTier(recorded(), news)).toBe(news);
    expect(diffJob(recorded(), keepRecordedTier(recorded(), news)).replaces).toEqual(["trainingType"]);
  });

  it("a job that retrains for another reason, a new job, or one moved to another account gets the current default", () => {
    const seedChanged = jobInputs({
      baseModel: MINI,
      trainingType: "GlobalStandard",
      trainingTypeDefaulted: true,
      seed: 7,
    });
    expect(keepRecordedTier(recorded(), seedChanged).trainingType).toBe("GlobalStandard");
    const fresh = jobInputs({ baseModel: MINI, trainingType: "GlobalStandard", trainingTypeDefaulted: true });
    expect(keepRecordedTier(undefined, fresh).trainingType).toBe("GlobalStandard");
    const moved = { ...fresh, target: { ...localTarget, accountName: "elsewhere" } };
    expect(keepRecordedTier(recorded(), moved).trainingType).toBe("GlobalStandard");
  });
});
