// validateFile: one streamed pass over a JSONL dataset that hashes the bytes, splits lines, parses them, applies
// the rules and counts tokens (on tokenizer threads when the file is large), with flat memory.

import { isUtf8 } from "node:buffer";
import { hash as oneShotHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { checkExample, type ExampleContext } from "./example-rules";
import { FindingCollector } from "./findings";
import { encodingFor, resolveBaseModel } from "./models";
import { scanFile } from "./scan";
import type { TokenCounts } from "./token-job";
import { TokenPool } from "./token-pool";
import { countExampleTokens, textCounter } from "./tokens";
import type { FileStats, TokenStats, ValidateOptions, ValidationResult } from "./types";

/** The Files API limit; the Uploads API takes more (callers may raise maxFileBytes). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MIN_EXAMPLES = 10;
const SUGGESTED_EXAMPLES = 50;
const COMFORTABLE_EXAMPLES = 100;
const MAX_EXAMPLES_WITH_IMAGES = 50_000;
/** Below this size thread start-up (loading the tokenizer per thread) costs more than it saves. */
const THREADED_TOKENS_MIN_BYTES = 8 * 1024 * 1024;

export interface ScanModes {
  /** Hash the bytes (default true). Off only for benchmarks of the rules alone. */
  hash?: boolean;
  /** Tokenizer threads; 0 counts on the main thread. Default: threads for large files on multi-core machines. */
  threads?: number;
}

export async function validateFile(path: string, options: ValidateOptions & ScanModes): Promise<ValidationResult> {
  const file = path;
  const findings = new FindingCollector(file);
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const size = (await stat(path)).size;
  const model = resolveBaseModel(options.baseModel);
  checkModel(options, model, findings);

  if (size > maxBytes) {
    findings.add(0, "file.size", `file is ${size} bytes; the Files API takes at most ${maxBytes} bytes`);
    const { sha256, bytes } = await scanFile(path, { hash: options.hash !== false });
    return { findings: findings.result(), stats: { file, bytes, sha256, examples: 0 } };
  }

  const wantTokens = options.tokens !== false;
  const encoding = encodingFor(options.baseModel);
  const limit = model?.exampleTokenLimit ?? 65_536;
  const tokens = wantTokens ? newTokenTally(limit, encoding) : undefined;
  const addCounts = (c: Pick<TokenCounts, "lines" | "totals" | "assistants"> | { lines: number[]; totals: number[]; assistants: number[] }) => {
    for (let i = 0; i < c.lines.length; i++) {
      if (tallyExample(tokens!, c.totals[i], c.assistants[i])) {
        findings.add(c.lines[i], "ex.too_long", `example has ${c.totals[i]} tokens; ${options.baseModel} trains on at most ${limit} per example (the rest is cut)`);
      }
    }
  };
  const threads = options.threads ?? (size >= THREADED_TOKENS_MIN_BYTES && availableParallelism() > 1 ? availableParallelism() : 0);
  const pool = wantTokens && threads > 0 ? new TokenPool(addCounts, threads) : undefined;

  const ctx: ExampleContext = { method: options.method, model, graderFields: options.graderFields };
  const data = new DatasetState();
  let lineNo = 1;
  let first = true;

  const handleLine = (line: string, n: number) => {
    if (line.length === 0 || (line.trim() === "")) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      findings.add(n, "file.jsonl", `not valid JSON: ${(err as Error).message}`);
      return;
    }
    data.examples++;
    const summary = checkExample(parsed, ctx, (rule, message, severity) => findings.add(n, rule, message, severity));
    data.addLine(line, n, summary.output, findings);
    if (summary.images > 0) data.withImages++;
    if (summary.remoteImages > 0) data.remoteImages += summary.remoteImages;
    if (tokens && !pool) {
      const counted = countExampleTokens(parsed, options.method, textCounter(encoding));
      if (counted) addCounts({ lines: [n], totals: [counted.total], assistants: [counted.assistant] });
    }
  };

  try {
    const scanned = await scanFile(path, {
      hash: options.hash !== false,
      onRegion: async (raw) => {
        let region = raw;
        if (first) {
          first = false;
          if (region[0] === 0xef && region[1] === 0xbb && region[2] === 0xbf) region = region.subarray(3);
          else findings.add(1, "file.bom", "no UTF-8 BOM; Azure documents fine-tuning JSONL as UTF-8 with BOM (files without one are commonly accepted)");
        }
        const firstLine = lineNo;
        lineNo = forEachLine(region, firstLine, handleLine, (n) => findings.add(n, "file.utf8", "line is not valid UTF-8"));
        if (pool) {
          const copy = new Uint8Array(region.byteLength);
          copy.set(region);
          await pool.submit({ region: copy, firstLine, method: options.method, encoding });
        }
      },
    });
    if (pool) await pool.drain();
    data.finish(options, findings);
    const stats: FileStats = { file, bytes: scanned.bytes, sha256: scanned.sha256, examples: data.examples };
    if (tokens) stats.tokens = finishTally(tokens);
    return { findings: findings.result(), stats };
  } catch (err) {
    if (pool) await pool.drain().catch(() => undefined);
    throw err;
  }
}

