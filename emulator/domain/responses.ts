// The Responses API on a deployment (POST /responses, `model` = deployment name), the inference call the
// recorded SDK tests make: the input becomes chat messages, the reply comes from the same generation as chat
// completions, and the answer has the recorded shape (docs/azure-sources.md [REC-RESPONSES]).

import { invalidPayload } from "../http/errors";
import { newHex } from "../ids";
import type { ChatService } from "./chat";

type Message = { role: string; content: string };

export function respond(chat: ChatService, account: string, body: unknown) {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalidPayload("The request body must be a JSON object.");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || !b.model)
    throw invalidPayload("model (the deployment name) is required.", "model");
  const messages: Message[] = [];
  if (typeof b.instructions === "string") messages.push({ role: "system", content: b.instructions });
  messages.push(...inputMessages(b.input));
  const completion = chat.complete(account, b.model, {
    messages,
    ...(b.max_output_tokens !== undefined ? { max_tokens: b.max_output_tokens } : {}),
    ...(b.temperature !== undefined ? { temperature: b.temperature } : {}),
  });
  const id = `resp_${newHex()}`;
  const text = completion.choices[0]!.message.content;
  return {
    id,
    object: "response",
    created_at: completion.created,
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: typeof b.instructions === "string" ? b.instructions : null,
    model: b.model,
    output: [
      {
        type: "message",
        id: `msg_${newHex()}`,
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
        created_by: { response_id: id },
      },
    ],
    parallel_tool_calls: true,
    temperature: typeof b.temperature === "number" ? b.temperature : 1,
    top_p: 1,
    top_logprobs: 0,
    tool_choice: "auto",
    tools: [],
    truncation: "disabled",
    text: { format: { type: "text" }, verbosity: "medium" },
    reasoning: {},
    background: false,
    service_tier: "default",
    metadata: {},
    user: null,
    conversation: null,
    usage: {
      input_tokens: completion.usage.prompt_tokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: completion.usage.completion_tokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: completion.usage.total_tokens,
    },
  };
}

/** `input`: a string (one user message) or a list of `{role, content}` whose content is a string or text parts. */
function inputMessages(input: unknown): Message[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input) || input.length === 0)
    throw invalidPayload("input must be a string or a non-empty array of messages.", "input");
  return input.map((m, i) => {
    const msg = m as { role?: unknown; content?: unknown } | null;
    if (!msg || typeof msg.role !== "string") throw invalidPayload(`input[${i}].role is required.`, `input[${i}].role`);
    const content = Array.isArray(msg.content)
      ? msg.content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join("")
      : typeof msg.content === "string"
        ? msg.content
        : null;
    if (content === null)
      throw invalidPayload(`input[${i}].content must be a string or an array of text parts.`, `input[${i}].content`);
    return { role: msg.role, content };
  });
}
