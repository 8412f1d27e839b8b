// The target as resource inputs: plain data, no secret, and no port of the local service (it may change
// between runs; it is discovered at run time), so state never diffs on things that do not matter.
export interface TargetInputs {
  kind: "local" | "azure";
  accountName: string;
  subscriptionId: string;
  resourceGroup: string;
  /** Azure data-plane endpoint; absent for the local service. */
  endpoint?: string;
  /**
   * A Foundry project of the account, whose endpoint the data plane goes through. Not part of the identity: a
   * project's files and jobs are its account's, so naming one (or dropping it) moves nothing.
   */
  project?: string;
  apiVersion?: string;
  armApiVersion?: string;
  /** The data-plane surface when not the dated one; not part of the identity (same account either way). */
  dataPlane?: "dated" | "v1";
  /** Local service data directory, relative to the project. */
  localDataDir?: string;
  localPort?: number;
}

/**
 * The parts whose change means "another account": a different remote object altogether. Not the endpoint: one
 * account answers on several (`<name>.openai.azure.com`, `<name>.services.ai.azure.com`, a project's), and moving
 * a stack from one to another must not retrain it.
 */
export function targetIdentity(t: TargetInputs): string {
  return [t.kind, t.subscriptionId, t.resourceGroup, t.accountName].join("|").toLowerCase();
}
