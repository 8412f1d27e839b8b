// The checks Azure makes on a fine-tuning file, and its parsing into chat examples. Streams the file line by
// line, so size does not matter. Errors name the file, line, key and rule.
import * as fs from "node:fs";
import * as readline from "node:readline";
import type { ChatExample, ChatMessage, Role } from "../training";
import { MIN_TRAINING_EXAMPLES } from "../azure-facts";

const ROLES: Role[] = ["system", "user", "assistant", "tool"];

export type LineResult = { ok: true; example: ChatExample } | { ok: false; error: string };

/** Checks one JSONL line (already without BOM) of a chat-format training file. */
export function checkLine(line: string, where: string): LineResult {
  const fail = (key: string | null, rule: string): LineResult =>
    ({ ok: false, error: `${where}${key ? `, key '${key}'` : ""}: ${rule}` });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return fail(null, `not valid JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail(null, "each line must be a JSON object");
  const obj = value as Record<string, unknown>;
  if ("preferred_output" in obj || "non_preferred_output" in obj) {
    return fail(null, "preference (DPO) examples are not supported by the local service");
  }
  const messages = obj.messages;
  if (!Array.isArray(messages) || messages.length === 0) return fail("messages", "must be a non-empty array");
  const out: ChatMessage[] = [];
  let trainable = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Record<string, unknown>;
    const key = `messages[${i}]`;
    if (!m || typeof m !== "object" || Array.isArray(m)) return fail(key, "must be an object");
    if (!ROLES.includes(m.role as Role)) return fail(`${key}.role`, `must be one of ${ROLES.join(", ")}`);
    const content = contentText(m.content);
    if (content === undefined) return fail(`${key}.content`, "must be a string, an array of text parts, or null");
    if (content === null && m.role !== "assistant") return fail(`${key}.content`, "may be null only for assistant messages");
    const msg: ChatMessage = { role: m.role as Role, content };
    if ("weight" in m) {
      if (m.role !== "assistant") return fail(`${key}.weight`, "only assistant messages may carry a weight");
      if (m.weight !== 0 && m.weight !== 1) return fail(`${key}.weight`, `must be 0 or 1 (got ${JSON.stringify(m.weight)})`);
      msg.weight = m.weight;
    }
    if (msg.role === "assistant" && msg.weight !== 0 && msg.content) trainable++;
    out.push(msg);
  }
  if (trainable === 0) return fail("messages", "needs at least one assistant message with content and weight 1 to train on");
  return { ok: true, example: { messages: out } };
}

function contentText(c: unknown): string | null | undefined {
  if (c === null || typeof c === "string") return c;
  if (Array.isArray(c) && c.every((p) => p && typeof p === "object" && (p as { type?: unknown }).type === "text"
    && typeof (p as { text?: unknown }).text === "string")) {
    return c.map((p) => (p as { text: string }).text).join("");
  }
  return undefined;
}

export type FileCheck = { ok: true; examples: ChatExample[] } | { ok: false; error: string };

/** Reads and checks a whole training file (UTF-8, BOM allowed). */
export async function readTrainingFile(path: string, filename: string, keepExamples = true): Promise<FileCheck> {
  const lines = readline.createInterface({ input: fs.createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  const examples: ChatExample[] = [];
  let lineNo = 0;
  let count = 0;
  try {
    for await (let line of lines) {
      lineNo++;
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() === "") continue;
      const r = checkLine(line, `${filename} line ${lineNo}`);
      if (!r.ok) return r;
      count++;
      if (keepExamples) examples.push(r.example);
    }
  } finally {
    lines.close();
  }
  if (count < MIN_TRAINING_EXAMPLES) {
    return { ok: false, error: `${filename}: has ${count} examples; at least ${MIN_TRAINING_EXAMPLES} are required` };
  }
  return { ok: true, examples };
}
