// The control plane alone, for a caller that only reads deployments (the deployment GET of every preview):
// it loads the ARM SDK but not openai's client, which takes about a second. connect() in ./index builds the
// same ControlPlane through this module, so there is one way to make one.
import { armApiVersionFor } from "../azure/api-versions";
import { ControlPlane, type ControlPlaneOptions, createArmClient } from "./control-plane";
import { type CredentialOptions, type Credentials, resolveCredentials } from "./credentials";
import { type FoundryTarget, type ResolvedTarget, resolveTarget } from "./target";
import { trustCaFile } from "./tls";

/** The target resolved, its CA trusted (the local service's), and who we are to it. */
export function resolveConnection(
  target: FoundryTarget,
  options: CredentialOptions = {},
): { resolved: ResolvedTarget; credentials: Credentials } {
  const resolved = resolveTarget(target);
  if (resolved.caCertPath) trustCaFile(resolved.caCertPath);
  return { resolved, credentials: resolveCredentials(resolved, options) };
}

/** Only the control plane of a target, with the default retry policy. */
export function connectControlPlane(target: FoundryTarget, options: CredentialOptions = {}): ControlPlane {
  const { resolved, credentials } = resolveConnection(target, options);
  return controlPlaneFor(resolved, credentials.arm);
}

export function controlPlaneFor(
  resolved: ResolvedTarget,
  arm: Credentials["arm"],
  options: Pick<ControlPlaneOptions, "httpClient" | "retry" | "pollIntervalMs"> = {},
): ControlPlane {
  const client = createArmClient(resolved, arm, options.httpClient);
  const developerTierVersion = armApiVersionFor("DeveloperTier", resolved.armApiVersion);
  const developerTierClient =
    developerTierVersion === resolved.armApiVersion
      ? undefined
      : createArmClient({ ...resolved, armApiVersion: developerTierVersion }, arm, options.httpClient);
  return new ControlPlane(client, resolved, {
    ...(options.retry ? { retry: options.retry } : {}),
    ...(developerTierClient ? { developerTierClient } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
}
