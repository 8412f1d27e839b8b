// The rule catalogue: every id the validator can emit, its default severity and what it checks.
// The rules are described in validate/README.md and sourced from [D-DATA], [D-DPO] and [D-RFT] in
// docs/azure-sources.md. Rules with two severities (file.min_examples, msg.unrecognized_role) list the severity of
// their error case here.

import type { Severity } from "./types";

export interface RuleInfo {
  id: string;
  severity: Severity;
  checks: string;
}

export const RULES = {
  "file.utf8": { severity: "error", checks: "the bytes decode as UTF-8" },
  "file.bom": {
    severity: "warning",
    checks: "Azure documents JSONL as UTF-8 with BOM; a missing BOM is reported, a present one is stripped",
  },
  "file.size": {
    severity: "error",
    checks: "file within the size limit: 512 MB by the Files API, 9 GB through the Uploads API (the program's)",
  },
  "file.jsonl": { severity: "error", checks: "every non-blank line parses as JSON" },
  "file.min_examples": {
    severity: "error",
    checks: "at least 10 training examples (warning under 50, info under 100)",
  },
  "ex.data_type": { severity: "error", checks: "each line is a JSON object" },
  "ex.missing_messages_list": { severity: "error", checks: "`messages` is a non-empty array" },
  "ex.missing_assistant": { severity: "error", checks: "at least one assistant message" },
  "ex.missing_system": {
    severity: "warning",
    checks: "a system message (a missing or different system prompt is a common cause of poor results)",
  },
  "ex.missing_user": { severity: "warning", checks: "a user message" },
  "ex.too_long": {
    severity: "warning",
    checks: "tokens within the model's training-example limit (longer examples are truncated)",
  },
  "ex.all_weight_zero": {
    severity: "warning",
    checks: "some assistant message has weight 1 (otherwise nothing is trained)",
  },
  "msg.missing_key": {
    severity: "error",
    checks: "`role` present; `content` present unless an assistant message calls tools",
  },
  "msg.unrecognized_key": {
    severity: "warning",
    checks: "no keys outside role, content, name, weight, function_call, tool_calls, tool_call_id",
  },
  "msg.unrecognized_role": {
    severity: "error",
    checks: "role is system, user, assistant, tool or function (developer: warning outside reinforcement)",
  },
  "msg.missing_content": {
    severity: "error",
    checks: "content is a non-empty string or an array of text/image_url parts",
  },
  "msg.weight_value": { severity: "error", checks: "`weight` is 0 or 1" },
  "msg.weight_role": { severity: "error", checks: "`weight` only on assistant messages" },
  "tool.call_shape": {
    severity: "error",
    checks: "tool_calls[] = {id, type: function, function: {name, arguments: JSON string}}, on assistant messages",
  },
  "tool.result_link": { severity: "error", checks: "a tool message's tool_call_id matches an earlier assistant call" },
  "tool.defs": {
    severity: "warning",
    checks: "tools[] = {type: function, function: {name, parameters}}; called names are defined",
  },
  "tool.deprecated": { severity: "warning", checks: "`functions`/`function_call` are deprecated in favour of `tools`" },
  "ds.duplicates": { severity: "warning", checks: "no duplicate examples" },
  "ds.identical_outputs": { severity: "error", checks: "not every example has the same final assistant answer" },
  "vis.model": {
    severity: "error",
    checks: "images only for a vision base model (gpt-4o 2024-08-06, gpt-4.1 2025-04-14)",
  },
  "vis.part_shape": {
    severity: "error",
    checks: "{type: image_url, image_url: {url, detail?}}; https or data:image/...;base64 URL; detail low/high/auto",
  },
  "vis.no_assistant_images": { severity: "error", checks: "no images in assistant messages" },
  "vis.limits": { severity: "error", checks: "at most 64 images per example and 50,000 examples with images" },
  "vis.image_file": {
    severity: "warning",
    checks: "data-URI images are JPEG, PNG or WEBP and at most 10 MB (others are skipped)",
  },
  "vis.skipped_info": {
    severity: "info",
    checks: "remote image URLs must be public; images of people, faces, children or CAPTCHAs are skipped",
  },
  "dpo.keys": {
    severity: "error",
    checks: "exactly input, preferred_output, non_preferred_output; input = {messages, tools?, parallel_tool_calls?}",
  },
  "dpo.outputs": {
    severity: "error",
    checks: "each output holds at least one assistant message and only assistant/tool roles",
  },
  "dpo.model": { severity: "error", checks: "DPO only on gpt-4o 2024-08-06 and the gpt-4.1 family" },
  "rft.last_user": { severity: "error", checks: "the final message has role user" },
  "rft.validation_required": { severity: "error", checks: "reinforcement fine-tuning has a validation file" },
  "rft.grader_fields": { severity: "warning", checks: "every field the grader reads ({{item.x}}) is on the line" },
  "rft.model": { severity: "error", checks: "reinforcement only on o4-mini 2025-04-16" },
  "model.unknown": {
    severity: "warning",
    checks: "the base model is in the table of fine-tunable models (limits and prices are guesses otherwise)",
  },
  "model.method": { severity: "error", checks: "the base model supports supervised fine-tuning" },
} as const satisfies Record<string, { severity: Severity; checks: string }>;

export type RuleId = keyof typeof RULES;

export function ruleList(): RuleInfo[] {
  return Object.entries(RULES).map(([id, r]) => ({ id, severity: r.severity, checks: r.checks }));
}

export function errorRules(): RuleId[] {
  return (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].severity === "error");
}
