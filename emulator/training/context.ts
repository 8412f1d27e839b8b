// Turns chat examples into what the model sees: for every trained assistant message, the conversation before it
// (summarised as hashes of the system text, the last user message, the message before that, and the user's words)
// and the reply's bytes. Bytes are the trainer's token unit; END marks the end of a reply.

import type { ChatExample, ChatMessage, PreferenceExample } from "./types";

export const END = 256;
export const VOCAB = 257;

export interface ReplyContext {
  system: number; // hash of all system text
  user: number; // hash of the last user message (normalised)
  previous: number; // hash of the message before that user message (e.g. an earlier assistant turn), 0 if none
  words: number[]; // hashes of the distinct content words of the last user message
}

export interface Segment {
  context: ReplyContext;
  target: Uint8Array /* reply bytes, END not included */;
}

const encoder = new TextEncoder();
const MAX_WORDS = 16;

/** FNV-1a over UTF-16 code units; stable across platforms. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function contentWords(text: string): number[] {
  const words = new Set(normalise(text).match(/[\p{L}\p{N}]+/gu) ?? []);
  return [...words]
    .filter((w) => w.length >= 3)
    .slice(0, MAX_WORDS)
    .map(hashString);
}

/** Summarises the conversation that precedes a reply. */
export function contextOf(messages: readonly ChatMessage[]): ReplyContext {
  // "developer" is the newer name of the system role; the chat route may pass it through
  const system = messages
    .filter((m) => m.role === "system" || (m.role as string) === "developer")
    .map((m) => m.content ?? "")
    .join("\n");
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]!.role === "user") {
      lastUser = i;
      break;
    }
  const userText = lastUser >= 0 ? (messages[lastUser]!.content ?? "") : "";
  const before = lastUser > 0 ? messages[lastUser - 1]! : undefined;
  const previousText =
    before && before.role !== "system" && (before.role as string) !== "developer" ? (before.content ?? "") : "";
  return {
    system: hashString(normalise(system)),
    user: hashString(normalise(userText)),
    previous: previousText ? hashString(normalise(previousText)) : 0,
    words: contentWords(userText),
  };
}

function replyBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Trained replies of one example: assistant messages whose weight is not 0 (missing weight means 1). */
export function segmentsOf(example: ChatExample): Segment[] {
  const out: Segment[] = [];
  example.messages.forEach((m, i) => {
    if (m.role !== "assistant" || m.weight === 0 || m.content == null) return;
    out.push({ context: contextOf(example.messages.slice(0, i)), target: replyBytes(m.content) });
  });
  return out;
}

/** A DPO pair as the model sees it: one context, the preferred reply's bytes and the non-preferred reply's bytes. */
export interface PairSegments {
  context: ReplyContext;
  chosen: Uint8Array;
  rejected: Uint8Array;
}

/** The reply an output stands for: the text of its assistant messages (tool messages are not generated), joined by newlines. */
function outputText(output: readonly ChatMessage[]): string {
  return output
    .filter((m) => m.role === "assistant" && m.content != null)
    .map((m) => m.content)
    .join("\n");
}

export function pairOf(example: PreferenceExample): PairSegments {
  return {
    context: contextOf(example.input.messages),
    chosen: replyBytes(outputText(example.preferred_output)),
    rejected: replyBytes(outputText(example.non_preferred_output)),
  };
}

/** Prompt size in the trainer's unit (UTF-8 bytes of every message's content). */
export function promptBytes(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + (m.content ? encoder.encode(m.content).length : 0), 0);
}
