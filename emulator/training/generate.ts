// Reply generation from weights: greedy at temperature 0 (the default), otherwise sampling at that temperature.

import { contextOf, END, promptBytes, VOCAB } from "./context";
import { featuresAt, MAX_FEATURES } from "./features";
import { argmax, asWeights, DIM, hidden, probabilities, ROWS } from "./model";
import { mulberry32 } from "./random";
import type { ChatMessage, GenerateOptions, Generation, ModelWeights } from "./types";

const DEFAULT_MAX_TOKENS = 512;

/** Drops a trailing incomplete UTF-8 sequence (a reply cut by maxTokens) so the text never ends in U+FFFD. */
function completeUtf8(bytes: number[]): Uint8Array {
  let end = bytes.length;
  let i = end - 1;
  while (i >= 0 && (bytes[i]! & 0xc0) === 0x80) i--; // back to the lead byte
  if (i >= 0 && bytes[i]! >= 0xc0) {
    const need = bytes[i]! >= 0xf0 ? 4 : bytes[i]! >= 0xe0 ? 3 : 2;
    if (end - i < need) end = i;
  }
  return Uint8Array.from(bytes.slice(0, end));
}

export function generate(w: ModelWeights, messages: ChatMessage[], o: GenerateOptions = {}): Generation {
  const weights = asWeights(w);
  const maxTokens = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 0)
    throw new RangeError(`maxTokens: must be a non-negative integer, got ${maxTokens}`);
  const temperature = o.temperature ?? 0;
  if (!(temperature >= 0)) throw new RangeError(`temperature: must be >= 0, got ${temperature}`);
  // like the service: a seed makes sampling repeatable; without one, each request samples afresh
  const rand = mulberry32(o.seed ?? Math.floor(Math.random() * 2 ** 32));
  const context = contextOf(messages);
  const features = new Int32Array(MAX_FEATURES);
  const grams = new Uint32Array(8);
  const h = new Float32Array(DIM);
  const p = new Float32Array(VOCAB);
  const reply: number[] = [];
  let finishReason: Generation["finishReason"] = "length";
  while (reply.length < maxTokens) {
    const n = featuresAt(context, reply, reply.length, ROWS, features, grams);
    hidden(weights, features, n, h);
    let next: number;
    if (temperature === 0) {
      probabilities(weights, h, p);
      next = argmax(p);
    } else {
      probabilities(weights, h, p, temperature);
      next = sample(p, rand());
    }
    if (next === END) {
      finishReason = "stop";
      break;
    }
    reply.push(next);
  }
  return {
    text: new TextDecoder().decode(completeUtf8(reply)),
    promptTokens: promptBytes(messages),
    completionTokens: reply.length,
    finishReason,
  };
}

function sample(p: Float32Array, u: number): number {
  let acc = 0;
  for (let v = 0; v < p.length; v++) {
    acc += p[v]!;
    if (u < acc) return v;
  }
  return p.length - 1;
}
