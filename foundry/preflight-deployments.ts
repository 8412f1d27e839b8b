// Pure: is there room for the plan's deployments? The account's count of fine-tuned deployments, each sku's
// capacity quota (what the kept deployments already hold counts as theirs), and the regions of provisioned ones.
import { sameRegion } from "../azure/model-tiers";
import { FINE_TUNED_DEPLOYMENT_LIMIT } from "./preflight-facts";
import { type CheckRow, cannot, type PlannedDeployment, type PreflightPlan, type TierTable } from "./preflight-plan";
import type { AccountModelFact, DeploymentFact, PreflightReads, UsageFact } from "./preflight-read";

/** Provisioned throughput of fine-tuned models is regional, in listed regions only [D-DEPLOY]: the account must be in one. */
export function provisionedRows(plan: PreflightPlan, reads: PreflightReads, table?: TierTable): CheckRow[] {
  return plan.deployments
    .filter((d) => d.sku.toLowerCase() === "provisionedmanaged")
    .map((d) => {
      const check = `deployment: ${d.key}`;
      const regions = d.baseModel ? table?.(d.baseModel)?.provisionedRegions : undefined;
      if (!reads.location.ok) return cannot(check, reads.location, `the region for ${d.sku}`);
      const region = reads.location.value;
      if (!regions)
        return {
          check,
          result: "warn",
          detail: `no region table for ${d.sku} of ${d.baseModel ?? "a promoted model"}: region not checked`,
          evidence: reads.location.evidence,
        };
      return regions.some((r) => sameRegion(r, region))
        ? {
            check,
            result: "pass",
            detail: `${d.sku} of ${d.baseModel} is offered in ${region}`,
            evidence: reads.location.evidence,
          }
        : {
            check,
            result: "fail",
            detail: `${d.sku} of models fine-tuned from ${d.baseModel} is offered only in ${regions.join(", ") || "no region"}; account ${plan.account} is in ${region}`,
            evidence: reads.location.evidence,
          };
    });
}

/** Deployments of this stack already on the account: the configured name, or the name plus the model's 8 hex. */
export function keptDeployment(existing: DeploymentFact[], name: string): DeploymentFact | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const mine = new RegExp(`^${escaped}(-[0-9a-f]{8})?$`);
  return existing.find((d) => mine.test(d.name));
}

// Only fine-tuned deployments count against the 5; one whose model is not shown is counted, to be safe.
export const isFineTuned = (d: DeploymentFact) => /\.ft-|^ftchkpt-|:ckpt-step-/.test(d.model) || d.model === "";

export function deploymentRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  if (plan.deployments.length === 0) return [];
  const existing = reads.deployments;
  if (!existing.ok) return [cannot("deployments: count", existing, "the room for deployments")];
  return [countRow(plan, existing.value, existing.evidence), ...capacityRows(plan, existing.value, reads)];
}

function countRow(plan: PreflightPlan, existing: DeploymentFact[], evidence: string): CheckRow {
  const used = existing.filter(isFineTuned).length;
  const kept = plan.deployments.filter((d) => keptDeployment(existing, d.name));
  const added = plan.deployments.length - kept.length;
  const free = Math.max(0, FINE_TUNED_DEPLOYMENT_LIMIT - used);
  const figures = `${used} of ${FINE_TUNED_DEPLOYMENT_LIMIT} fine-tuned deployments used, ${free} free; this plan keeps ${kept.length} and adds ${added}`;
  return added > free
    ? {
        check: "deployments: count",
        result: "fail",
        detail: `account ${plan.account} has no room: ${figures} (${added - free} too many)`,
        evidence,
      }
    : { check: "deployments: count", result: "pass", detail: figures, evidence };
}

function capacityRows(plan: PreflightPlan, existing: DeploymentFact[], reads: PreflightReads): CheckRow[] {
  // Per usage (a sku's TPM quota), what this plan adds beyond what its kept deployments already hold.
  const needs = new Map<string, { sku: string; need: number; kept: number; deployments: string[] }>();
  const unknown: string[] = [];
  const usages = reads.usages;
  for (const d of plan.deployments) {
    const name = usages.ok ? usageFor(d, reads.models.ok ? reads.models.value : [], usages.value) : undefined;
    if (!name) {
      unknown.push(`${d.key} (${d.sku})`);
      continue;
    }
    const kept = keptDeployment(existing, d.name);
    const held = kept && kept.sku.toLowerCase() === d.sku.toLowerCase() ? kept.capacity : 0;
    const entry = needs.get(name) ?? { sku: d.sku, need: 0, kept: 0, deployments: [] };
    entry.need += Math.max(0, d.capacity - held);
    entry.kept += held;
    entry.deployments.push(`${d.key} ${d.capacity}`);
    needs.set(name, entry);
  }
  const rows: CheckRow[] = [];
  for (const [name, n] of needs) {
    const u = (usages.ok ? usages.value : []).find((x) => x.name === name)!;
    const free = Math.max(0, u.limit - u.currentValue);
    const figures = `${u.currentValue} of ${u.limit} used (${name}), ${free} free; this plan asks ${n.deployments.join(", ")}: ${n.need} more beyond the ${n.kept} its deployments hold`;
    rows.push(
      n.need > free
        ? {
            check: `capacity: ${n.sku}`,
            result: "fail",
            detail: `not enough ${n.sku} capacity on account ${plan.account}: ${figures}`,
            evidence: usages.evidence,
          }
        : { check: `capacity: ${n.sku}`, result: "pass", detail: figures, evidence: usages.evidence },
    );
  }
  if (unknown.length > 0) {
    rows.push(
      usages.ok
        ? {
            check: "capacity",
            result: "warn",
            detail: `no usage figure for ${unknown.join(", ")}: capacity not checked`,
            evidence: usages.evidence,
          }
        : cannot("capacity", usages, `the capacity for ${unknown.join(", ")}`),
    );
  }
  return rows;
}

/**
 * The usage that counts a deployment's capacity, among the subscription's usages in the account's region: the model
 * list's usageName for its sku; else the one usage of that sku; else the one of that sku named after the base model
 * (`OpenAI.<sku>.<model>`, dated or not). The names of fine-tuned models' usages are UNCONFIRMED, hence the fallbacks.
 */
function usageFor(d: PlannedDeployment, models: AccountModelFact[], usages: UsageFact[]): string | undefined {
  const model = d.baseModel ? models.find((m) => m.id.toLowerCase() === d.baseModel!.toLowerCase()) : undefined;
  const named = model?.skus.find((s) => s.name.toLowerCase() === d.sku.toLowerCase())?.usageName;
  if (named && usages.some((u) => u.name === named)) return named;
  const ofSku = usages.filter((u) => u.name.toLowerCase().startsWith(`openai.${d.sku.toLowerCase()}.`));
  if (ofSku.length === 1) return ofSku[0]!.name;
  const base = d.baseModel?.toLowerCase();
  const undated = base?.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  const ofModel = base
    ? ofSku.filter((u) => [base, undated].includes(u.name.toLowerCase().split(".").slice(2).join(".")))
    : [];
  return ofModel.length === 1 ? ofModel[0]!.name : undefined;
}