/** Calls `handle` for each line of a region of whole lines; returns the next line number. */
function forEachLine(region: Buffer, firstLine: number, handle: (line: string, n: number) => void, badUtf8: (n: number) => void): number {
  let n = firstLine;
  if (isUtf8(region)) {
    const text = region.toString("utf8");
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      handle(text.slice(start, stop), n++);
      start = end + 1;
    }
    return n;
  }
  // Slow path, only for regions holding invalid bytes: find the bad lines one by one.
  let start = 0;
  while (start < region.length) {
    let end = region.indexOf(10, start);
    if (end < 0) end = region.length;
    const bytes = region.subarray(start, end);
    if (isUtf8(bytes)) handle(bytes.toString("utf8").replace(/\r$/, ""), n);
    else badUtf8(n);
    n++;
    start = end + 1;
  }
  return n;
}

function checkModel(options: ValidateOptions, model: ReturnType<typeof resolveBaseModel>, findings: FindingCollector): void {
  if (!model) {
    findings.add(0, "model.unknown", `${options.baseModel} is not in the table of fine-tunable models; token limit and price are guesses`);
    return;
  }
  if (options.method === "dpo" && !model.methods.includes("dpo")) {
    findings.add(0, "dpo.model", `${model.name} does not support DPO (gpt-4o-2024-08-06 and the gpt-4.1 family do)`);
  }
  if (options.method === "reinforcement" && !model.methods.includes("reinforcement")) {
    findings.add(0, "rft.model", `${model.name} does not support reinforcement fine-tuning (o4-mini-2025-04-16 does)`);
  }
  if (options.method === "supervised" && !model.methods.includes("supervised")) {
    findings.add(0, "model.method", `${model.name} does not support supervised fine-tuning (methods: ${model.methods.join(", ")})`);
  }
}

/** Dataset-wide state: counts, duplicate lines, whether every answer is the same. */
class DatasetState {
  examples = 0;
  withImages = 0;
  remoteImages = 0;
  private readonly seen = new Map<number, number>();
  private firstOutput: string | undefined;
  private outputs = 0;
  private allOutputsSame = true;

  addLine(line: string, n: number, output: string | undefined, findings: FindingCollector): void {
    // 48 bits of md5 as a number key: small in memory; a false duplicate needs a collision among ~2^24 lines.
    const key = parseInt(oneShotHash("md5", line, "hex").slice(0, 12), 16);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) findings.add(n, "ds.duplicates", `same example as line ${earlier}`);
    else this.seen.set(key, n);
    if (output !== undefined) {
      if (this.outputs === 0) this.firstOutput = output;
      else if (output !== this.firstOutput) this.allOutputsSame = false;
      this.outputs++;
    }
  }

  finish(options: ValidateOptions, findings: FindingCollector): void {
    if (options.purpose === "training") {
      const n = this.examples;
      if (n < MIN_EXAMPLES) findings.add(0, "file.min_examples", `${n} examples; training needs at least ${MIN_EXAMPLES}`);
      else if (n < SUGGESTED_EXAMPLES) findings.add(0, "file.min_examples", `${n} examples; Azure suggests starting with at least ${SUGGESTED_EXAMPLES}`, "warning");
      else if (n < COMFORTABLE_EXAMPLES) findings.add(0, "file.min_examples", `${n} examples; quality usually improves past ${COMFORTABLE_EXAMPLES}`, "info");
    }
    if (options.method !== "reinforcement" && this.outputs > 1 && this.allOutputsSame) {
      findings.add(0, "ds.identical_outputs", `all ${this.outputs} examples end with the same assistant answer: the model would learn one reply`);
    }
    if (this.withImages > MAX_EXAMPLES_WITH_IMAGES) {
      findings.add(0, "vis.limits", `${this.withImages} examples have images; at most ${MAX_EXAMPLES_WITH_IMAGES} are allowed`);
    }
    if (this.remoteImages > 0) {
      findings.add(0, "vis.skipped_info", `${this.remoteImages} remote image URL(s): they must be publicly reachable; images with people, faces, children or CAPTCHAs are skipped`);
    }
  }
}

interface TokenTally {
  min: number;
  max: number;
  total: number;
  assistant: number;
  billable: number;
  overLimit: number;
  counted: number;
  limit: number;
  encoding: string;
}

function newTokenTally(limit: number, encoding: string): TokenTally {
  return { min: Infinity, max: 0, total: 0, assistant: 0, billable: 0, overLimit: 0, counted: 0, limit, encoding };
}

/** Adds one example; returns true when it is over the limit. */
function tallyExample(t: TokenTally, total: number, assistant: number): boolean {
  t.counted++;
  t.total += total;
  t.assistant += assistant;
  if (total < t.min) t.min = total;
  if (total > t.max) t.max = total;
  t.billable += Math.min(total, t.limit);
  if (total > t.limit) {
    t.overLimit++;
    return true;
  }
  return false;
}

function finishTally(t: TokenTally): TokenStats {
  return {
    min: t.counted ? t.min : 0,
    mean: t.counted ? Math.round((t.total / t.counted) * 10) / 10 : 0,
    max: t.max,
    total: t.total,
    assistant: t.assistant,
    billablePerEpoch: t.billable,
    overLimit: t.overLimit,
    limit: t.limit,
    encoding: t.encoding,
  };
}
