// Pure scoring of an evaluation run: exact match and token overlap against the expected answers, and latency.

/** Lower case, no punctuation, single spaces: the usual normalisation for exact match. */
function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Token-level F1 between a reply and the expected answer (SQuAD-style overlap), in [0, 1]. */
function tokenOverlap(reply: string, expected: string): number {
  const got = normalizeAnswer(reply).split(" ").filter(Boolean);
  const want = normalizeAnswer(expected).split(" ").filter(Boolean);
  if (got.length === 0 || want.length === 0) return got.length === want.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const token of want) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of got) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / got.length;
  const recall = common / want.length;
  return (2 * precision * recall) / (precision + recall);
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface EvaluationSample {
  expected: string;
  reply: string;
  latencyMs: number;
  /** The content filter refused the prompt or filtered the completion: scores nothing, counted apart. */
  contentFiltered?: boolean;
}

export interface EvaluationScores {
  examples: number;
  exactMatch: number;
  tokenOverlap: number;
  /** Examples the content filter refused (in `examples`, scoring nothing; not in the latencies). */
  contentFiltered: number;
  latencyMsP50: number;
  latencyMsP95: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function scoreEvaluation(samples: readonly EvaluationSample[]): EvaluationScores {
  const n = samples.length;
  const answered = samples.filter((s) => !s.contentFiltered);
  const exact = answered.filter((s) => normalizeAnswer(s.reply) === normalizeAnswer(s.expected)).length;
  const overlap = answered.reduce((sum, s) => sum + tokenOverlap(s.reply, s.expected), 0);
  const latencies = answered.map((s) => s.latencyMs);
  return {
    examples: n,
    exactMatch: n ? round(exact / n) : 0,
    tokenOverlap: n ? round(overlap / n) : 0,
    contentFiltered: n - answered.length,
    latencyMsP50: round(percentile(latencies, 50), 1),
    latencyMsP95: round(percentile(latencies, 95), 1),
  };
}
