// Rules for one parsed line (an example): chat SFT with tools and images, DPO pairs, reinforcement prompts.
// Pure: the caller passes a `report` callback and keeps the line number and file.

import type { BaseModelInfo } from "../azure/models";
import type { RuleId } from "./rules";
import type { Method, Severity } from "./types";

export type Report = (rule: RuleId, message: string, severity?: Severity) => void;

export interface ExampleContext {
  method: Method;
  /** Undefined for an unknown model: model-specific rules are skipped. */
  model: BaseModelInfo | undefined;
  graderFields?: readonly string[];
}

/** What dataset-level rules need from one example. */
export interface ExampleSummary {
  /** The final answer as text (identical-output detection); undefined when there is none. */
  output?: string;
  images: number;
  remoteImages: number;
}

type Obj = Record<string, unknown>;

const KNOWN_MESSAGE_KEYS = new Set([
  "role",
  "content",
  "name",
  "weight",
  "function_call",
  "tool_calls",
  "tool_call_id",
]);
const CHAT_ROLES = new Set(["system", "user", "assistant", "tool", "function"]);
const DPO_KEYS = ["input", "preferred_output", "non_preferred_output"];
const DPO_INPUT_KEYS = new Set(["messages", "tools", "parallel_tool_calls"]);
const IMAGE_DETAILS = new Set(["low", "high", "auto"]);
const MAX_IMAGES_PER_EXAMPLE = 64;

function isObj(x: unknown): x is Obj {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object" : `a ${typeof x}`;
}

/** Per-example state while walking its messages. */
interface Walk {
  ctx: ExampleContext;
  report: Report;
  definedTools: Set<string> | undefined;
  callIds: Set<string>;
  images: number;
  remoteImages: number;
  assistants: number;
  weightedAssistants: number;
  hasSystem: boolean;
  hasUser: boolean;
  lastAssistantContent: unknown;
}

export function checkExample(example: unknown, ctx: ExampleContext, report: Report): ExampleSummary {
  if (!isObj(example)) {
    report("ex.data_type", `line is ${describe(example)}, expected a JSON object`);
    return { images: 0, remoteImages: 0 };
  }
  return ctx.method === "dpo" ? checkPreference(example, ctx, report) : checkChat(example, ctx, report);
}

function newWalk(ctx: ExampleContext, report: Report): Walk {
  return {
    ctx,
    report,
    definedTools: undefined,
    callIds: new Set(),
    images: 0,
    remoteImages: 0,
    assistants: 0,
    weightedAssistants: 0,
    hasSystem: false,
    hasUser: false,
    lastAssistantContent: undefined,
  };
}

function checkChat(example: Obj, ctx: ExampleContext, report: Report): ExampleSummary {
  const messages = example.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    report(
      "ex.missing_messages_list",
      messages === undefined
        ? "no `messages` key"
        : `\`messages\` is ${Array.isArray(messages) ? "empty" : describe(messages)}, expected a non-empty array`,
    );
    return { images: 0, remoteImages: 0 };
  }
  const w = newWalk(ctx, report);
  w.definedTools = checkToolDefs(example, report);
  messages.forEach((m, i) => {
    checkMessage(m, i, w);
  });
  finishExample(w);
  if (ctx.method === "reinforcement") {
    const last = messages[messages.length - 1];
    if (!isObj(last) || last.role !== "user") {
      report(
        "rft.last_user",
        `the last message has role ${isObj(last) ? JSON.stringify(last.role) : "none"}; reinforcement examples end with a user message`,
      );
    }
    for (const field of ctx.graderFields ?? []) {
      if (!(field in example))
        report("rft.grader_fields", `field \`${field}\` read by the grader ({{item.${field}}}) is missing`);
    }
  } else {
    if (w.assistants === 0) report("ex.missing_assistant", "no assistant message: nothing to learn from");
    if (!w.hasSystem) report("ex.missing_system", "no system message");
  }
  if (!w.hasUser) report("ex.missing_user", "no user message");
  return { output: textOf(w.lastAssistantContent), images: w.images, remoteImages: w.remoteImages };
}

