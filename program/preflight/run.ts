// The I/O half of the preflight, loaded only when the checks run: connect, read, check.

import { modelTiers } from "../../azure/model-tiers";
import { type CheckRow, type PreflightPlan, retirementsOf, runChecks, sourceIds } from "../../foundry/preflight-checks";
import { PreflightReader } from "../../foundry/preflight-read";
import type { StackConfig } from "../config";
import { preflightTarget } from "./target";

/** @public preflight.ts requires this module lazily, a use knip cannot follow. */
export async function readAndCheck(
  projectDir: string,
  config: StackConfig,
  plan: PreflightPlan,
): Promise<{ rows: CheckRow[]; retirements: ReturnType<typeof retirementsOf> }> {
  const { target, apiKey } = await preflightTarget(projectDir, config);
  const timeout = Number(process.env.FOUNDRY_PREFLIGHT_TIMEOUT_MS);
  const reads = await new PreflightReader(target, {
    ...(apiKey ? { apiKey } : {}),
    ...(timeout > 0 ? { timeoutMs: timeout } : {}),
  }).readAll(sourceIds(plan));
  // The hand-kept table only where the service's model list names no tiers.
  return {
    rows: runChecks(plan, reads, modelTiers, { retirementWarningDays: config.retirementWarningDays }),
    retirements: retirementsOf(plan, reads),
  };
}
