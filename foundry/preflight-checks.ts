// Pure: from what the service said (preflight-read.ts) and what the plan needs, one row per check: pass, fail
// (the preview stops) or warn (the check could not run; never a silent pass). Every row carries its evidence.
// The checks, one file per kind: preflight-identity.ts, preflight-training.ts, preflight-files.ts,
// preflight-deployments.ts; the plan and the row are preflight-plan.ts.
import { deploymentRows, provisionedRows } from "./preflight-deployments";
import { fileRows } from "./preflight-files";
import { identityRows } from "./preflight-identity";
import type { CheckOptions, CheckRow, PreflightPlan, TierTable } from "./preflight-plan";
import type { PreflightReads } from "./preflight-read";
import { retirementRows, trainingRow } from "./preflight-training";

export type { CheckRow, PlannedUpload, PreflightPlan } from "./preflight-plan";
export { sourceIds } from "./preflight-plan";
export { retirementsOf } from "./preflight-training";

export function runChecks(
  plan: PreflightPlan,
  reads: PreflightReads,
  table?: TierTable,
  options: CheckOptions = {},
): CheckRow[] {
  return [
    ...identityRows(plan, reads),
    ...plan.trainings.map((t) => trainingRow(plan, t, reads, table)),
    ...retirementRows(plan, reads, options),
    ...fileRows(plan, reads),
    ...deploymentRows(plan, reads),
    ...provisionedRows(plan, reads, table),
  ];
}

export const failed = (rows: CheckRow[]) => rows.filter((r) => r.result === "fail");
export const warned = (rows: CheckRow[]) => rows.filter((r) => r.result === "warn");

/** The table printed by the preview and the doctor. */
export function formatRows(rows: CheckRow[]): string {
  const mark = { pass: "ok", fail: "FAIL", warn: "warn" } as const;
  return rows
    .map((r) => `  ${mark[r.result].padEnd(4)}  ${r.check}: ${r.detail}\n        evidence: ${r.evidence}`)
    .join("\n");
}
