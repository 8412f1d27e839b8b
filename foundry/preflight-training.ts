// Pure: can each model be fine-tuned here, with its method, on its tier? From the account's model list, or the
// model table when the list names no tiers; and the base model's retirement dates, a warning when near or past.
import { tiersInRegion } from "../azure/model-tiers";
import { FINE_TUNE_CAPABILITY, METHODS_CAPABILITY, TRAINING_TIERS_CAPABILITY } from "./preflight-facts";
import {
  type CheckOptions,
  type CheckRow,
  cannot,
  DEFAULT_RETIREMENT_WARNING_DAYS,
  type PlannedTraining,
  type PreflightPlan,
  type TierTable,
} from "./preflight-plan";
import type { AccountModelFact, PreflightReads } from "./preflight-read";

const list = (csv: string | undefined) =>
  (csv ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function trainingRow(
  plan: PreflightPlan,
  t: PlannedTraining,
  reads: PreflightReads,
  table?: TierTable,
): CheckRow {
  const check = `training: ${t.key}`;
  const models = reads.models;
  if (!models.ok) return cannot(check, models, `that ${t.baseModel} can be fine-tuned here`);
  const region = reads.location.ok ? reads.location.value : undefined;
  const where = region ? ` in ${region}` : "";
  const model = models.value.find((m) => m.id.toLowerCase() === t.baseModel.toLowerCase());
  const named = t.source ? `${t.baseModel} (the base of ${t.source})` : t.baseModel;
  const source = t.source ? reads.sources[t.source] : undefined;
  if (source && !source.ok) {
    return source.kind === "missing"
      ? {
          check,
          result: "fail",
          detail: `${t.source} is not a model of account ${plan.account}${where}: it cannot be trained further there`,
          evidence: source.evidence,
        }
      : cannot(check, source, `that ${t.source} exists`);
  }
  if (!model)
    return {
      check,
      result: "fail",
      detail: `${named} is not in the account's model list${where}: it cannot be fine-tuned there`,
      evidence: models.evidence,
    };
  if (model.capabilities[FINE_TUNE_CAPABILITY] !== "true") {
    return {
      check,
      result: "fail",
      detail: `${named} cannot be fine-tuned${where} (the account's model list says ${FINE_TUNE_CAPABILITY}: ${model.capabilities[FINE_TUNE_CAPABILITY] ?? "absent"})`,
      evidence: models.evidence,
    };
  }
  const tiers = tiersOf(model, t.baseModel, region, table);
  const methods = list(model.finetuneCapabilities[METHODS_CAPABILITY]);
  if (methods.length > 0 && !methods.some((m) => m.toLowerCase() === t.method.toLowerCase())) {
    return {
      check,
      result: "fail",
      detail: `${named} is not fine-tuned with ${t.method}${where}; the account's model list offers ${methods.join(", ")}`,
      evidence: models.evidence,
    };
  }
  if (!tiers)
    return {
      check,
      result: "warn",
      detail: `${named} can be fine-tuned${where}, but neither the model list nor the table says on which tiers: ${t.trainingType} not checked`,
      evidence: models.evidence,
    };
  if (!tiers.list.some((x) => x.toLowerCase() === t.trainingType.toLowerCase())) {
    return {
      check,
      result: "fail",
      detail: `${named} cannot be fine-tuned on ${t.trainingType}${where}; ${tiers.source} offers ${tiers.list.join(", ") || "no tier"}`,
      evidence: models.evidence,
    };
  }
  return {
    check,
    result: "pass",
    detail: `${named} can be fine-tuned with ${t.method} on ${t.trainingType}${where} (${tiers.source}: ${tiers.list.join(", ")})`,
    evidence: models.evidence,
  };
}

function tiersOf(
  model: AccountModelFact,
  base: string,
  region: string | undefined,
  table?: TierTable,
): { list: string[]; source: string } | undefined {
  const fromService = list(model.finetuneCapabilities[TRAINING_TIERS_CAPABILITY]);
  if (fromService.length > 0) return { list: fromService, source: "the account's model list" };
  const known = table?.(base);
  if (!known) return undefined;
  // Standard and global training are each offered in listed regions only; an unknown region offers neither.
  return {
    list: region === undefined ? known.training.filter((x) => x === "Developer") : tiersInRegion(known, region),
    source: "the model table",
  };
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

/** Per trained model, the base model's retirement dates as the account's model list gives them. */
export function retirementsOf(
  plan: PreflightPlan,
  reads: PreflightReads,
): Record<string, { fineTune?: string; inference?: string }> {
  if (!reads.models.ok) return {};
  const models = reads.models.value;
  return Object.fromEntries(
    plan.trainings.flatMap((t) => {
      const dates = models.find((m) => m.id.toLowerCase() === t.baseModel.toLowerCase())?.deprecation;
      return dates ? [[t.key, dates]] : [];
    }),
  );
}

/**
 * A base model's retirement (AccountModel.deprecation): training past its fineTune date is refused by the job
 * itself (resources/fine-tuning-job/contract.ts, only when it would train); here a date passed or within the
 * warning window is a warning, so a stack whose job already exists still previews.
 */
export function retirementRows(plan: PreflightPlan, reads: PreflightReads, options: CheckOptions): CheckRow[] {
  const now = options.now ?? Date.now();
  const window = (options.retirementWarningDays ?? DEFAULT_RETIREMENT_WARNING_DAYS) * DAY_MS;
  const dates = retirementsOf(plan, reads);
  return plan.trainings.flatMap((t): CheckRow[] => {
    const d = dates[t.key];
    if (!d || !reads.models.ok) return [];
    const near: string[] = [];
    for (const [what, iso] of [
      ["training (fine-tuning)", d.fineTune],
      ["inference", d.inference],
    ] as const) {
      const at = iso ? Date.parse(iso) : Number.NaN;
      if (Number.isNaN(at)) continue;
      if (at <= now) near.push(`${what} retired on ${day(iso!)}`);
      else if (at - now <= window)
        near.push(`${what} retires on ${day(iso!)}, in ${Math.ceil((at - now) / DAY_MS)} days`);
    }
    return near.length > 0
      ? [
          {
            check: `retirement: ${t.key}`,
            result: "warn",
            detail: `${t.baseModel}: ${near.join("; ")}`,
            evidence: reads.models.evidence,
          },
        ]
      : [];
  });
}
