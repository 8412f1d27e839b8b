// The program's own clients (foundry/connect), pointed at a playback server as at an Azure account: the data
// plane through the recorded project endpoint with the recorded api-version, ARM at the same server. No
// retries and a 1 ms ARM poll interval: recordings hold no faults, and a test never waits on the clock.
import type { AccessToken, TokenCredential } from "@azure/identity";
import { type ConnectOptions, connect, type FoundryConnection } from "../../../foundry";
import type { FoundryTarget } from "../../../foundry/target";
import type { TargetInputs } from "../../../resources/shared/target-inputs";
import type { Playback } from "./server";

/** The sanitized coordinates every recording carries. */
const RECORDED = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "sanitized-resource-group-name",
  accountName: "sanitized-account-name",
  projectPath: "/api/projects/sanitized-project-name",
  dataPlaneApiVersion: "2025-11-15-preview",
  armApiVersion: "2025-09-01",
} as const;

/** Tokens for both scopes; records which scopes were asked for. */
export class PlaybackCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: "playback-token", expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

/** What the program passes its resources for the recorded account. */
export function playbackInputs(playback: Playback): TargetInputs {
  return {
    kind: "azure",
    accountName: RECORDED.accountName,
    subscriptionId: RECORDED.subscriptionId,
    resourceGroup: RECORDED.resourceGroup,
    endpoint: `${playback.url}${RECORDED.projectPath}`,
    apiVersion: RECORDED.dataPlaneApiVersion,
    armApiVersion: RECORDED.armApiVersion,
  };
}

const PLAYBACK_OPTIONS: ConnectOptions = { env: {}, maxRetries: 0, pollIntervalMs: 1 };

export function playbackTarget(playback: Playback): FoundryTarget {
  return {
    kind: "azure",
    endpoint: `${playback.url}${RECORDED.projectPath}`,
    armEndpoint: playback.url,
    subscriptionId: RECORDED.subscriptionId,
    resourceGroup: RECORDED.resourceGroup,
    accountName: RECORDED.accountName,
    apiVersion: RECORDED.dataPlaneApiVersion,
    armApiVersion: RECORDED.armApiVersion,
  };
}

export function playbackClients(
  playback: Playback,
  credential: TokenCredential = new PlaybackCredential(),
): FoundryConnection {
  return connect(playbackTarget(playback), { ...PLAYBACK_OPTIONS, credential });
}

/**
 * Stands in for resources/provider-runtime/connection.ts's connectTo in provider tests: the real mapping from
 * inputs to target (foundryTargetOf), then ARM at the endpoint's own server instead of management.azure.com.
 */
export async function connectToPlayback(
  inputs: TargetInputs,
  foundryTargetOf: (inputs: TargetInputs) => Promise<{ target: FoundryTarget }>,
): Promise<FoundryConnection & { target: FoundryTarget }> {
  const { target } = await foundryTargetOf(inputs);
  const routed = { ...target, armEndpoint: new URL(target.endpoint).origin };
  return { target: routed, ...connect(routed, { ...PLAYBACK_OPTIONS, credential: new PlaybackCredential() }) };
}
