// When may a create make room by deleting the deployment it replaces? (pure). Azure answers InsufficientQuota
// both for the fine-tuned deployment limit (the code for that is UNCONFIRMED) and for a TPM capacity shortfall
// ("The specified capacity '1' ... is bigger than available capacity '0' ..."). Deleting a serving deployment
// frees capacity too, but takes the model offline: only the deployment-count limit justifies it.
import { CAPACITY_SHORTFALL } from "../azure/faults";
import { MAX_FINE_TUNED_DEPLOYMENTS } from "../azure/limits";
import type { DeploymentState } from "./control-plane";
import type { FoundryError } from "./errors";

const QUOTA_CODES = ["InsufficientQuota", "QuotaExceeded"];

/** A deployment of a fine-tuned model or of one of its checkpoints. */
function isFineTunedDeployment(d: DeploymentState): boolean {
  const name = d.model.name ?? "";
  return name.includes(".ft-") || name.startsWith("ftchkpt-");
}

/** True only when the error is a quota error, not a capacity shortfall, and the account is at the fine-tuned limit. */
export function isDeploymentLimit(
  error: Pick<FoundryError, "code" | "message">,
  deployments: DeploymentState[],
): boolean {
  if (!QUOTA_CODES.includes(error.code ?? "") || CAPACITY_SHORTFALL.test(error.message)) return false;
  return deployments.filter(isFineTunedDeployment).length >= MAX_FINE_TUNED_DEPLOYMENTS;
}
