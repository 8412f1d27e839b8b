// Champion and challenger: a new model replaces the live one only if its held-out scores pass the gate against
// the live model's on the same set. Pure.
import type { EvaluationScores } from "./evaluation-score";

export type GateMetric = "exactMatch" | "tokenOverlap";

export interface ChampionGate {
  /** The score compared (default token overlap). */
  metric: GateMetric;
  /** new - live must be at least this (0: at least as good). */
  minImprovementOverLive?: number;
  /** live - new may be at most this (a tolerated loss). */
  maxRegression?: number;
  /** At most this many examples of the new model refused by the content filter. */
  maxContentFiltered?: number;
}

export interface Contender {
  deploymentName: string;
  model: string;
  scores: EvaluationScores;
}

const METRIC_WORDS: Record<GateMetric, string> = { exactMatch: "exact match", tokenOverlap: "token overlap" };
const fmt = (x: number) => String(Number(x.toFixed(4)));

/** "token overlap 0.0123 (new: clippy-1a2b3c4d) vs 0.0891 (live: clippy-9f8e7d6c)" */
export function describeContest(metric: GateMetric, candidate: Contender, live: Contender): string {
  const filtered = (c: Contender) =>
    c.scores.contentFiltered > 0 ? `, ${c.scores.contentFiltered} refused by the content filter` : "";
  return (
    `${METRIC_WORDS[metric]} ${fmt(candidate.scores[metric])} (new: ${candidate.deploymentName}${filtered(candidate)}) vs ${fmt(live.scores[metric])} (live: ${live.deploymentName}${filtered(live)}); ` +
    `exact match ${fmt(candidate.scores.exactMatch)} vs ${fmt(live.scores.exactMatch)}, token overlap ${fmt(candidate.scores.tokenOverlap)} vs ${fmt(live.scores.tokenOverlap)}`
  );
}

/** The reasons the new model may not replace the live one; empty when it passes. */
export function gateFailures(gate: ChampionGate, candidate: Contender, live: Contender): string[] {
  const difference = candidate.scores[gate.metric] - live.scores[gate.metric];
  const words = METRIC_WORDS[gate.metric];
  const out: string[] = [];
  // Scores are rounded to 4 digits; compare at that precision so equal scores pass a 0 threshold.
  const below = (x: number, limit: number) => Math.round(x * 1e4) < Math.round(limit * 1e4);
  if (gate.minImprovementOverLive !== undefined && below(difference, gate.minImprovementOverLive)) {
    out.push(
      `${words} changes by ${fmt(difference)}, less than minImprovementOverLive ${fmt(gate.minImprovementOverLive)}`,
    );
  }
  if (gate.maxRegression !== undefined && below(gate.maxRegression, -difference)) {
    out.push(`${words} falls by ${fmt(-difference)}, more than maxRegression ${fmt(gate.maxRegression)}`);
  }
  if (gate.maxContentFiltered !== undefined && candidate.scores.contentFiltered > gate.maxContentFiltered) {
    out.push(
      `${candidate.scores.contentFiltered} examples refused by the content filter, more than maxContentFiltered ${gate.maxContentFiltered}`,
    );
  }
  return out;
}
