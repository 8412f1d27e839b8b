// Fault injection for tests: per-route rules with rates of 429, 5xx and dropped connections, plus latency.
// Decisions come from a seeded generator so a run can be repeated.
import { mulberry32 } from "../training/random";

export interface FaultRule {
  route?: string;
  method?: string;
  rate429?: number;
  retryAfterSeconds?: number;
  rate5xx?: number;
  dropRate?: number;
  latencyMs?: number;
  /** Fire at most this many times (then the rule only adds latency): one failed part, say. */
  times?: number;
}
export interface FaultConfig {
  rules: FaultRule[];
  seed?: number;
}
export type FaultDecision =
  | { kind: "none"; latencyMs: number }
  | { kind: "429"; latencyMs: number; retryAfterSeconds: number }
  | { kind: "5xx"; latencyMs: number; status: 500 | 503 }
  | { kind: "drop"; latencyMs: number };

export class Faults {
  private rules: Array<FaultRule & { pattern: RegExp | null; fired: number }> = [];
  private next = mulberry32(1);

  constructor(config?: FaultConfig) {
    this.set(config ?? { rules: [] });
  }

  /** Replaces the rules; throws a message naming the bad rule. */
  set(config: FaultConfig): void {
    if (!config || !Array.isArray(config.rules)) throw new Error("faults: 'rules' must be an array");
    this.rules = config.rules.map((r, i) => {
      for (const k of ["rate429", "rate5xx", "dropRate"] as const) {
        const v = r[k];
        if (v !== undefined && !(typeof v === "number" && v >= 0 && v <= 1))
          throw new Error(`faults: rules[${i}].${k} must be a number from 0 to 1`);
      }
      for (const k of ["latencyMs", "retryAfterSeconds", "times"] as const) {
        const v = r[k];
        if (v !== undefined && !(typeof v === "number" && v >= 0))
          throw new Error(`faults: rules[${i}].${k} must be a non-negative number`);
      }
      let pattern: RegExp | null = null;
      if (r.route !== undefined) {
        try {
          pattern = new RegExp(r.route);
        } catch {
          throw new Error(`faults: rules[${i}].route is not a valid regular expression`);
        }
      }
      return { ...r, pattern, fired: 0 };
    });
    // Seed 0 is taken as 1, so that a test or campaign that recorded seed 0 replays the same faults.
    this.next = mulberry32((config.seed ?? 1) >>> 0 || 1);
  }

  get config(): FaultConfig {
    return { rules: this.rules.map(({ pattern: _p, fired: _f, ...r }) => r) };
  }

  decide(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    for (const r of this.rules) {
      if (r.pattern && !r.pattern.test(path)) continue;
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      latencyMs += r.latencyMs ?? 0;
      if (r.times !== undefined && r.fired >= r.times) continue;
      const fire = <T>(decision: T): T => (r.fired++, decision);
      if (r.dropRate && this.next() < r.dropRate) return fire({ kind: "drop", latencyMs });
      if (r.rate429 && this.next() < r.rate429)
        return fire({ kind: "429", latencyMs, retryAfterSeconds: r.retryAfterSeconds ?? 1 });
      if (r.rate5xx && this.next() < r.rate5xx)
        return fire({ kind: "5xx", latencyMs, status: this.next() < 0.5 ? 500 : 503 });
    }
    return { kind: "none", latencyMs };
  }
}
