// The catalogue of training methods and their hyperparameters, stated once (pure). The stack config's schema,
// the training identity, the job's create body, the estimate and the local service's request check are all
// derived from it, so a new hyperparameter is one edit here and cannot be sent without being part of what
// decides a retrain. Reinforcement has dataset rules (validate/) but is not trained by this project: no entry.

export interface HyperparameterSpec {
  type: "int" | "number";
  min: number;
  /** A rate of 0 means "do not train": the bound itself is refused. */
  minExclusive: boolean;
  max: number;
  /**
   * Whether the upper bound is documented. An undocumented one is a guess: the local service (strict) refuses
   * values above it, the program does not, so it stays right if Azure allows more.
   */
  maxDocumented: boolean;
  /** "auto" lets the service choose (it resolves the value once the job runs). */
  auto: boolean;
  /** Part of the training identity: changing it trains a new model. */
  identity: boolean;
}

interface MethodSpec {
  hyperparameters: Record<string, HyperparameterSpec>;
  /**
   * Where the dated surface (2025-04-01-preview) takes them: its SupervisedMethodRequest has only `type`, so
   * supervised ones go in the top-level `hyperparameters`; DpoMethodConfigRequest has `dpo.hyperparameters`.
   * The v1 surface always takes `method.<type>.hyperparameters`.
   */
  datedPlacement: "top-level" | "method";
}

// Bounds: OpenAI's documented ranges (n_epochs, batch_size); the upper bounds of the rates, beta and
// l2_multiplier are guesses (maxDocumented: false) that only the local service enforces (emulator/README.md,
// "Differences from Azure").
const SHARED = {
  n_epochs: { type: "int", min: 1, minExclusive: false, max: 50, maxDocumented: true, auto: true, identity: true },
  batch_size: { type: "int", min: 1, minExclusive: false, max: 256, maxDocumented: true, auto: true, identity: true },
  learning_rate_multiplier: {
    type: "number",
    min: 0,
    minExclusive: true,
    max: 10,
    maxDocumented: false,
    auto: true,
    identity: true,
  },
} as const satisfies Record<string, HyperparameterSpec>;

export const METHODS = {
  supervised: { hyperparameters: SHARED, datedPlacement: "top-level" },
  dpo: {
    hyperparameters: {
      ...SHARED,
      /** How far DPO pulls away from the reference model. */
      beta: { type: "number", min: 0, minExclusive: true, max: 2, maxDocumented: false, auto: true, identity: true },
      l2_multiplier: {
        type: "number",
        min: 0,
        minExclusive: false,
        max: 10,
        maxDocumented: false,
        auto: true,
        identity: true,
      },
    },
    datedPlacement: "method",
  },
} as const satisfies Record<string, MethodSpec>;

export type MethodType = keyof typeof METHODS;
export type HyperparameterName<M extends MethodType = MethodType> = keyof (typeof METHODS)[M]["hyperparameters"] &
  string;

export const METHOD_TYPES = Object.keys(METHODS) as MethodType[];

export function isMethodType(value: unknown): value is MethodType {
  return typeof value === "string" && Object.hasOwn(METHODS, value);
}

/** The hyperparameters a method takes, name -> spec, in catalogue order. */
export function hyperparametersOf(method: MethodType): Record<string, HyperparameterSpec> {
  return METHODS[method].hyperparameters;
}

/** The names whose change retrains the model. */
export function identityHyperparameters(method: MethodType): string[] {
  return Object.entries(hyperparametersOf(method)).flatMap(([name, spec]) => (spec.identity ? [name] : []));
}

/** Whether a value is a number the spec allows, every bound included ("auto" is the caller's concern). */
export function withinBounds(spec: HyperparameterSpec, value: number): boolean {
  if (!Number.isFinite(value) || (spec.type === "int" && !Number.isInteger(value))) return false;
  const aboveMin = spec.minExclusive ? value > spec.min : value >= spec.min;
  return aboveMin && value <= spec.max;
}

/** The rule in words, for error messages: `an integer from 1 to 50 or "auto"`, `a number above 0 and at most 10 or "auto"`. */
export function describeBounds(spec: HyperparameterSpec): string {
  const kind = spec.type === "int" ? "an integer" : "a number";
  const range = spec.minExclusive ? `above ${spec.min} and at most ${spec.max}` : `from ${spec.min} to ${spec.max}`;
  return `${kind} ${range}${spec.auto ? ' or "auto"' : ""}`;
}

/**
 * What "auto" epochs resolve to for n training examples (OpenAI's data-prep heuristic): 3, but at least enough
 * to see ~100 examples and at most ~25,000 example passes. The estimate and the local service both use it.
 */
export function autoEpochs(examples: number): number {
  const minTarget = 100;
  const maxTarget = 25_000;
  if (examples <= 0) return 3;
  if (examples * 3 < minTarget) return Math.min(25, Math.floor(minTarget / examples));
  if (examples * 3 > maxTarget) return Math.max(1, Math.floor(maxTarget / examples));
  return 3;
}
