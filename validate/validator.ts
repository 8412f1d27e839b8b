// validateFile: one streamed pass over a JSONL dataset. The main thread reads and hashes the bytes and cuts them
// into regions of whole lines; each region is parsed, checked and tokenized (on worker threads when the file is
// large); results are merged in line order for the dataset-wide rules. Memory stays flat.

import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { encodingFor, resolveBaseModel } from "../azure/models";
import { FindingCollector } from "./findings";
import { LineKeySet } from "./line-key-set";
import { countLines, processRegion, type RegionContext, type RegionResult } from "./region";
import { scanFile } from "./scan";
import type { FileStats, TokenStats, ValidateOptions, ValidationResult } from "./types";
import { defaultPoolSize, regionBatch } from "./worker-pool";

/** The Files API limit; the Uploads API takes more (callers may raise maxFileBytes). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MIN_EXAMPLES = 10;
const SUGGESTED_EXAMPLES = 50;
const COMFORTABLE_EXAMPLES = 100;
const MAX_EXAMPLES_WITH_IMAGES = 50_000;
/** Below this size starting threads costs more than it saves. */
const THREADED_MIN_BYTES = 8 * 1024 * 1024;

export interface ScanModes {
  /** Hash the bytes (default true). Off only for benchmarks of the rules alone. */
  hash?: boolean;
  /** Worker threads; 0 = all on the main thread. Default: threads for large files with tokens on multi-core machines. */
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
    const api = maxBytes > MAX_FILE_BYTES ? "the Uploads API" : "the Files API";
    findings.add(0, "file.size", `file is ${size} bytes; ${api} takes at most ${maxBytes} bytes`);
    const { sha256, bytes } = await scanFile(path, { hash: options.hash !== false });
    return { findings: findings.result(), stats: { file, bytes, sha256, examples: 0 } };
  }

  const wantTokens = options.tokens !== false;
  const ctx: RegionContext = {
    method: options.method,
    model,
    graderFields: options.graderFields,
    encoding: wantTokens ? encodingFor(options.baseModel) : undefined,
  };
  const limit = model?.exampleTokenLimit ?? 65_536;
  const data = new DatasetState(findings, limit, options.baseModel);
  const defaultThreads = wantTokens && size >= THREADED_MIN_BYTES && availableParallelism() > 1 ? defaultPoolSize() : 0;
  const threads = options.threads ?? defaultThreads;
  const batch = threads > 0 ? regionBatch(threads, (r) => data.add(r)) : undefined;
  let lineNo = 1;
  let first = true;

  try {
    const scanned = await scanFile(path, {
      hash: options.hash !== false,
      onRegion: async (raw) => {
        let region = raw;
        if (first) {
          first = false;
          if (region[0] === 0xef && region[1] === 0xbb && region[2] === 0xbf) region = region.subarray(3);
          else
            findings.add(
              1,
              "file.bom",
              "no UTF-8 BOM; Azure documents fine-tuning JSONL as UTF-8 with BOM (files without one are commonly accepted)",
            );
        }
        const firstLine = lineNo;
        if (batch) {
          lineNo = countLines(region, firstLine);
          await batch.submit({ region, firstLine, ctx }); // copied: the scan reuses its buffer
        } else {
          const result = processRegion({ region, firstLine, ctx });
          lineNo = result.nextLine;
          data.add(result);
        }
      },
    });
    if (batch) await batch.done();
    data.finish(options);
    const stats: FileStats = { file, bytes: scanned.bytes, sha256: scanned.sha256, examples: data.examples };
    if (wantTokens) stats.tokens = data.tokenStats(ctx.encoding!);
    return { findings: findings.result(), stats };
  } catch (err) {
    if (batch) await batch.done().catch(() => undefined);
    throw err;
  }
}

function checkModel(
  options: ValidateOptions,
  model: ReturnType<typeof resolveBaseModel>,
  findings: FindingCollector,
): void {
  if (!model) {
    findings.add(
      0,
      "model.unknown",
      `${options.baseModel} is not in the table of fine-tunable models; token limit and price are guesses`,
    );
    return;
  }
  if (options.method === "dpo" && !model.methods.includes("dpo")) {
    findings.add(0, "dpo.model", `${model.name} does not support DPO (gpt-4o-2024-08-06 and the gpt-4.1 family do)`);
  }
  if (options.method === "reinforcement" && !model.methods.includes("reinforcement")) {
    findings.add(0, "rft.model", `${model.name} does not support reinforcement fine-tuning (o4-mini-2025-04-16 does)`);
  }
  if (options.method === "supervised" && !model.methods.includes("supervised")) {
    findings.add(
      0,
      "model.method",
      `${model.name} does not support supervised fine-tuning (methods: ${model.methods.join(", ")})`,
    );
  }
}

