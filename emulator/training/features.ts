// Hashed sparse features for predicting the reply token at position t: n-grams of the reply so far (what any
// language model sees), crossed with the conversation (which makes the reply depend on the prompt), and position.
// Each feature names one row of the embedding table; collisions are accepted, as in any hashing trick.

import type { ReplyContext } from "./context";
import { mix } from "./random";

const BOS = 257; // padding before the first reply byte
const GRAM_ORDERS = [1, 2, 3, 4, 5, 7];
const USER_GRAM_ORDERS = [1, 3, 5];
const MAX_ORDER = 7;
export const MAX_FEATURES = 12 + GRAM_ORDERS.length + 2 * 16; // upper bound per position (16 = words kept per message)

// biome-ignore lint/suspicious/noConstEnum: local to this file, so tsc and esbuild inline it; a plain enum would be a lookup in the trainer's hot loop
const enum Kind {
  Bias = 1,
  Gram,
  Position,
  SystemGram,
  UserPosition,
  UserGram,
  PreviousPosition,
  PreviousGram,
  WordGram,
  WordPosition,
}

/**
 * Writes the feature rows for position t of a reply (`reply[0..t)` already known) into `out` and returns how many.
 * `grams` is scratch space of MAX_ORDER + 1 entries.
 */
export function featuresAt(
  ctx: ReplyContext,
  reply: ArrayLike<number>,
  t: number,
  rows: number,
  out: Int32Array,
  grams: Uint32Array,
): number {
  // grams[n] = hash of the last n reply bytes (BOS-padded)
  let g = 0x2545f491;
  grams[0] = g;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const b = t - n >= 0 ? reply[t - n]! : BOS;
    g = mix(g, b);
    grams[n] = g;
  }
  const mask = rows - 1;
  const pos = Math.min(t, 255);
  let k = 0;
  out[k++] = mix(Kind.Bias) & mask;
  for (const n of GRAM_ORDERS) out[k++] = mix(Kind.Gram, n, grams[n]!) & mask;
  out[k++] = mix(Kind.Position, Math.min(t, 63)) & mask;
  out[k++] = mix(Kind.SystemGram, ctx.system, grams[2]!) & mask;
  out[k++] = mix(Kind.UserPosition, ctx.user, pos) & mask;
  for (const n of USER_GRAM_ORDERS) out[k++] = mix(Kind.UserGram, n, ctx.user, grams[n]!) & mask;
  out[k++] = mix(Kind.PreviousPosition, ctx.previous, pos) & mask;
  out[k++] = mix(Kind.PreviousGram, ctx.previous, grams[3]!) & mask;
  for (const w of ctx.words) {
    out[k++] = mix(Kind.WordGram, w, grams[3]!) & mask;
    if (t < 8) out[k++] = mix(Kind.WordPosition, w, t) & mask;
  }
  return k;
}
