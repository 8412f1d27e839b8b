// Helpers for the short campaign in the suite: one run of a scenario, asserted against the goals.
import { expect } from "vitest";
import type { RunResult } from "../../scripts/chaos/run-result";
import { SCENARIOS } from "../../scripts/chaos/scenarios";

export async function runScenario(id: string, run: number, seed = 7): Promise<RunResult> {
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario.run({ run, seed: seed * 1000 + run, log: () => undefined });
}

/** The campaign's goals for one run; the notes say what happened when one is missed. */
export function expectGoalsMet(result: RunResult): void {
  const summary = {
    converged: result.converged,
    duplicateJobs: result.duplicateJobs,
    orphanFiles: result.orphanFiles,
    orphanDeployments: result.orphanDeployments,
    nonEmptyPreview: result.nonEmptyPreview,
  };
  expect({
    ...summary,
    notes:
      summary.converged &&
      !summary.duplicateJobs &&
      !summary.orphanFiles &&
      !summary.orphanDeployments &&
      !summary.nonEmptyPreview
        ? []
        : result.notes,
  }).toEqual({
    converged: true,
    duplicateJobs: 0,
    orphanFiles: 0,
    orphanDeployments: 0,
    nonEmptyPreview: false,
    notes: [],
  });
}
