// The byte-pair merge of a piece that is not a token itself, counting the tokens it ends as: the adjacent pair
// of lowest rank merges first (the leftmost on a tie), until no pair is a token. The same steps as gpt-tokenizer's
// bytePairMerge, over the shared tables (token-set.ts) instead of the library's Map, with its one quirk.

import { rankOf, type TokenTables } from "./token-set";

const utf8 = new TextEncoder();
let buffer = new Uint8Array(1024);

/** Tokens of a piece after merging its UTF-8 bytes. */
export function mergedTokenCount(tables: TokenTables, piece: string): number {
  if (buffer.length < piece.length * 3) buffer = new Uint8Array(piece.length * 3);
  const length = utf8.encodeInto(piece, buffer).written;
  const bytes = buffer;
  const rank = (start: number, end: number) => {
    // The library decodes a span that is whole characters before it looks it up, and its decoder drops a leading
    // byte order mark: such a span is looked up without it (the BOM alone is then no token).
    if (
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf &&
      (end === length || (bytes[end] & 0xc0) !== 0x80)
    )
      start += 3;
    const r = start < end ? rankOf(tables, bytes, start, end) : -1;
    return r < 0 ? Number.POSITIVE_INFINITY : r;
  };
  // starts: where each part begins (and the end); ranks[i]: rank of parts i and i + 1 merged.
  const starts: number[] = [];
  const ranks: number[] = [];
  for (let i = 0; i <= length; i++) {
    starts.push(i);
    ranks.push(i < length - 1 ? rank(i, i + 2) : Number.POSITIVE_INFINITY);
  }
  const pairRank = (i: number) => (i + 2 < starts.length ? rank(starts[i], starts[i + 2]) : Number.POSITIVE_INFINITY);
  while (starts.length > 1) {
    let lowest = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let i = 0; i < ranks.length - 1; i++) {
      if (ranks[i] < lowest) {
        lowest = ranks[i];
        at = i;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = pairRank(at);
    if (at > 0) ranks[at - 1] = pairRank(at - 1);
  }
  return starts.length - 1;
}
