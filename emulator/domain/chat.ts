// Chat completions on a deployment: the reply is generated from the deployed model's (or checkpoint's) weights.

import { DEPLOYMENT_NOT_READY_MESSAGE } from "../azure-facts";
import { dataPlaneError, invalidPayload } from "../http/errors";
import { newId, nowSeconds } from "../ids";
import * as training from "../training";
import type { DeploymentService } from "./deployments";
import type { JobRunner } from "./job-runner";

const ROLES = ["system", "user", "assistant", "tool", "developer"];

/**
 * Test control: prompts the content filter refuses, off by default. Azure refuses a filtered prompt with 400
 * `content_filter`, and a filtered completion with 200 and `finish_reason: "content_filter"` (no content).
 */
export interface ContentFilterRule {
  /** The rule applies when a message of the request contains this text. */
  text: string;
  where: "prompt" | "completion";
}

export class ChatService {
  private readonly cache = new Map<string, training.ModelWeights>();
  contentFilter: ContentFilterRule[] = [];

  constructor(
    private readonly deployments: DeploymentService,
    private readonly runner: JobRunner,
  ) {}

  complete(account: string, deploymentName: string, body: unknown) {
    if (!body || typeof body !== "object" || Array.isArray(body))
      throw invalidPayload("The request body must be a JSON object.");
    const b = body as Record<string, unknown>;
    const messages = parseMessages(b.messages);
    const maxTokens = optionalInt(b.max_completion_tokens ?? b.max_tokens, "max_tokens");
    const temperature = b.temperature === undefined || b.temperature === null ? undefined : Number(b.temperature);
    if (temperature !== undefined && !(temperature >= 0 && temperature <= 2))
      throw invalidPayload("temperature must be a number from 0 to 2.", "temperature");
    const seed = optionalInt(b.seed, "seed");
    if (b.n !== undefined && b.n !== 1) throw invalidPayload("n must be 1 on the local service.", "n");

    const row = this.deployments.forInference(account, deploymentName);
    if (!row) {
      throw dataPlaneError("DeploymentNotFound", DEPLOYMENT_NOT_READY_MESSAGE);
    }
    this.deployments.touch(account, deploymentName);
    const filtered = this.contentFilter.find((r) => messages.some((m) => m.content?.includes(r.text)));
    if (filtered?.where === "prompt") {
      throw dataPlaneError(
        "content_filter",
        "The response was filtered due to the prompt triggering the content management policy (local service test control).",
        "prompt",
      );
    }
    const weights = this.weights(row.internal.checkpointId);
    const generated = training.generate(weights, messages, { maxTokens, temperature, seed });
    const out = filtered ? { ...generated, text: "", finishReason: "content_filter" } : generated;
    return {
      id: newId("chatcmpl-"),
      object: "chat.completion",
      created: nowSeconds(),
      model: row.doc.properties.model.name,
      system_fingerprint: null,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: out.text, refusal: null },
          finish_reason: out.finishReason,
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: out.promptTokens,
        completion_tokens: out.completionTokens,
        total_tokens: out.promptTokens + out.completionTokens,
      },
    };
  }

  private weights(checkpointId: string): training.ModelWeights {
    let w = this.cache.get(checkpointId);
    if (!w) {
      try {
        w = this.runner.loadWeights(checkpointId);
      } catch (e) {
        throw dataPlaneError(
          "internalFailure",
          `The deployed model's weights (${checkpointId}) could not be loaded: ${(e as Error).message}`,
        );
      }
      if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(checkpointId, w);
    }
    return w;
  }
}

function parseMessages(v: unknown): training.ChatMessage[] {
  if (!Array.isArray(v) || v.length === 0) throw invalidPayload("messages must be a non-empty array.", "messages");
  return v.map((m, i) => {
    if (!m || typeof m !== "object" || !ROLES.includes((m as { role?: string }).role ?? "")) {
      throw invalidPayload(`messages[${i}].role must be one of ${ROLES.join(", ")}.`, `messages[${i}].role`);
    }
    const msg = m as { role: string; content?: unknown };
    let content: string | null;
    if (typeof msg.content === "string" || msg.content === null || msg.content === undefined)
      content = msg.content ?? null;
    else if (Array.isArray(msg.content))
      content = msg.content.map((p) => (p && typeof p.text === "string" ? p.text : "")).join("");
    else
      throw invalidPayload(
        `messages[${i}].content must be a string or an array of text parts.`,
        `messages[${i}].content`,
      );
    const role = (msg.role === "developer" ? "system" : msg.role) as training.Role;
    return { role, content };
  });
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v) || (v as number) < 0) throw invalidPayload(`${name} must be a non-negative integer.`, name);
  return v as number;
}

export type ChatCompletion = ReturnType<ChatService["complete"]>;

/** The same completion as server-sent events (`stream: true`): one content chunk, a finish chunk, [DONE]. */
export function asEventStream(c: ChatCompletion, includeUsage: boolean): string {
  const chunk = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({ id: c.id, object: "chat.completion.chunk", created: c.created, model: c.model, system_fingerprint: null, choices, ...extra })}\n\n`;
  const choice = c.choices[0]!;
  return (
    chunk([
      { index: 0, delta: { role: "assistant", content: choice.message.content }, finish_reason: null, logprobs: null },
    ]) +
    chunk([{ index: 0, delta: {}, finish_reason: choice.finish_reason, logprobs: null }]) +
    (includeUsage ? chunk([], { usage: c.usage }) : "") +
    "data: [DONE]\n\n"
  );
}
