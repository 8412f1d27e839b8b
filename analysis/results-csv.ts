// Parses a fine-tuning job's results.csv (Foundry / Azure OpenAI, purpose `fine-tune-results`) into typed
// rows, and derives the final metrics and epoch boundaries a report or a promotion gate needs.
// Pure: no I/O. Columns are matched by header name, so their order and any extra columns do not matter.

export interface ResultRow {
  step: number;
  trainLoss?: number;
  trainTokenAccuracy?: number;
  validLoss?: number;
  validTokenAccuracy?: number;
  /** Only present on the last step of an epoch (full pass over the validation file). */
  fullValidLoss?: number;
  fullValidTokenAccuracy?: number;
}

export interface FinalMetrics {
  /** The last step number in the file. */
  steps: number;
  /** Number of epoch boundaries found (see epochBoundaries). */
  epochs: number;
  /** Last non-empty train_loss (per-batch, so noisier than validation). */
  finalTrainLoss: number;
  /** Last non-empty train_mean_token_accuracy. */
  finalTrainTokenAccuracy: number;
  /** Last non-empty valid_loss (a validation batch), absent without a validation file. */
  finalValidLoss?: number;
  /** Last non-empty validation_mean_token_accuracy / valid_mean_token_accuracy. */
  finalValidTokenAccuracy?: number;
  /** Last non-empty full_valid_loss: the whole validation file at the last epoch end. The best number to gate on. */
  fullValidLoss?: number;
  fullValidTokenAccuracy?: number;
}

type MetricKey = Exclude<keyof ResultRow, "step">;

// Header spellings seen in the wild: Azure's docs, Azure's metrics objects, and OpenAI's own files.
const COLUMN_ALIASES: Record<string, MetricKey> = {
  train_loss: "trainLoss",
  train_mean_token_accuracy: "trainTokenAccuracy",
  train_accuracy: "trainTokenAccuracy",
  valid_loss: "validLoss",
  validation_loss: "validLoss",
  validation_mean_token_accuracy: "validTokenAccuracy",
  valid_mean_token_accuracy: "validTokenAccuracy",
  valid_accuracy: "validTokenAccuracy",
  full_valid_loss: "fullValidLoss",
  full_valid_mean_token_accuracy: "fullValidTokenAccuracy",
};

export class ResultsCsvError extends Error {
  constructor(file: string, line: number, column: string, rule: string, detail: string) {
    super(`${file}:${line}: column "${column}": ${rule}: ${detail}`);
    this.name = "ResultsCsvError";
  }
}

/**
 * Parses results.csv text. Empty cells (and "nan") are missing values, never 0.
 * The file is sometimes delivered base64-encoded; that is detected and decoded.
 * Throws ResultsCsvError naming the file, line and column for anything it cannot read.
 */
