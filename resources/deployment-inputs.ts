import { sha256Hex } from "./stable-json";
import type { TargetInputs } from "./target-inputs";

export interface DeploymentInputs {
  target: TargetInputs;
  /** Our URN: dynamic providers are never told it (and `urn` itself is reserved), but logs attach to it. */
  resourceUrn: string;
  modelName: string;
  /** The configured name; the deployment on the service is `<name>-<8 hex of the model and sku>` (see physicalName). */
  name: string;
  /** A fine-tuned model name or a checkpoint id (ftchkpt-...). */
  model?: string;
  /** ARM id of the account that trained the model, when it is not this account (cross-account deployment). */
  source?: string;
  sku: { name: string; capacity: number };
  raiPolicyName?: string;
  versionUpgradeOption: string;
  /** The job's status and ETA, so a model still training fails with a useful message. */
  jobStatus?: string;
  jobEstimatedFinish?: number;
  /** A deployed checkpoint's rule ("best by full_valid_loss") and why it chose this one: for previews and reports, never diffed. */
  checkpointRule?: string;
  checkpointReason?: string;
}

export interface DeploymentOutputs extends DeploymentInputs {
  deploymentName: string;
  provisioningState?: string;
  endpoint?: string;
}

/**
 * Azure cannot change the model of a fine-tuned deployment in place, and a same-name replacement would take
 * the live deployment down (pitfall 10). So the name on the service carries the model: a new model gets a
 * new deployment beside the old one, which is deleted only once the new one serves.
 */
export function physicalName(name: string, model: string, sku = "Standard"): string {
  // A new sku is a new deployment too (whether Azure changes a deployment's type in place is unconfirmed);
  // Standard keeps the model-only hash, so existing deployments keep their names.
  const key = sku.toLowerCase() === "standard" ? model : `${model}|${sku}`;
  return `${name}-${sha256Hex(key).slice(0, 8)}`;
}
