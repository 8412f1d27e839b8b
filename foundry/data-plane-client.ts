// Builds the official openai client for a target: AzureOpenAI for the dated form (api-version on every
// call), plain OpenAI on .../openai/v1 for the v1 form; data-plane-route.ts says where. SDK retries are off:
// foundry/retry.ts is the only retry layer.
import { AzureOpenAI, OpenAI } from "openai";
import type { DataPlaneAuth } from "./credentials";
import { dataPlaneRoute } from "./data-plane-route";
import { withStreamingUploads } from "./streaming-fetch";
import type { ResolvedTarget } from "./target";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface DataPlaneClientOptions {
  fetch?: FetchLike;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export function createOpenAIClient(
  target: Pick<ResolvedTarget, "endpoint" | "project" | "apiVersion" | "dataPlaneForm">,
  auth: DataPlaneAuth,
  options: DataPlaneClientOptions = {},
): OpenAI {
  // Explicit values everywhere so OPENAI_* environment variables cannot redirect or re-authenticate calls.
  const common = {
    maxRetries: 0,
    organization: null,
    project: null,
    timeout: options.timeoutMs ?? 120_000,
    // A test's fetch sees every request; otherwise streamed uploads go through node:https (streaming-fetch.ts).
    fetch: options.fetch ?? withStreamingUploads((input, init) => fetch(input, init)),
  };
  const { baseURL } = dataPlaneRoute(target);
  if (target.dataPlaneForm === "v1") {
    if (auth.kind === "bearer") return new OpenAI({ ...common, baseURL, apiKey: auth.getToken });
    // The key travels as `api-key` (as on the dated form), and the Bearer header the SDK would add is removed.
    return new OpenAI({
      ...common,
      baseURL,
      apiKey: auth.apiKey,
      defaultHeaders: { "api-key": auth.apiKey, Authorization: null },
    });
  }
  return auth.kind === "bearer"
    ? new AzureOpenAI({
        ...common,
        baseURL,
        apiVersion: target.apiVersion,
        azureADTokenProvider: auth.getToken,
        apiKey: null as unknown as undefined,
      })
    : new AzureOpenAI({ ...common, baseURL, apiVersion: target.apiVersion, apiKey: auth.apiKey });
}