function checkPreference(example: Obj, ctx: ExampleContext, report: Report): ExampleSummary {
  const keys = Object.keys(example);
  const missing = DPO_KEYS.filter((k) => !(k in example));
  const extra = keys.filter((k) => !DPO_KEYS.includes(k));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `missing ${missing.join(", ")}` : "",
      extra.length ? `unexpected ${extra.join(", ")}` : "",
    ];
    report(
      "dpo.keys",
      `${parts.filter(Boolean).join("; ")}: a preference line has exactly input, preferred_output, non_preferred_output`,
    );
  }
  const input = example.input;
  const w = newWalk(ctx, report);
  if (isObj(input)) {
    const extraInput = Object.keys(input).filter((k) => !DPO_INPUT_KEYS.has(k));
    if (extraInput.length)
      report(
        "dpo.keys",
        `input has unexpected ${extraInput.join(", ")}; allowed: messages, tools, parallel_tool_calls`,
      );
    if (!Array.isArray(input.messages) || input.messages.length === 0) {
      report("dpo.keys", "input.messages must be a non-empty array");
    } else {
      w.definedTools = checkToolDefs(input, report);
      input.messages.forEach((m, i) => {
        checkMessage(m, i, w);
      });
    }
  } else if ("input" in example) {
    report("dpo.keys", `input is ${describe(input)}, expected an object with messages`);
  }
  let preferred: unknown;
  for (const key of ["preferred_output", "non_preferred_output"] as const) {
    if (!(key in example)) continue;
    const out = example[key];
    if (!Array.isArray(out) || out.length === 0) {
      report(
        "dpo.outputs",
        `${key} is ${Array.isArray(out) ? "empty" : describe(out)}, expected an array with an assistant message`,
      );
      continue;
    }
    const roles = out.map((m) => (isObj(m) ? m.role : undefined));
    const wrong = roles.filter((r) => r !== "assistant" && r !== "tool");
    if (wrong.length)
      report(
        "dpo.outputs",
        `${key} holds role ${JSON.stringify(wrong[0])}; only assistant and tool messages belong in an output`,
      );
    else if (!roles.includes("assistant")) report("dpo.outputs", `${key} has no assistant message`);
    const before = w.assistants;
    out.forEach((m, i) => {
      checkMessage(m, i, w, key);
    });
    if (key === "preferred_output" && w.assistants > before) preferred = lastAssistantContent(out);
  }
  // The example's answer is the preferred one: the rejected answers are often all alike ("I don't know").
  w.lastAssistantContent = preferred;
  if (!w.hasUser && isObj(input) && Array.isArray(input.messages) && input.messages.length)
    report("ex.missing_user", "input has no user message");
  return { output: textOf(w.lastAssistantContent), images: w.images, remoteImages: w.remoteImages };
}

function lastAssistantContent(messages: unknown[]): unknown {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isObj(m) && m.role === "assistant") return m.content;
  }
  return undefined;
}

function textOf(content: unknown): string | undefined {
  if (content === undefined || content === null) return undefined;
  return typeof content === "string" ? content : JSON.stringify(content);
}

/** Names the example defines as tools or (legacy) functions; undefined when it defines none. */
function checkToolDefs(holder: Obj, report: Report): Set<string> | undefined {
  let names: Set<string> | undefined;
  if ("functions" in holder) {
    report("tool.deprecated", "`functions` is deprecated; use `tools` with type function");
    if (Array.isArray(holder.functions)) {
      names = new Set();
      for (const f of holder.functions) if (isObj(f) && typeof f.name === "string") names.add(f.name);
    }
  }
  if (!("tools" in holder)) return names;
  const tools = holder.tools;
  if (!Array.isArray(tools)) {
    report("tool.defs", `tools is ${describe(tools)}, expected an array`);
    return names;
  }
  names ??= new Set();
  tools.forEach((t, i) => {
    const fn = isObj(t) ? t.function : undefined;
    if (!isObj(t) || t.type !== "function" || !isObj(fn) || typeof fn.name !== "string" || fn.name === "") {
      report("tool.defs", `tools[${i}] must be {type: "function", function: {name, description?, parameters}}`);
      return;
    }
    if (fn.parameters !== undefined && !isObj(fn.parameters))
      report("tool.defs", `tools[${i}].function.parameters must be a JSON schema object`);
    names!.add(fn.name);
  });
  return names;
}

