// Pure: the doctor's bill of the account's fine-tuned deployments. Each bills its hourly hosting fee whether it
// is used or not, so the doctor lists the ones no stack of this project declares and, where traffic can be
// read, the ones that answered nothing for N days, each with what it costs.
import { isFineTuned, keptDeployment } from "../../foundry/preflight-deployments";
import type { DeploymentFact } from "../../foundry/preflight-read";
import { hostingOf } from "../../program/hosting";
import type { PriceOverrides } from "../../validate/estimate";
import { formatUsd } from "../../validate/number-format";
import type { DoctorRow } from "./table";

interface DeploymentUsage {
  name: string;
  lastUsedAt: string;
}

export interface HostingInput {
  deployments: DeploymentFact[];
  deploymentsEvidence: string;
  /** The deployment names the project's stacks on this account declare (as configured; the service adds 8 hex). */
  declared: string[];
  /** Which stack files were read for `declared`. */
  stacks: string[];
  /** Last call per deployment, when the service tells it; otherwise why not. */
  usage: { ok: true; value: DeploymentUsage[]; evidence: string } | { ok: false; why: string };
  idleDays: number;
  nowMs: number;
  prices?: PriceOverrides;
}

const DAY_MS = 86_400_000;

export function hostingRows(input: HostingInput): DoctorRow[] {
  const rows: DoctorRow[] = [];
  const fineTuned = input.deployments.filter(isFineTuned);
  const lastUsed = new Map(input.usage.ok ? input.usage.value.map((u) => [u.name, Date.parse(u.lastUsedAt)]) : []);
  let perHour = 0;
  let flagged = 0;
  for (const d of fineTuned) {
    const hosting = hostingOf(d.model, { sku: d.sku, capacity: d.capacity }, input.prices);
    perHour += hosting.perHourUsd ?? 0;
    const problems: string[] = [];
    if (!input.declared.some((name) => keptDeployment([d], name)))
      problems.push(`no stack of this project declares it (${input.stacks.join(", ") || "no stack files"})`);
    const last = lastUsed.get(d.name);
    if (last !== undefined && input.nowMs - last >= input.idleDays * DAY_MS) {
      problems.push(
        `no traffic in the last ${input.idleDays} days (last call ${new Date(last).toISOString().slice(0, 10)})`,
      );
    }
    if (problems.length === 0) continue;
    flagged++;
    const cost =
      hosting.perHourUsd === undefined
        ? `no price for ${hosting.baseModel}`
        : `${formatUsd(hosting.perHourUsd)}/h (${formatUsd(hosting.perMonthUsd!)}/month)`;
    rows.push({
      check: `hosting: ${d.name}`,
      result: "warn",
      detail: `${problems.join("; ")}: ${cost}, ${d.model} on ${d.sku} x${d.capacity}`,
      evidence:
        input.usage.ok && last !== undefined
          ? `${input.deploymentsEvidence}; ${input.usage.evidence}`
          : input.deploymentsEvidence,
    });
  }
  rows.unshift({
    check: "hosting: account",
    result: "info",
    detail: `${fineTuned.length} fine-tuned deployment(s), ${formatUsd(perHour)}/h in all (${formatUsd(perHour * 730)}/month); ${flagged} listed below`,
    evidence: input.deploymentsEvidence,
  });
  if (!input.usage.ok)
    rows.push({
      check: "hosting: traffic",
      result: "skip",
      detail: `idle deployments not listed: ${input.usage.why}`,
      evidence: "-",
    });
  return rows;
}
