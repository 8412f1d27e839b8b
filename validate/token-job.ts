// Tokens of every example in a region of whole lines: the unit of work of a tokenizer thread (or of the main
// thread for small files). Lines that fail to parse are skipped: the rules report them.

import type { Encoding } from "./models";
import { countExampleTokens, textCounter } from "./tokens";
import type { Method } from "./types";

export interface TokenTask {
  region: Uint8Array;
  firstLine: number;
  method: Method;
  encoding: Encoding;
}

export interface TokenCounts {
  lines: Int32Array;
  totals: Int32Array;
  assistants: Int32Array;
}

const decoder = new TextDecoder("utf-8");

export function countRegion(task: TokenTask): TokenCounts {
  const count = textCounter(task.encoding);
  const text = decoder.decode(task.region);
  const lines: number[] = [];
  const totals: number[] = [];
  const assistants: number[] = [];
  let lineNo = task.firstLine;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      const n = parsed === undefined ? undefined : countExampleTokens(parsed, task.method, count);
      if (n) {
        lines.push(lineNo);
        totals.push(n.total);
        assistants.push(n.assistant);
      }
    }
    lineNo++;
    start = end + 1;
  }
  return { lines: Int32Array.from(lines), totals: Int32Array.from(totals), assistants: Int32Array.from(assistants) };
}