function checkMessage(message: unknown, index: number, w: Walk, where = "messages"): void {
  const at = `${where}[${index}]`;
  const { report } = w;
  if (!isObj(message)) {
    report("msg.missing_key", `${at} is ${describe(message)}, expected an object with role and content`);
    return;
  }
  const unknownKeys = Object.keys(message).filter((k) => !KNOWN_MESSAGE_KEYS.has(k));
  if (unknownKeys.length)
    report(
      "msg.unrecognized_key",
      `${at} has unrecognized key${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.join(", ")}`,
    );

  const role = message.role;
  if (!("role" in message)) report("msg.missing_key", `${at} has no \`role\``);
  else if (role === "developer") {
    if (w.ctx.method !== "reinforcement")
      report(
        "msg.unrecognized_role",
        `${at} role "developer" is documented only for reinforcement; use system`,
        "warning",
      );
  } else if (typeof role !== "string" || !CHAT_ROLES.has(role)) {
    report(
      "msg.unrecognized_role",
      `${at} role ${JSON.stringify(role)} is not one of system, user, assistant, tool, function`,
    );
  }
  if (role === "system" || role === "developer") w.hasSystem = true;
  if (role === "user") w.hasUser = true;

  const callsTools = role === "assistant" && ("tool_calls" in message || "function_call" in message);
  if (!("content" in message)) {
    if (!callsTools) report("msg.missing_key", `${at} has no \`content\``);
  } else {
    checkContent(message.content, at, role, callsTools, w);
  }

  if ("weight" in message) {
    if (role !== "assistant")
      report(
        "msg.weight_role",
        `${at} has \`weight\` on role ${JSON.stringify(role)}; only assistant messages carry a weight`,
      );
    else if (message.weight !== 0 && message.weight !== 1)
      report("msg.weight_value", `${at} weight is ${JSON.stringify(message.weight)}, expected 0 or 1`);
  }
  if (role === "assistant") {
    w.assistants++;
    if (message.weight !== 0) w.weightedAssistants++;
    w.lastAssistantContent = message.content;
  }

  if ("tool_calls" in message) checkToolCalls(message.tool_calls, at, role, w);
  if ("function_call" in message) report("tool.deprecated", `${at} uses \`function_call\`; use \`tool_calls\``);
  if (role === "function")
    report("tool.deprecated", `${at} role "function" is deprecated; use role "tool" with tool_call_id`);
  if (role === "tool") {
    const id = message.tool_call_id;
    if (typeof id !== "string" || !w.callIds.has(id)) {
      report("tool.result_link", `${at} tool_call_id ${JSON.stringify(id)} matches no earlier assistant tool call`);
    }
  }
}

function checkContent(content: unknown, at: string, role: unknown, callsTools: boolean, w: Walk): void {
  const { report } = w;
  if (typeof content === "string") {
    if (content.length === 0 && !callsTools) report("msg.missing_content", `${at} content is empty`);
    return;
  }
  if (content === null && callsTools) return;
  if (!Array.isArray(content) || content.length === 0) {
    report(
      "msg.missing_content",
      `${at} content is ${Array.isArray(content) ? "an empty array" : describe(content)}, expected a non-empty string or an array of parts`,
    );
    return;
  }
  let images = 0;
  content.forEach((part, i) => {
    const p = `${at}.content[${i}]`;
    if (isObj(part) && part.type === "text") {
      if (typeof part.text !== "string" || part.text.length === 0)
        report("msg.missing_content", `${p} is a text part without text`);
    } else if (isObj(part) && part.type === "image_url") {
      images++;
      checkImagePart(part, p, w);
    } else {
      report("msg.missing_content", `${p} must be {type: "text", text} or {type: "image_url", image_url: {url}}`);
    }
  });
  if (images === 0) return;
  if (role === "assistant")
    report(
      "vis.no_assistant_images",
      `${at} has ${images} image${images > 1 ? "s" : ""}; images may appear only in user messages`,
    );
  if (w.ctx.model && !w.ctx.model.vision && w.images === 0) {
    report(
      "vis.model",
      `${at} has an image but ${w.ctx.model.name} takes no images (gpt-4o-2024-08-06 and gpt-4.1-2025-04-14 do)`,
    );
  }
  w.images += images;
  if (w.images > MAX_IMAGES_PER_EXAMPLE && w.images - images <= MAX_IMAGES_PER_EXAMPLE) {
    report("vis.limits", `more than ${MAX_IMAGES_PER_EXAMPLE} images in one example`);
  }
}

