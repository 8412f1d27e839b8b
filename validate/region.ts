// The unit of work of a validation: a region of whole lines (about 1 MB). Decodes, splits, parses, applies the
// per-example rules and counts tokens. Runs on the main thread for small files and on worker threads for large
// ones; the caller merges results in line order (duplicates and identical answers span regions).

import { isUtf8 } from "node:buffer";
import type { BaseModelInfo, Encoding } from "../azure/models";
import { checkExample } from "./example-rules";
import type { RuleId } from "./rules";
import { countExampleTokens, textCounter } from "./tokens";
import type { Method, Severity } from "./types";

export interface RegionContext {
  method: Method;
  model: BaseModelInfo | undefined;
  graderFields?: string[];
  /** Count tokens with this encoding; undefined = rules only. */
  encoding?: Encoding;
}

export interface RegionTask {
  region: Uint8Array;
  firstLine: number;
  ctx: RegionContext;
}

interface LineFinding {
  line: number;
  rule: RuleId;
  severity?: Severity;
  message: string;
}

export interface RegionResult {
  nextLine: number;
  findings: LineFinding[];
  /** Per example, in line order. */
  lines: Int32Array;
  /** textKey of the line (duplicate detection). */
  lineKeys: Float64Array;
  /** textKey of the final answer; NaN when the example has none. */
  outputKeys: Float64Array;
  /** Tokens per example (0 when not counted or not countable). */
  totals: Int32Array;
  assistants: Int32Array;
  withImages: number;
  remoteImages: number;
}

const decoder = new TextDecoder("utf-8");

/**
 * A 53-bit key for duplicate detection (two multiplicative 32-bit lanes, mixed at the end). Not cryptographic:
 * a false duplicate warning needs a collision, about n^2 / 2^54 for n lines. A per-line crypto hash call cost
 * a third of the rules-only time.
 */
export function textKey(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a ^= b >>> 15;
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  return (b >>> 11) * 0x100000000 + (a >>> 0);
}

export function processRegion({ region, firstLine, ctx }: RegionTask): RegionResult {
  const findings: LineFinding[] = [];
  const lines: number[] = [];
  const lineKeys: number[] = [];
  const outputKeys: number[] = [];
  const totals: number[] = [];
  const assistants: number[] = [];
  let withImages = 0;
  let remoteImages = 0;
  const count = ctx.encoding ? textCounter(ctx.encoding) : undefined;

  const handle = (line: string, n: number) => {
    if (line.length === 0 || line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      findings.push({ line: n, rule: "file.jsonl", message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const summary = checkExample(parsed, ctx, (rule, message, severity) =>
      findings.push({ line: n, rule, severity, message }),
    );
    lines.push(n);
    lineKeys.push(textKey(line));
    outputKeys.push(summary.output === undefined ? NaN : textKey(summary.output));
    if (summary.images > 0) withImages++;
    remoteImages += summary.remoteImages;
    const t = count ? countExampleTokens(parsed, ctx.method, count) : undefined;
    totals.push(t?.total ?? 0);
    assistants.push(t?.assistant ?? 0);
  };

  let n = firstLine;
  if (isUtf8(region)) {
    // Decoded line by line: the whole region as one string (1-2 MB) would be a large object, which only a full
    // collection frees, so a thread's heap grew by one per region between them.
    const bytes = Buffer.from(region.buffer, region.byteOffset, region.byteLength);
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end;
      handle(bytes.toString("utf8", start, stop), n++);
      start = end + 1;
    }
  } else {
    // Only regions holding invalid bytes take this path: find the bad lines one by one.
    let start = 0;
    while (start < region.length) {
      let end = region.indexOf(10, start);
      if (end < 0) end = region.length;
      const bytes = region.subarray(start, end);
      if (isUtf8(bytes)) handle(decoder.decode(bytes).replace(/\r$/, ""), n);
      else findings.push({ line: n, rule: "file.utf8", message: "line is not valid UTF-8" });
      n++;
      start = end + 1;
    }
  }
  return {
    nextLine: n,
    findings,
    lines: Int32Array.from(lines),
    lineKeys: Float64Array.from(lineKeys),
    outputKeys: Float64Array.from(outputKeys),
    totals: Int32Array.from(totals),
    assistants: Int32Array.from(assistants),
    withImages,
    remoteImages,
  };
}

/** The typed arrays of a result, to transfer instead of copy. */
export function transferables(r: RegionResult): ArrayBuffer[] {
  return [r.lines, r.lineKeys, r.outputKeys, r.totals, r.assistants].map((a) => a.buffer as ArrayBuffer);
}

/** Lines in a region (the line number after it), without parsing: for the main thread while workers parse. */
export function countLines(region: Uint8Array, firstLine: number): number {
  let n = firstLine;
  let i = -1;
  while ((i = region.indexOf(10, i + 1)) >= 0) n++;
  return region.length > 0 && region[region.length - 1] !== 10 ? n + 1 : n;
}
