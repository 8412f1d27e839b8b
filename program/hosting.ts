// What a deployment costs to host, priced once in the program (the dated table, azure/prices.ts, with the
// stack's `foundry-finetune:prices` over it) and carried by the deployment into previews, reports and outputs.

import { rootModelName } from "../azure/models";
import type { HostingSummary } from "../resources/model-deployment/contract";
import { estimateHosting, type PriceOverrides } from "../validate/estimate";

export function hostingOf(
  baseModel: string,
  deployment: { sku: string; capacity: number },
  prices?: PriceOverrides,
): HostingSummary {
  const root = rootModelName(baseModel);
  const e = estimateHosting({
    baseModel: root,
    sku: deployment.sku,
    capacity: deployment.capacity,
    ...(prices ? { prices } : {}),
  });
  return {
    baseModel: root,
    ...(e.perHourUsd !== undefined ? { perHourUsd: e.perHourUsd } : {}),
    ...(e.perMonthUsd !== undefined ? { perMonthUsd: e.perMonthUsd } : {}),
    priceDate: e.priceDate,
    currency: e.currency,
  };
}