function checkImagePart(part: Obj, at: string, w: Walk): void {
  const img = part.image_url;
  const url = isObj(img) ? img.url : undefined;
  if (!isObj(img) || typeof url !== "string") {
    w.report("vis.part_shape", `${at} must be {type: "image_url", image_url: {url, detail?}}`);
    return;
  }
  if (img.detail !== undefined && (typeof img.detail !== "string" || !IMAGE_DETAILS.has(img.detail))) {
    w.report("vis.part_shape", `${at} detail ${JSON.stringify(img.detail)} is not low, high or auto`);
  }
  if (url.startsWith("https://")) {
    w.remoteImages++;
  } else if (url.startsWith("data:")) {
    const m = /^data:(image\/[a-z0-9.+-]+);base64,/i.exec(url);
    if (!m) w.report("vis.part_shape", `${at} data URL must be data:image/<type>;base64,...`);
    else checkImageData(m[1].toLowerCase(), url.length - m[0].length, at, w);
  } else {
    w.report("vis.part_shape", `${at} url must be https:// or a data:image/...;base64 URI`);
  }
}

const IMAGE_TYPES = new Set(["image/jpeg", "image/jpg", "image/png", "image/webp"]);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Images that break these are skipped by the service, not fatal: a warning. */
function checkImageData(mime: string, base64Length: number, at: string, w: Walk): void {
  if (!IMAGE_TYPES.has(mime))
    w.report("vis.image_file", `${at} is ${mime}; only JPEG, PNG and WEBP are used (others are skipped)`);
  if ((base64Length * 3) / 4 > MAX_IMAGE_BYTES) w.report("vis.image_file", `${at} is over 10 MB and will be skipped`);
}

function checkToolCalls(calls: unknown, at: string, role: unknown, w: Walk): void {
  const { report } = w;
  if (role !== "assistant") {
    report(
      "tool.call_shape",
      `${at} has tool_calls on role ${JSON.stringify(role)}; only assistant messages call tools`,
    );
    return;
  }
  if (!Array.isArray(calls) || calls.length === 0) {
    report(
      "tool.call_shape",
      `${at} tool_calls is ${Array.isArray(calls) ? "empty" : describe(calls)}, expected a non-empty array`,
    );
    return;
  }
  calls.forEach((call, i) => {
    const p = `${at}.tool_calls[${i}]`;
    const fn = isObj(call) ? call.function : undefined;
    if (
      !isObj(call) ||
      typeof call.id !== "string" ||
      call.type !== "function" ||
      !isObj(fn) ||
      typeof fn.name !== "string" ||
      typeof fn.arguments !== "string"
    ) {
      report("tool.call_shape", `${p} must be {id, type: "function", function: {name, arguments: "<JSON string>"}}`);
      return;
    }
    try {
      JSON.parse(fn.arguments);
    } catch {
      report("tool.call_shape", `${p}.function.arguments is not valid JSON`);
    }
    w.callIds.add(call.id);
    if (w.definedTools === undefined) report("tool.defs", `${p} calls ${fn.name} but the example defines no tools`);
    else if (!w.definedTools.has(fn.name)) report("tool.defs", `${p} calls ${fn.name}, which is not in tools`);
  });
}

function finishExample(w: Walk): void {
  if (w.assistants > 0 && w.weightedAssistants === 0) {
    w.report("ex.all_weight_zero", "every assistant message has weight 0: this example trains nothing");
  }
}
