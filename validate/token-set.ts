// Tables of an encoding's tokens, built once from gpt-tokenizer and shared with the validation threads (typed
// arrays over SharedArrayBuffers), so a thread needs neither the library nor its tables (about 70 MB and a
// second of CPU per thread). Two open-addressing hash tables, half full:
// - the tokens that are whole strings, by UTF-16 code units: counting asks once per piece, with a slice of a
//   text it does not have to make (a Map needs a new string and its hash each time);
// - every token's bytes and rank, for the byte-pair merge of a piece that is not a token itself.

export interface KeyTable<Units extends Uint8Array | Uint16Array> {
  /** Every key's units, one after another. */
  units: Units;
  /** Key i is units[starts[i], starts[i + 1]). */
  starts: Int32Array;
  /** Key index + 1 per slot; 0 = empty. */
  slots: Int32Array;
}

export interface TokenTables {
  strings: KeyTable<Uint16Array>;
  bytes: KeyTable<Uint8Array>;
  /** Rank of each key of `bytes`. */
  ranks: Int32Array;
}

const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 8));

type Units = ArrayLike<number>;

function slotOf(key: Units, start: number, end: number, mask: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ key[i], 0x01000193);
  return (h ^ (h >>> 15)) & mask;
}

function slotOfText(text: string, start: number, end: number, mask: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & mask;
}

/** An empty table for `count` keys of `total` units; keys are then written in order with `add`. */
function newTable<U extends Uint8Array | Uint16Array>(
  count: number,
  units: U,
): KeyTable<U> & { add(write: (units: U, at: number) => number): void } {
  const starts = new Int32Array(shared((count + 1) * 4));
  let size = 1;
  while (size < count * 2) size <<= 1;
  const slots = new Int32Array(shared(size * 4));
  let keys = 0;
  let end = 0;
  return {
    units,
    starts,
    slots,
    // Written straight into the shared arrays: 200,000 small arrays first would cost tens of MB at peak.
    add(write) {
      const at = end;
      end += write(units, at);
      starts[keys] = at;
      starts[++keys] = end;
      let s = slotOf(units, at, end, size - 1);
      while (slots[s] !== 0) s = (s + 1) & (size - 1);
      slots[s] = keys;
    },
  };
}

/** The tables of a library's rank decoder (index = rank; a string token or the bytes of one). */
export function buildTokenTables(decoder: ArrayLike<string | number[] | undefined>): TokenTables {
  let strings = 0;
  let stringUnits = 0;
  let tokens = 0;
  let bytes = 0;
  for (let rank = 0; rank < decoder.length; rank++) {
    const token = decoder[rank];
    if (token === undefined) continue;
    tokens++;
    if (typeof token === "string") {
      strings++;
      stringUnits += token.length;
      bytes += Buffer.byteLength(token, "utf8");
    } else bytes += token.length;
  }
  const stringTable = newTable(strings, new Uint16Array(shared(stringUnits * 2), 0, stringUnits));
  const byteTable = newTable(tokens, new Uint8Array(shared(bytes), 0, bytes));
  const ranks = new Int32Array(shared(tokens * 4));
  const utf8 = new TextEncoder();
  let k = 0;
  for (let rank = 0; rank < decoder.length; rank++) {
    const token = decoder[rank];
    if (token === undefined) continue;
    ranks[k++] = rank;
    if (typeof token === "string") {
      stringTable.add((units, at) => {
        for (let i = 0; i < token.length; i++) units[at + i] = token.charCodeAt(i);
        return token.length;
      });
      byteTable.add((units, at) => utf8.encodeInto(token, units.subarray(at)).written);
    } else {
      byteTable.add((units, at) => {
        units.set(token, at);
        return token.length;
      });
    }
  }
  return {
    strings: { units: stringTable.units, starts: stringTable.starts, slots: stringTable.slots },
    bytes: { units: byteTable.units, starts: byteTable.starts, slots: byteTable.slots },
    ranks,
  };
}

/** Whether text[start, end) is a string token. */
export function hasToken(
  { units, starts, slots }: KeyTable<Uint16Array>,
  text: string,
  start: number,
  end: number,
): boolean {
  const mask = slots.length - 1;
  const length = end - start;
  for (let s = slotOfText(text, start, end, mask); ; s = (s + 1) & mask) {
    const e = slots[s];
    if (e === 0) return false;
    const at = starts[e - 1];
    if (starts[e] - at !== length) continue;
    let i = 0;
    while (i < length && units[at + i] === text.charCodeAt(start + i)) i++;
    if (i === length) return true;
  }
}

/** Rank of the token with bytes key[start, end), or -1. */
export function rankOf(tables: TokenTables, key: Uint8Array, start: number, end: number): number {
  const { units, starts, slots } = tables.bytes;
  const mask = slots.length - 1;
  const length = end - start;
  for (let s = slotOf(key, start, end, mask); ; s = (s + 1) & mask) {
    const e = slots[s];
    if (e === 0) return -1;
    const at = starts[e - 1];
    if (starts[e] - at !== length) continue;
    let i = 0;
    while (i < length && units[at + i] === key[start + i]) i++;
    if (i === length) return tables.ranks[e - 1];
  }
}
