// One run of one scenario, as the table counts it.

import type { Violations } from "./inventory";
import type { Check } from "./steps";

export interface RunResult {
  scenario: string;
  run: number;
  converged: boolean;
  duplicateJobs: number;
  orphanFiles: number;
  orphanDeployments: number;
  nonEmptyPreview: boolean;
  /** From the start of the disturbed step to the end of the up that converged. */
  secondsToConverge?: number;
  notes: string[];
}

/** Accumulates checks into a run's result; any violation is also a note saying what it was. */
export class RunRecorder {
  readonly result: RunResult;
  private readonly started = Date.now();

  constructor(scenario: string, run: number) {
    this.result = {
      scenario,
      run,
      converged: false,
      duplicateJobs: 0,
      orphanFiles: 0,
      orphanDeployments: 0,
      nonEmptyPreview: false,
      notes: [],
    };
  }

  note(message: string): void {
    this.result.notes.push(message);
  }

  /** The run converged: `since` is when the disturbed step began, `at` when the up that converged ended. */
  converged(since = this.started, at = Date.now()): void {
    this.result.converged = true;
    this.result.secondsToConverge = Math.round((at - since) / 100) / 10;
  }

  addViolations(where: string, v: Violations): void {
    this.result.duplicateJobs = Math.max(this.result.duplicateJobs, v.duplicateJobs);
    this.result.orphanFiles += v.orphanFiles.length;
    this.result.orphanDeployments += v.orphanDeployments.length;
    if (v.duplicateJobs) this.note(`${where}: ${v.duplicateJobs} duplicate job(s)`);
    if (v.orphanFiles.length) this.note(`${where}: orphaned files ${v.orphanFiles.join(", ")}`);
    if (v.orphanDeployments.length) this.note(`${where}: orphaned deployments ${v.orphanDeployments.join(", ")}`);
    if (v.missingOnService.length) this.note(`${where}: ${v.missingOnService.join(", ")}`);
  }

  /** A converged state must also have an empty preview, no pending operations and nothing missing. */
  addCheck(where: string, check: Check): boolean {
    this.addViolations(where, check);
    if (!check.previewEmpty) {
      this.result.nonEmptyPreview = true;
      this.note(`${where}: preview after convergence was not empty`);
    }
    if (check.pendingOperations) this.note(`${where}: ${check.pendingOperations} pending operation(s) left in state`);
    return check.previewEmpty && check.pendingOperations === 0 && check.missingOnService.length === 0;
  }
}
