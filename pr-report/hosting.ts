// Hosting in the PR report: what each deployment costs a month after the change, and what the change adds or
// removes ("+$1,241.00/month"). A deployment bills every hour it exists, so a PR that adds one costs money every
// month, not once. Pure.
import { formatMonthlyChange, formatUsd } from "../validate/number-format";
import { deploymentView, type ResourceChange } from "./preview-json";

export interface DeploymentHosting {
  /** Monthly fee after the change (0 for a deleted deployment); undefined when no price is known. */
  afterUsd: number | undefined;
  /** The program priced it (a deployment recorded before hosting was priced has no figure, and counts as unchanged). */
  priced: boolean;
  /** What this change adds (negative: removes) per month. */
  changeUsd: number;
  /** The price table's date, when the program priced it. */
  priceDate?: string;
}

/** A deployment's monthly hosting after the change and the change itself. State from before hosting was priced counts as unchanged. */
export function deploymentHosting(d: ResourceChange): DeploymentHosting {
  const before = deploymentView(d.oldInputs).hosting;
  const after = deploymentView(d.newInputs ?? d.oldInputs).hosting;
  const priceDate = after?.priceDate;
  if (d.action === "delete")
    return {
      afterUsd: 0,
      priced: before !== undefined,
      changeUsd: -(before?.perMonthUsd ?? 0),
      ...(before?.priceDate ? { priceDate: before.priceDate } : {}),
    };
  const now = after?.perMonthUsd;
  const was = d.action === "create" ? 0 : (before?.perMonthUsd ?? now ?? 0);
  return {
    afterUsd: now,
    priced: after !== undefined,
    changeUsd: round(d.action === "same" ? 0 : (now ?? 0) - was),
    ...(priceDate ? { priceDate } : {}),
  };
}

export interface StackHosting {
  /** Every deployment's monthly fee after the change, priced or not. */
  monthlyUsd: number;
  changeUsd: number;
  /** Deployments without a price (their base model is not in the table). */
  unpriced: string[];
}

/**
 * `outputs`: the stack's outputs before the update (stack output `models.<name>.deployment.hosting`), which count
 * the deployments the preview does not list because nothing changes them.
 */
export function stackHosting(deployments: readonly ResourceChange[], outputs?: Record<string, unknown>): StackHosting {
  let monthlyUsd = 0;
  let changeUsd = 0;
  const unpriced: string[] = [];
  const listed = new Set(deployments.map((d) => deploymentView(d.newInputs ?? d.oldInputs).modelName ?? d.name));
  const models = (outputs?.models ?? {}) as Record<
    string,
    { deployment?: { hosting?: { perMonthUsd?: unknown } } } | undefined
  >;
  for (const [model, out] of Object.entries(models)) {
    const perMonth = out?.deployment?.hosting?.perMonthUsd;
    if (!listed.has(model) && typeof perMonth === "number") monthlyUsd += perMonth;
  }
  for (const d of deployments) {
    const h = deploymentHosting(d);
    if (h.priced && h.afterUsd === undefined && d.action !== "delete") unpriced.push(d.name);
    monthlyUsd += h.afterUsd ?? 0;
    changeUsd += h.changeUsd;
  }
  return { monthlyUsd: round(monthlyUsd), changeUsd: round(changeUsd), unpriced };
}

/** "$1,241.00/month (+$1,241.00/month)"; "—" when the program did not price it, "unpriced" when the table has no price. */
export function formatHosting(monthlyUsd: number | undefined, changeUsd: number, priced = true): string {
  if (!priced) return "—";
  if (monthlyUsd === undefined) return "unpriced";
  return `${formatUsd(monthlyUsd)}/month${changeUsd !== 0 ? ` (${formatMonthlyChange(changeUsd)})` : ""}`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
