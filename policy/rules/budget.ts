// The monthly budget (pure): what the stack's plan costs, its training (the estimate of every job it declares, as
// foundry-training-cost sums it) plus a month of hosting of every deployment (730 h of the price table's hourly
// fee, billed whether the deployment is used or not), against one amount.
import type { DeploymentFacts, JobFacts } from "../facts";

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export interface MonthlyBudgetSettings {
  /** USD: training plus one month of hosting; no limit when absent. */
  maxUsdPerMonth?: number;
  /** A job or deployment without a price is refused unless this is true (its cost would go uncounted). */
  allowUnpriced: boolean;
}
export const MONTHLY_BUDGET_DEFAULTS: MonthlyBudgetSettings = { allowUnpriced: false };
export const monthlyBudgetSchema = {
  maxUsdPerMonth: { type: "number", minimum: 0 },
  allowUnpriced: { type: "boolean" },
};

export function checkMonthlyBudget(
  stack: string,
  jobs: JobFacts[],
  deployments: DeploymentFacts[],
  s: MonthlyBudgetSettings,
): string[] {
  if (s.maxUsdPerMonth === undefined) return [];
  const training = jobs.reduce((sum, j) => sum + (j.estimatedCostUsd ?? 0), 0);
  const hosting = deployments.reduce((sum, d) => sum + (d.hostingPerMonthUsd ?? 0), 0);
  const out: string[] = [];
  if (training + hosting > s.maxUsdPerMonth) {
    const each = deployments.filter((d) => d.hostingPerMonthUsd).map((d) => `${d.name} ${usd(d.hostingPerMonthUsd!)}`);
    out.push(
      `stack ${stack}: training ${usd(training)} plus hosting ${usd(hosting)}/month${each.length > 0 ? ` (${each.join(", ")})` : ""} = ${usd(training + hosting)} ` +
        `exceeds the monthly budget of ${usd(s.maxUsdPerMonth)}`,
    );
  }
  const unpriced = [
    ...jobs.filter((j) => j.estimatedCostUsd === undefined).map((j) => `job ${j.model}`),
    ...deployments.filter((d) => d.hostingPerMonthUsd === undefined).map((d) => `deployment ${d.name}`),
  ];
  if (unpriced.length > 0 && !s.allowUnpriced)
    out.push(
      `stack ${stack}: no price for ${unpriced.join(", ")}; set foundry-finetune:prices or allowUnpriced, or the budget cannot be checked`,
    );
  return out;
}
