// The set of an encoding's tokens that are whole strings, looked up by a slice of a text without making the
// slice: counting asks it once per piece (millions of times per 100 MB), and a Map needs a new string and its
// hash each time. Open addressing over the tokens' UTF-16 code units, about 5 MB for o200k_base.

export interface TokenSet {
  /** Whether text[start, end) is a token. */
  has(text: string, start: number, end: number): boolean;
}

export function tokenSet(tokens: Iterable<string>): TokenSet {
  const keys = [...tokens];
  let units = 0;
  for (const k of keys) units += k.length;
  const codes = new Uint16Array(units);
  const starts = new Int32Array(keys.length + 1);
  let size = 1;
  while (size < keys.length * 2) size <<= 1; // half full: short probe runs
  const mask = size - 1;
  /** Entry index + 1 per slot; 0 = empty. */
  const slots = new Int32Array(size);
  const slotOf = (text: string, start: number, end: number) => {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return (h ^ (h >>> 15)) & mask;
  };
  let o = 0;
  for (let e = 0; e < keys.length; e++) {
    const k = keys[e];
    starts[e] = o;
    for (let i = 0; i < k.length; i++) codes[o++] = k.charCodeAt(i);
    let s = slotOf(k, 0, k.length);
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = e + 1;
  }
  starts[keys.length] = o;
  return {
    has(text, start, end) {
      const length = end - start;
      for (let s = slotOf(text, start, end); ; s = (s + 1) & mask) {
        const e = slots[s];
        if (e === 0) return false;
        const at = starts[e - 1];
        if (starts[e] - at !== length) continue;
        let i = 0;
        while (i < length && codes[at + i] === text.charCodeAt(start + i)) i++;
        if (i === length) return true;
      }
    },
  };
}
