// Rules on deployments (pure): sku, capacity and content filtering.
import { DEPLOYMENT_SKUS } from "../../azure/model-tiers";
import type { DeploymentFacts } from "../facts";

export interface DeploymentSkuSettings {
  allowed: string[];
  maxCapacity?: number;
  /** Per sku, e.g. { "ProvisionedManaged": 50 }: PTUs and Standard's units are not the same thing. */
  maxCapacityBySku?: Record<string, number>;
}
export const DEPLOYMENT_SKU_DEFAULTS: DeploymentSkuSettings = {
  allowed: [...DEPLOYMENT_SKUS],
};
export const deploymentSkuSchema = {
  allowed: { type: "array", items: { type: "string" } },
  maxCapacity: { type: "integer", minimum: 1 },
  maxCapacityBySku: { type: "object", additionalProperties: { type: "integer", minimum: 1 } },
};

export function checkDeploymentSku(d: DeploymentFacts, s: DeploymentSkuSettings): string[] {
  const out: string[] = [];
  if (!s.allowed.some((a) => a.toLowerCase() === d.sku.toLowerCase())) {
    out.push(
      `deployment ${d.name} (model ${d.model}): sku ${d.sku} is not allowed here (allowed: ${s.allowed.join(", ") || "none"})`,
    );
  }
  const bySku = Object.entries(s.maxCapacityBySku ?? {}).find(
    ([sku]) => sku.toLowerCase() === d.sku.toLowerCase(),
  )?.[1];
  const max = bySku ?? s.maxCapacity;
  if (max !== undefined && d.capacity > max)
    out.push(
      `deployment ${d.name} (model ${d.model}): capacity ${d.capacity} of ${d.sku} exceeds the maximum of ${max}`,
    );
  return out;
}

export interface RaiPolicySettings {
  required: boolean;
  /** When set, only these content-filter (RAI) policies may be named. */
  allowed?: string[];
}
export const RAI_POLICY_DEFAULTS: RaiPolicySettings = { required: false };
export const raiPolicySchema = { required: { type: "boolean" }, allowed: { type: "array", items: { type: "string" } } };

export function checkRaiPolicy(d: DeploymentFacts, s: RaiPolicySettings): string[] {
  // Without one Azure applies its default filter: requiring it makes the choice explicit and reviewed.
  if (d.raiPolicyName === undefined)
    return s.required ? [`deployment ${d.name} (model ${d.model}): raiPolicyName is required`] : [];
  return s.allowed && !s.allowed.includes(d.raiPolicyName)
    ? [
        `deployment ${d.name} (model ${d.model}): RAI policy ${d.raiPolicyName} is not allowed (allowed: ${s.allowed.join(", ") || "none"})`,
      ]
    : [];
}
