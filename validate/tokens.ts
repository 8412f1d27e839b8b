// Token counting per training example, with the cookbook's chat formula: 3 tokens per message, the tokens of its
// string fields, 1 per `name`, 3 to prime the reply. Tool definitions, tool calls and images add what the cookbook
// leaves out (an image is counted at low detail, 85 tokens): the totals are estimates, as the cookbook says.

import type { Encoding } from "../azure/models";
import { mergedTokenCount } from "./byte-pair";
import { buildTokenTables, hasToken, type TokenTables } from "./token-set";
import { regexPieceEnd, splitParams } from "./token-split";
import type { Method } from "./types";

export type CountText = (text: string) => number;

export interface ExampleTokens {
  total: number;
  assistant: number;
}

const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
const LOW_DETAIL_IMAGE_TOKENS = 85;

/** The parts of gpt-tokenizer's encoding object the counter uses (its byte-pair core is not in its typings). */
interface EncodingApi {
  bytePairEncodingCoreProcessor: {
    /** Index = rank: the token's text, or its bytes when they are not UTF-8. */
    bytePairRankDecoder: (string | number[] | undefined)[];
  };
}

const tables = new Map<Encoding, TokenTables>();

/** The shared tables of an encoding: built here from the library on first use (a quarter of a second or more). */
export function tokenTables(encoding: Encoding): TokenTables {
  let t = tables.get(encoding);
  if (!t) {
    const api: EncodingApi = (
      encoding === "o200k_base"
        ? require("gpt-tokenizer/cjs/encoding/o200k_base")
        : require("gpt-tokenizer/cjs/encoding/cl100k_base")
    ).default;
    t = buildTokenTables(api.bytePairEncodingCoreProcessor.bytePairRankDecoder);
    tables.set(encoding, t);
  }
  return t;
}

/** Tables another thread built (a validation thread gets them with its first region). */
export function useTokenTables(encoding: Encoding, shared: TokenTables): void {
  if (!tables.has(encoding)) tables.set(encoding, shared);
}

// The library's split regexes (a small module of its own, without the rank tables).
const SPLIT: Record<Encoding, RegExp> = (() => {
  const c: {
    O200K_TOKEN_SPLIT_REGEX: RegExp;
    CL100K_TOKEN_SPLIT_REGEX: RegExp;
  } = require("gpt-tokenizer/cjs/encodingParams/constants");
  return { o200k_base: c.O200K_TOKEN_SPLIT_REGEX, cl100k_base: c.CL100K_TOKEN_SPLIT_REGEX };
})();

const loaded = new Map<Encoding, CountText>();
/** Merged pieces (not tokens themselves) repeat across a file; bounded so memory stays flat. */
const MERGE_MEMO_MAX = 50_000;

/**
 * A counter for an encoding; special-token text in data counts as ordinary text, never throws. Equal to
 * gpt-tokenizer's `countTokens(text, { disallowedSpecial: new Set() })` (tested), without its per-call work, with
 * the split regex replaced by a scanner (token-split.ts) and its tables by shared ones (token-set.ts): a piece
 * that is a token counts 1, any other is merged (byte-pair.ts).
 */
export function textCounter(encoding: Encoding): CountText {
  let counter = loaded.get(encoding);
  if (!counter) {
    const t = tokenTables(encoding);
    const { pieceEnd, sticky } = splitParams(encoding, SPLIT[encoding]);
    let merged = new Map<string, number>();
    const merge = (piece: string) => {
      let n = merged.get(piece);
      if (n === undefined) {
        n = mergedTokenCount(t, piece);
        if (merged.size >= MERGE_MEMO_MAX) merged = new Map();
        merged.set(piece, n);
      }
      return n;
    };
    counter = (text: string) => {
      let n = 0;
      let p = 0;
      while (p < text.length) {
        let end = pieceEnd(text, p);
        if (end < 0) end = regexPieceEnd(sticky, text, p);
        n += hasToken(t.strings, text, p, end) ? 1 : merge(text.slice(p, end));
        p = end;
      }
      return n;
    };
    loaded.set(encoding, counter);
  }
  return counter;
}

