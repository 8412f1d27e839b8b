// Where the preflight (and the doctor) reads: the stack's account, with the local service found or started the
// way the providers do it (resources/provider-runtime/connection.ts).
import type { FoundryTarget } from "../../foundry/target";
import { azureTarget } from "../../foundry/target";
import type { StackConfig } from "../config";
import { ensureLocalProject } from "../../resources/provider-runtime/local-project";
import { ensureLocalService } from "../../resources/provider-runtime/local-service";

export async function preflightTarget(projectDir: string, config: StackConfig): Promise<{ target: FoundryTarget; apiKey?: string }> {
  // The same surface and versions the providers use (resources/provider-runtime/connection.ts).
  const versions = {
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    ...(config.armApiVersion ? { armApiVersion: config.armApiVersion } : {}),
    ...(config.dataPlane !== "dated" ? { dataPlaneForm: config.dataPlane } : {}),
  };
  if (config.target === "local") {
    const service = await ensureLocalService(projectDir, config.local.dataDir, config.local.port);
    const { project } = config.account;
    if (project)
      await ensureLocalProject(service, { subscriptionId: config.account.subscriptionId, resourceGroup: config.account.resourceGroup, accountName: config.account.name, project });
    const target: FoundryTarget = {
      kind: "local",
      endpoint: `${service.url}/accounts/${config.account.name}`,
      armEndpoint: service.url,
      subscriptionId: config.account.subscriptionId,
      resourceGroup: config.account.resourceGroup,
      accountName: config.account.name,
      ...(project ? { project } : {}),
      caCertPath: service.caCert,
      ...versions,
    };
    return { target, apiKey: service.apiKey };
  }
  const target = azureTarget({
    subscriptionId: config.account.subscriptionId,
    resourceGroup: config.account.resourceGroup,
    accountName: config.account.name,
    ...(config.account.endpoint ? { endpoint: config.account.endpoint } : {}),
    ...(config.account.project ? { project: config.account.project } : {}),
  });
  return { target: { ...target, ...versions } };
}