export function parseResultsCsv(text: string, file = "results.csv"): ResultRow[] {
  const lines = maybeBase64(text.replace(/^\uFEFF/, "")).split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim().toLowerCase());
  const stepIndex = header.indexOf("step");
  if (stepIndex < 0) throw new ResultsCsvError(file, 1, "step", "missing-column", `header is "${lines[0] ?? ""}"`);
  const metricColumns = header
    .map((name, index) => ({ name, index, key: COLUMN_ALIASES[name] }))
    .filter((c): c is { name: string; index: number; key: MetricKey } => c.key !== undefined);

  const rows: ResultRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    if (lines[i]!.trim() === "") continue;
    const cells = splitCsvLine(lines[i]!);
    const step = readNumber(cells[stepIndex], file, lineNo, "step");
    if (step === undefined || !Number.isInteger(step) || step < 0) {
      throw new ResultsCsvError(
        file,
        lineNo,
        "step",
        "not-a-step",
        `"${cells[stepIndex] ?? ""}" is not a non-negative integer`,
      );
    }
    const previous = rows[rows.length - 1];
    if (previous && step <= previous.step) {
      throw new ResultsCsvError(file, lineNo, "step", "not-increasing", `step ${step} follows step ${previous.step}`);
    }
    const row: ResultRow = { step };
    for (const column of metricColumns) {
      const value = readNumber(cells[column.index], file, lineNo, column.name);
      if (value !== undefined) row[column.key] = value;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Steps at which an epoch ends. Foundry writes full_valid_* only on the last step of each epoch, so those rows
 * are the boundaries. Without a validation file there are none; then `stepsPerEpoch` (ceil(examples / batch
 * size), from the job's hyperparameters) gives multiples of it up to the last step.
 */
export function epochBoundaries(rows: readonly ResultRow[], stepsPerEpoch?: number): number[] {
  const marked = rows
    .filter((r) => r.fullValidLoss !== undefined || r.fullValidTokenAccuracy !== undefined)
    .map((r) => r.step);
  if (marked.length > 0 || !stepsPerEpoch || stepsPerEpoch <= 0) return marked;
  const lastStep = rows[rows.length - 1]?.step ?? 0;
  const boundaries: number[] = [];
  for (let step = stepsPerEpoch; step <= lastStep; step += stepsPerEpoch) boundaries.push(step);
  return boundaries;
}

/**
 * Steps per epoch from the job's resolved n_epochs, for results.csv without validation rows: every epoch runs
 * ceil(examples / batch size) steps, so the last step is a multiple of n_epochs. Undefined when it is not (or
 * n_epochs is unknown): no boundaries then, rather than wrong ones.
 */
export function stepsPerEpochFrom(rows: readonly ResultRow[], nEpochs: unknown): number | undefined {
  const lastStep = rows[rows.length - 1]?.step ?? 0;
  const epochs = Number(nEpochs);
  if (!Number.isInteger(epochs) || epochs <= 0 || lastStep <= 0 || lastStep % epochs !== 0) return undefined;
  return lastStep / epochs;
}

/** The figures a report prints and a promotion gate compares; definitions are on FinalMetrics. */
export function finalMetrics(rows: readonly ResultRow[], stepsPerEpoch?: number): FinalMetrics {
  const last = rows[rows.length - 1];
  if (!last) throw new Error("results.csv has no data rows");
  const finalTrainLoss = lastPresent(rows, "trainLoss");
  const finalTrainTokenAccuracy = lastPresent(rows, "trainTokenAccuracy");
  if (finalTrainLoss === undefined || finalTrainTokenAccuracy === undefined) {
    throw new Error("results.csv has no train_loss / train_mean_token_accuracy values");
  }
  const metrics: FinalMetrics = {
    steps: last.step,
    epochs: epochBoundaries(rows, stepsPerEpoch).length,
    finalTrainLoss,
    finalTrainTokenAccuracy,
  };
  const optional: [keyof FinalMetrics, MetricKey][] = [
    ["finalValidLoss", "validLoss"],
    ["finalValidTokenAccuracy", "validTokenAccuracy"],
    ["fullValidLoss", "fullValidLoss"],
    ["fullValidTokenAccuracy", "fullValidTokenAccuracy"],
  ];
  for (const [target, source] of optional) {
    const value = lastPresent(rows, source);
    if (value !== undefined) (metrics as unknown as Record<string, number>)[target] = value;
  }
  return metrics;
}

function lastPresent(rows: readonly ResultRow[], key: MetricKey): number | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const value = rows[i]![key];
    if (value !== undefined) return value;
  }
  return undefined;
}

function readNumber(cell: string | undefined, file: string, line: number, column: string): number | undefined {
  const text = (cell ?? "").trim();
  if (text === "" || /^nan$/i.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new ResultsCsvError(file, line, column, "not-a-number", `"${text}" is not a number`);
  return value;
}

// Numbers never contain commas, but a writer may still quote cells; strip the quotes.
function splitCsvLine(line: string): string[] {
  return line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

function maybeBase64(text: string): string {
  const compact = text.trim();
  if (compact.includes(",") || !/^[A-Za-z0-9+/=\s]+$/.test(compact)) return text;
  const decoded = Buffer.from(compact, "base64")
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  return /^\s*"?step"?\s*,/i.test(decoded) ? decoded : text;
}
