// How Azure answers a fault the clients wait out or retry, rather than report.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.

/**
 * Azure answers a TPM capacity shortfall with InsufficientQuota too: "The specified capacity '1' of account
 * deployment is bigger than available capacity '0' for UsageName ...". Such an error is never a reason to
 * delete a deployment.
 */
export const CAPACITY_SHORTFALL = /bigger than available capacity|available capacity/i;

/**
 * After ARM reports a new deployment Succeeded, inference can answer 404 DeploymentNotFound ("...If you
 * created the deployment within the last 5 minutes, please wait a moment and try again") for a while.
 */
export const DEPLOYMENT_WARMUP_TIMEOUT_MS = 10 * 60_000;

/**
 * ARM error codes for "another write on this account is in flight": retry after a pause [TF].
 * AnotherOperationInProgress is seen on other Azure resource types; listing it here is a guess (UNCONFIRMED).
 */
export const ARM_CONFLICT_CODES = ["RequestConflict", "AnotherOperationInProgress"];
