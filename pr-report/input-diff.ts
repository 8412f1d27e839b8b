// Leaf-level differences between two input values, and the short text a reviewer reads for each
// ("capacity 1 → 2"). Pure; used by the preview report because dynamic resources give the engine no detailed diff.
import { UNKNOWN } from "../resources/shared/unknown";

export interface LeafChange {
  /** Dotted path from the top-level input, e.g. "method.hyperparameters.n_epochs". */
  path: string;
  /** undefined: the value was added. */
  before: unknown;
  /** undefined: the value was removed; UNKNOWN: known only after apply. */
  after: unknown;
}

/** Objects are compared key by key (sorted); arrays and scalars as a whole. */
export function leafChanges(before: unknown, after: unknown, path = ""): LeafChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => leafChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}

/** "n_epochs 3 → 4", "suffix set to v2", "seed removed (was 105)". */
export function describeChange(change: LeafChange): string {
  const name = change.path.split(".").pop() ?? change.path;
  if (change.after === UNKNOWN) return `${name} known after apply`;
  if (change.before === undefined) return `${name} set to ${formatValue(change.after)}`;
  if (change.after === undefined) return `${name} removed (was ${formatValue(change.before)})`;
  return `${name} ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

/** Short, single-line rendering: hashes cut to 8 characters, structures to 60. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") {
    if (value === UNKNOWN) return "(known after apply)";
    if (/^[0-9a-f]{17,}$/i.test(value)) return `${value.slice(0, 8)}…`;
    return value;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
