// Pure: a stack's account as the target inputs every resource records (resources/shared/target-inputs.ts). The
// one step from config to target: the providers, the preflight and the doctor turn these into a FoundryTarget
// (resources/provider-runtime/connection.ts). No Pulumi SDK here: the doctor loads this.
import type { TargetInputs } from "../resources/shared/target-inputs";
import type { StackConfig } from "./config";

export function targetInputs(config: StackConfig): TargetInputs {
  return {
    kind: config.target,
    accountName: config.account.name,
    subscriptionId: config.account.subscriptionId,
    resourceGroup: config.account.resourceGroup,
    ...(config.account.endpoint ? { endpoint: config.account.endpoint } : {}),
    ...(config.account.project ? { project: config.account.project } : {}),
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    ...(config.armApiVersion ? { armApiVersion: config.armApiVersion } : {}),
    ...(config.dataPlane !== "dated" ? { dataPlane: config.dataPlane } : {}),
    ...(config.target === "local" ? { localDataDir: config.local.dataDir, localPort: config.local.port } : {}),
  };
}
