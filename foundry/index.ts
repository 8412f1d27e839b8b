// The one entry point: connect(target) gives the data-plane and control-plane clients for it.
import type { TokenCredential } from "@azure/identity";
import { controlPlaneFor, resolveConnection } from "./control-connection";
import type { ArmHttpClient, ControlPlane } from "./control-plane";
import { DataPlane } from "./data-plane";
import { createOpenAIClient, type FetchLike } from "./data-plane-client";
import type { RetryOptions } from "./retry";
import type { FoundryTarget } from "./target";

export interface ConnectOptions {
  /** Overrides the key from the environment (FOUNDRY_API_KEY locally, AZURE_OPENAI_API_KEY on Azure). */
  apiKey?: string;
  /** Overrides DefaultAzureCredential (Azure) or the key-as-token credential (local). */
  credential?: TokenCredential;
  /** Test seams: openai's fetch and the Azure SDK's HTTP client. */
  fetch?: FetchLike;
  httpClient?: ArmHttpClient;
  /** Retries after the first attempt, for every call (default 4). */
  maxRetries?: number;
  retry?: Omit<RetryOptions, "recover" | "maxRetries">;
  /** ARM long-running-operation polling interval. */
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  env?: Record<string, string | undefined>;
}

export interface FoundryConnection {
  data: DataPlane;
  control: ControlPlane;
}

export function connect(target: FoundryTarget, options: ConnectOptions = {}): FoundryConnection {
  const { resolved, credentials } = resolveConnection(target, {
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const retry = { ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) };
  const openai = createOpenAIClient(resolved, credentials.dataPlane, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  return {
    data: new DataPlane(openai, retry, resolved.dataPlaneForm),
    control: controlPlaneFor(resolved, credentials.arm, {
      retry,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    }),
  };
}
