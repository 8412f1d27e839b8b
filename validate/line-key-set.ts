// The first line of each distinct example, by its 53-bit text key (region.ts textKey): duplicate detection over a
// whole file. An open-addressing table of two typed arrays, 12 bytes a slot: a Map of number keys costs about 45
// bytes an entry on the heap (its entry, the key's HeapNumber), about 40 MB for the 800,000 examples of 1 GB.

const MIN_SLOTS = 1 << 12;

export class LineKeySet {
  private keys = new Float64Array(MIN_SLOTS);
  /** Line per slot; 0 = empty (lines count from 1). */
  private lines = new Int32Array(MIN_SLOTS);
  private count = 0;

  /** The line `key` was first seen on; or undefined, and `line` is recorded as its first. */
  firstLine(key: number, line: number): number | undefined {
    if (!(line >= 1)) throw new Error(`line numbers start at 1, got ${line}`);
    const s = this.slotOf(key);
    if (this.lines[s] !== 0) return this.lines[s];
    this.keys[s] = key;
    this.lines[s] = line;
    if (++this.count * 4 > this.lines.length * 3) this.grow();
    return undefined;
  }

  private slotOf(key: number): number {
    const mask = this.lines.length - 1;
    // The key's low 32 bits are already mixed (textKey ends with a finalizer).
    let s = (key >>> 0) & mask;
    while (this.lines[s] !== 0 && this.keys[s] !== key) s = (s + 1) & mask;
    return s;
  }

  private grow(): void {
    const keys = this.keys;
    const lines = this.lines;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Int32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      const s = this.slotOf(keys[i]);
      this.keys[s] = keys[i];
      this.lines[s] = lines[i];
    }
  }
}
