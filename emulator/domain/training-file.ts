// The checks Azure makes on a fine-tuning file, and its parsing into chat examples or DPO preference pairs. Streams the file line by
// line, so size does not matter. Errors name the file, line, key and rule.
import * as fs from "node:fs";
import * as readline from "node:readline";
import { MIN_TRAINING_EXAMPLES } from "../azure-facts";
import type { ChatExample, ChatMessage, PreferenceExample, Role } from "../training";

const ROLES: Role[] = ["system", "user", "assistant", "tool"];

/** A file holds chat examples (supervised) or preference pairs (DPO), never both. */
export type TrainingFormat = "chat" | "preference";
export const FORMAT_NAMES: Record<TrainingFormat, string> = {
  chat: "chat examples ({messages})",
  preference: "preference (DPO) examples ({input, preferred_output, non_preferred_output})",
};

export type LineResult =
  | { ok: true; format: "chat"; example: ChatExample }
  | { ok: true; format: "preference"; example: PreferenceExample }
  | { ok: false; error: string };

type Fail = (key: string | null, rule: string) => { ok: false; error: string };
const PREFERENCE_KEYS = ["input", "preferred_output", "non_preferred_output"];
const INPUT_KEYS = ["messages", "tools", "parallel_tool_calls"];

/**
 * Checks one JSONL line (already without BOM) of a training file: a chat example, or a preference pair when the
 * line has any of input, preferred_output, non_preferred_output (the same shapes validate/ accepts: dpo.keys,
 * dpo.outputs). `tools`/`parallel_tool_calls` of a pair's input are accepted and not used (no tool calls here).
 */
export function checkLine(line: string, where: string): LineResult {
  const fail: Fail = (key, rule) => ({ ok: false, error: `${where}${key ? `, key '${key}'` : ""}: ${rule}` });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return fail(null, `not valid JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail(null, "each line must be a JSON object");
  const obj = value as Record<string, unknown>;
  if (PREFERENCE_KEYS.some((k) => k in obj)) return checkPreference(obj, fail);
  const messages = checkMessages(obj.messages, "messages", fail);
  if (!Array.isArray(messages)) return messages;
  if (!messages.some((m) => m.role === "assistant" && m.weight !== 0 && m.content)) {
    return fail("messages", "needs at least one assistant message with content and weight 1 to train on");
  }
  return { ok: true, format: "chat", example: { messages } };
}

function checkPreference(obj: Record<string, unknown>, fail: Fail): LineResult {
  const missing = PREFERENCE_KEYS.filter((k) => !(k in obj));
  const extra = Object.keys(obj).filter((k) => !PREFERENCE_KEYS.includes(k));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `missing ${missing.join(", ")}` : "",
      extra.length ? `unexpected ${extra.join(", ")}` : "",
    ];
    return fail(
      null,
      `${parts.filter(Boolean).join("; ")}: a preference (DPO) line has exactly input, preferred_output, non_preferred_output`,
    );
  }
  const input = obj.input as Record<string, unknown>;
  if (!input || typeof input !== "object" || Array.isArray(input))
    return fail("input", "must be an object with messages");
  const extraInput = Object.keys(input).filter((k) => !INPUT_KEYS.includes(k));
  if (extraInput.length)
    return fail("input", `has unexpected ${extraInput.join(", ")}; allowed: ${INPUT_KEYS.join(", ")}`);
  const messages = checkMessages(input.messages, "input.messages", fail);
  if (!Array.isArray(messages)) return messages;
  const outputs: ChatMessage[][] = [];
  for (const key of ["preferred_output", "non_preferred_output"]) {
    const out = checkMessages(obj[key], key, fail);
    if (!Array.isArray(out)) return out;
    const wrong = out.find((m) => m.role !== "assistant" && m.role !== "tool");
    if (wrong) return fail(key, `holds role '${wrong.role}'; only assistant and tool messages belong in an output`);
    if (!out.some((m) => m.role === "assistant")) return fail(key, "has no assistant message");
    outputs.push(out);
  }
  return {
    ok: true,
    format: "preference",
    example: { input: { messages }, preferred_output: outputs[0]!, non_preferred_output: outputs[1]! },
  };
}

/** The chat checks of a message list: roles, content, weight (0 or 1, assistant only). */
function checkMessages(messages: unknown, where: string, fail: Fail): ChatMessage[] | { ok: false; error: string } {
  if (!Array.isArray(messages) || messages.length === 0) return fail(where, "must be a non-empty array");
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Record<string, unknown>;
    const key = `${where}[${i}]`;
    if (!m || typeof m !== "object" || Array.isArray(m)) return fail(key, "must be an object");
    if (!ROLES.includes(m.role as Role)) return fail(`${key}.role`, `must be one of ${ROLES.join(", ")}`);
    const content = contentText(m.content);
    if (content === undefined) return fail(`${key}.content`, "must be a string, an array of text parts, or null");
    if (content === null && m.role !== "assistant")
      return fail(`${key}.content`, "may be null only for assistant messages");
    const msg: ChatMessage = { role: m.role as Role, content };
    if ("weight" in m) {
      if (m.role !== "assistant") return fail(`${key}.weight`, "only assistant messages may carry a weight");
      if (m.weight !== 0 && m.weight !== 1)
        return fail(`${key}.weight`, `must be 0 or 1 (got ${JSON.stringify(m.weight)})`);
      msg.weight = m.weight;
    }
    out.push(msg);
  }
  return out;
}

function contentText(c: unknown): string | null | undefined {
  if (c === null || typeof c === "string") return c;
  if (
    Array.isArray(c) &&
    c.every(
      (p) =>
        p &&
        typeof p === "object" &&
        (p as { type?: unknown }).type === "text" &&
        typeof (p as { text?: unknown }).text === "string",
    )
  ) {
    return c.map((p) => (p as { text: string }).text).join("");
  }
  return undefined;
}

export type FileCheck =
  | { ok: true; format: "chat"; examples: ChatExample[] }
  | { ok: true; format: "preference"; examples: PreferenceExample[] }
  | { ok: false; error: string };

/** Reads and checks a whole training file (UTF-8, BOM allowed); all its lines are of one format (the first line's). */
export async function readTrainingFile(path: string, filename: string, keepExamples = true): Promise<FileCheck> {
  const lines = readline.createInterface({
    input: fs.createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Infinity,
  });
  const examples: Array<ChatExample | PreferenceExample> = [];
  let format: { kind: TrainingFormat; line: number } | undefined;
  let lineNo = 0;
  let count = 0;
  try {
    for await (let line of lines) {
      lineNo++;
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() === "") continue;
      const r = checkLine(line, `${filename} line ${lineNo}`);
      if (!r.ok) return r;
      format ??= { kind: r.format, line: lineNo };
      if (r.format !== format.kind) {
        return {
          ok: false,
          error: `${filename} line ${lineNo}: holds ${FORMAT_NAMES[r.format]} but line ${format.line} holds ${FORMAT_NAMES[format.kind]}; a file holds one format`,
        };
      }
      count++;
      if (keepExamples) examples.push(r.example);
    }
  } finally {
    lines.close();
  }
  if (count < MIN_TRAINING_EXAMPLES) {
    return { ok: false, error: `${filename}: has ${count} examples; at least ${MIN_TRAINING_EXAMPLES} are required` };
  }
  return format?.kind === "preference"
    ? { ok: true, format: "preference", examples: examples as PreferenceExample[] }
    : { ok: true, format: "chat", examples: examples as ChatExample[] };
}