/** Dataset-wide state, fed region results in line order. */
class DatasetState {
  examples = 0;
  private withImages = 0;
  private remoteImages = 0;
  /** Line-text key -> first line: duplicate detection (a number per example keeps this small). */
  private readonly seen = new LineKeySet();
  private firstOutput = NaN;
  private outputs = 0;
  private allOutputsSame = true;
  private tokens = { min: Infinity, max: 0, total: 0, assistant: 0, billable: 0, overLimit: 0 };

  constructor(
    private readonly findings: FindingCollector,
    private readonly limit: number,
    private readonly modelName: string,
  ) {}

  add(r: RegionResult): void {
    for (const f of r.findings) this.findings.add(f.line, f.rule, f.message, f.severity);
    this.withImages += r.withImages;
    this.remoteImages += r.remoteImages;
    const t = this.tokens;
    for (let i = 0; i < r.lines.length; i++) {
      const line = r.lines[i];
      this.examples++;
      const earlier = this.seen.firstLine(r.lineKeys[i], line);
      if (earlier !== undefined) this.findings.add(line, "ds.duplicates", `same example as line ${earlier}`);
      const out = r.outputKeys[i];
      if (!Number.isNaN(out)) {
        if (this.outputs === 0) this.firstOutput = out;
        else if (out !== this.firstOutput) this.allOutputsSame = false;
        this.outputs++;
      }
      const total = r.totals[i];
      t.total += total;
      t.assistant += r.assistants[i];
      if (total < t.min) t.min = total;
      if (total > t.max) t.max = total;
      t.billable += Math.min(total, this.limit);
      if (total > this.limit) {
        t.overLimit++;
        this.findings.add(
          line,
          "ex.too_long",
          `example has ${total} tokens; ${this.modelName} trains on at most ${this.limit} per example (the rest is cut)`,
        );
      }
    }
  }

  finish(options: ValidateOptions): void {
    const findings = this.findings;
    if (options.purpose === "training") {
      const n = this.examples;
      if (n < MIN_EXAMPLES)
        findings.add(0, "file.min_examples", `${n} examples; training needs at least ${MIN_EXAMPLES}`);
      else if (n < SUGGESTED_EXAMPLES)
        findings.add(
          0,
          "file.min_examples",
          `${n} examples; Azure suggests starting with at least ${SUGGESTED_EXAMPLES}`,
          "warning",
        );
      else if (n < COMFORTABLE_EXAMPLES)
        findings.add(
          0,
          "file.min_examples",
          `${n} examples; quality usually improves past ${COMFORTABLE_EXAMPLES}`,
          "info",
        );
    }
    if (options.method !== "reinforcement" && this.outputs > 1 && this.allOutputsSame) {
      findings.add(
        0,
        "ds.identical_outputs",
        `all ${this.outputs} examples end with the same assistant answer: the model would learn one reply`,
      );
    }
    if (this.withImages > MAX_EXAMPLES_WITH_IMAGES) {
      findings.add(
        0,
        "vis.limits",
        `${this.withImages} examples have images; at most ${MAX_EXAMPLES_WITH_IMAGES} are allowed`,
      );
    }
    if (this.remoteImages > 0) {
      findings.add(
        0,
        "vis.skipped_info",
        `${this.remoteImages} remote image URL(s): they must be publicly reachable; images with people, faces, children or CAPTCHAs are skipped`,
      );
    }
  }

  tokenStats(encoding: string): TokenStats {
    const t = this.tokens;
    const n = this.examples;
    return {
      min: n ? t.min : 0,
      mean: n ? Math.round((t.total / n) * 10) / 10 : 0,
      max: t.max,
      total: t.total,
      assistant: t.assistant,
      billablePerEpoch: t.billable,
      overLimit: t.overLimit,
      limit: this.limit,
      encoding,
    };
  }
}