// Datasets repeat roles, names and usually one system prompt on every line: those are counted once. User and
// assistant text is almost always unique, so it skips the memo (hashing it would cost without paying back).
// Bounded by total characters so memory stays flat.
const MEMO_MAX_STRING = 8192;
const MEMO_MAX_CHARS = 2_000_000;
const memos = new WeakMap<CountText, CountText>();

function repeatedCounter(count: CountText): CountText {
  let memoized = memos.get(count);
  if (memoized) return memoized;
  let memo = new Map<string, number>();
  let chars = 0;
  memoized = (text: string) => {
    if (text.length > MEMO_MAX_STRING) return count(text);
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const n = count(text);
    if (chars + text.length > MEMO_MAX_CHARS) {
      memo = new Map();
      chars = 0;
    }
    memo.set(text, n);
    chars += text.length;
    return n;
  };
  memos.set(count, memoized);
  return memoized;
}

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function contentTokens(content: unknown, count: CountText): number {
  if (typeof content === "string") return count(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const part of content) {
    if (!isObj(part)) continue;
    if (part.type === "text" && typeof part.text === "string") n += count(part.text);
    else if (part.type === "image_url") n += LOW_DETAIL_IMAGE_TOKENS;
  }
  return n;
}

function messageTokens(message: unknown, count: CountText): number {
  if (!isObj(message)) return 0;
  const repeated = repeatedCounter(count);
  const role = message.role;
  let n = TOKENS_PER_MESSAGE;
  for (const key in message) {
    const value = message[key];
    if (key === "content") n += contentTokens(value, role === "system" || role === "developer" ? repeated : count);
    else if (key === "role" || key === "name") {
      if (typeof value === "string") n += repeated(value) + (key === "name" ? TOKENS_PER_NAME : 0);
    } else if (key === "tool_calls" && Array.isArray(value)) {
      for (const call of value) {
        const fn = isObj(call) && isObj(call.function) ? call.function : undefined;
        if (fn) n += repeated(String(fn.name ?? "")) + count(String(fn.arguments ?? ""));
      }
    } else if (key === "function_call" && isObj(value)) {
      n += repeated(String(value.name ?? "")) + count(String(value.arguments ?? ""));
    } else if (typeof value === "string") {
      n += count(value);
    }
  }
  return n;
}

function messagesTokens(messages: unknown, count: CountText): ExampleTokens {
  let total = 0;
  let assistant = 0;
  if (Array.isArray(messages)) {
    for (const m of messages) {
      const n = messageTokens(m, count);
      total += n;
      if (isObj(m) && m.role === "assistant") assistant += n - TOKENS_PER_MESSAGE;
    }
  }
  return { total, assistant };
}

function toolsTokens(tools: unknown, count: CountText): number {
  return Array.isArray(tools) && tools.length > 0 ? repeatedCounter(count)(JSON.stringify(tools)) : 0;
}

/** Tokens of one parsed example, or undefined when it has no shape to count. */
export function countExampleTokens(example: unknown, method: Method, count: CountText): ExampleTokens | undefined {
  if (!isObj(example)) return undefined;
  if (method === "dpo") {
    const input = isObj(example.input) ? example.input : undefined;
    if (!input) return undefined;
    const prompt = messagesTokens(input.messages, count);
    const preferred = messagesTokens(example.preferred_output, count);
    const rejected = messagesTokens(example.non_preferred_output, count);
    return {
      total: prompt.total + preferred.total + rejected.total + toolsTokens(input.tools, count) + REPLY_PRIMING,
      assistant: preferred.assistant,
    };
  }
  if (!Array.isArray(example.messages)) return undefined;
  const chat = messagesTokens(example.messages, count);
  const tools = toolsTokens(example.tools, count) + toolsTokens(example.functions, count);
  return { total: chat.total + tools + REPLY_PRIMING, assistant: method === "reinforcement" ? 0 : chat.assistant };
}
