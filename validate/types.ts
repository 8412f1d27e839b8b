// Shared shapes of the validator: findings, options and per-file statistics.
import type { Method } from "../azure/models";

export type { Method };

export type Severity = "error" | "warning" | "info";
export type Purpose = "training" | "validation";

/** One problem in one file. `line` is 1-based; 0 means the whole file (size, counts, model). */
export interface Finding {
  file: string;
  line: number;
  rule: string;
  severity: Severity;
  message: string;
}

export interface ValidateOptions {
  purpose: Purpose;
  method: Method;
  baseModel: string;
  /** Count tokens (default true). Off gives rules only. */
  tokens?: boolean;
  /** Files API limit by default; callers using the Uploads API may raise it. */
  maxFileBytes?: number;
  /** Fields a reinforcement grader reads as {{item.x}}; lines missing one get rft.grader_fields. */
  graderFields?: string[];
}

export interface TokenStats {
  min: number;
  mean: number;
  max: number;
  total: number;
  /** Tokens in assistant messages (for DPO: in the preferred output). */
  assistant: number;
  /** Σ min(limit, tokens of example): what one epoch bills. */
  billablePerEpoch: number;
  /** Examples longer than the model's per-example limit (truncated by the service). */
  overLimit: number;
  limit: number;
  encoding: string;
}

export interface FileStats {
  file: string;
  bytes: number;
  sha256: string;
  examples: number;
  /** Present when tokens were counted. */
  tokens?: TokenStats;
}

export interface ValidationResult {
  findings: Finding[];
  stats: FileStats;
}
