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

/**
 * The one way from an account (resource inputs, or a stack's config through program/stack-config.ts) to where its
 * service is, without loading the SDKs: the local service is found (or started) here, its data directory relative
 * to `projectDir` (the provider runs in the program's folder).
 */
export async function foundryTargetOf(
  inputs: TargetInputs,
  projectDir = process.cwd(),
): Promise<{ target: FoundryTarget; apiKey?: string }> {
  // The same surface and versions wherever the target is.
  const versions = {
    ...(inputs.apiVersion ? { apiVersion: inputs.apiVersion } : {}),
    ...(inputs.armApiVersion ? { armApiVersion: inputs.armApiVersion } : {}),
    ...(inputs.dataPlane ? { dataPlaneForm: inputs.dataPlane } : {}),
  };
  const account = {
    subscriptionId: inputs.subscriptionId,
    resourceGroup: inputs.resourceGroup,
    accountName: inputs.accountName,
  };
  if (inputs.kind === "local") {
    const service = await ensureLocalService(
      projectDir,
      inputs.localDataDir ?? ".foundry-local",
      inputs.localPort ?? 0,
    );
    if (inputs.project) await ensureLocalProject(service, { ...account, project: inputs.project });
    const target: FoundryTarget = {
      kind: "local",
      endpoint: `${service.url}/accounts/${inputs.accountName}`,
      armEndpoint: service.url,
      ...account,
      ...(inputs.project ? { project: inputs.project } : {}),
      caCertPath: service.caCert,
      ...versions,
    };
    return { target, apiKey: service.apiKey };
  }
  const azure = azureTarget({
    ...account,
    ...(inputs.endpoint ? { endpoint: inputs.endpoint } : {}),
    ...(inputs.project ? { project: inputs.project } : {}),
  });
  return { target: { ...azure, ...versions } };
}

/** Only the control plane (the deployment's GET of every preview): the ARM SDK without openai's client. */
export async function controlPlaneOf(inputs: TargetInputs): Promise<ControlPlane> {
  const { connectControlPlane } = require("../../foundry/control-connection") as {
    connectControlPlane: typeof ConnectControlPlane;
  };
  const { target, apiKey } = await foundryTargetOf(inputs);
  return connectControlPlane(target, apiKey !== undefined ? { apiKey } : {});
}

export async function connectTo(inputs: TargetInputs): Promise<Connected> {
  const { connect } = loadClients();
  const { target, apiKey } = await foundryTargetOf(inputs);
  return { target, ...connect(target, apiKey !== undefined ? { apiKey } : {}) };
}
