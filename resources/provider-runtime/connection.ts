// From resource inputs to service clients, inside the provider process. Credentials come from the
// environment (or the local service's data dir) at call time: never from inputs, never into state.
import type { FoundryConnection } from "../../foundry";
import type { connectControlPlane as ConnectControlPlane } from "../../foundry/control-connection";
import type { ControlPlane } from "../../foundry/control-plane";
import { azureTarget, type FoundryTarget } from "../../foundry/target";
import type { TargetInputs } from "../shared/target-inputs";
import { ensureLocalProject } from "./local-project";
import { ensureLocalService } from "./local-service";

export interface Connected extends FoundryConnection {
  target: FoundryTarget;
}

// The SDKs take seconds to load; check and diff (all an unchanged preview runs) never need them.
// (require, not import(): under the CJS loader import() resolves as ESM and refuses a directory import.)
const loadClients = (): typeof import("../../foundry") => require("../../foundry");

/** Where the target's service is, without loading the SDKs: the local service is found (or started) here. */
export async function foundryTargetOf(inputs: TargetInputs): Promise<{ target: FoundryTarget; apiKey?: string }> {
  if (inputs.kind === "local") {
    const service = await ensureLocalService(process.cwd(), inputs.localDataDir ?? ".foundry-local", inputs.localPort ?? 0);
    if (inputs.project) await ensureLocalProject(service, { ...inputs, project: inputs.project });
    const target: FoundryTarget = {
      kind: "local",
      endpoint: `${service.url}/accounts/${inputs.accountName}`,
      armEndpoint: service.url,
      subscriptionId: inputs.subscriptionId,
      resourceGroup: inputs.resourceGroup,
      accountName: inputs.accountName,
      ...(inputs.project ? { project: inputs.project } : {}),
      caCertPath: service.caCert,
      ...(inputs.apiVersion ? { apiVersion: inputs.apiVersion } : {}),
      ...(inputs.armApiVersion ? { armApiVersion: inputs.armApiVersion } : {}),
      ...(inputs.dataPlane ? { dataPlaneForm: inputs.dataPlane } : {}),
    };
    return { target, apiKey: service.apiKey };
  }
  const target: FoundryTarget = {
    ...azureTarget({
      subscriptionId: inputs.subscriptionId,
      resourceGroup: inputs.resourceGroup,
      accountName: inputs.accountName,
      ...(inputs.endpoint ? { endpoint: inputs.endpoint } : {}),
      ...(inputs.project ? { project: inputs.project } : {}),
    }),
    ...(inputs.apiVersion ? { apiVersion: inputs.apiVersion } : {}),
    ...(inputs.armApiVersion ? { armApiVersion: inputs.armApiVersion } : {}),
    ...(inputs.dataPlane ? { dataPlaneForm: inputs.dataPlane } : {}),
  };
  return { target };
}

/** Only the control plane (the deployment's GET of every preview): the ARM SDK without openai's client. */
export async function controlPlaneOf(inputs: TargetInputs): Promise<ControlPlane> {
  const { connectControlPlane } = require("../../foundry/control-connection") as { connectControlPlane: typeof ConnectControlPlane };
  const { target, apiKey } = await foundryTargetOf(inputs);
  return connectControlPlane(target, apiKey !== undefined ? { apiKey } : {});
}

export async function connectTo(inputs: TargetInputs): Promise<Connected> {
  const { connect } = loadClients();
  const { target, apiKey } = await foundryTargetOf(inputs);
  return { target, ...connect(target, apiKey !== undefined ? { apiKey } : {}) };
}
