// Validation of a create-job body (pure). Throws invalidPayload naming the parameter; references to files and
// models are checked by the job service, which has the stores.
import {
  describeBounds,
  hyperparametersOf,
  isMethodType,
  METHOD_TYPES,
  METHODS,
  withinBounds,
} from "../../azure/methods";
import {
  DEFAULT_TRAINING_TYPE,
  METADATA_LIMITS,
  NESTED_SUPERVISED_HYPERPARAMETERS_FROM,
  SEED_MAX,
  SUFFIX_PATTERN,
  TRAINING_TYPES,
} from "../azure-facts";
import { invalidPayload } from "../http/errors";
import type { Strictness } from "../strictness";
import type { JobInternal, MethodType } from "./types";

/** What shapes the request is read in: the surface it came in on, and the strictness switches. */
export interface RequestRules {
  surface: "dated" | "v1";
  strict: Strictness;
  /** The dated api-version of the request (absent on v1). */
  apiVersion?: string;
}

export interface JobRequest {
  model: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number | null;
  method: MethodType;
  requested: JobInternal["requested"];
  trainingType: string;
  metadata: Record<string, string> | null;
  integrations: unknown[] | null;
}

type Body = Record<string, unknown>;

export function parseJobRequest(body: unknown, rules: RequestRules): JobRequest {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalidPayload("The request body must be a JSON object.");
  const b = body as Body;
  const model = requiredString(b, "model");
  const trainingFile = requiredString(b, "training_file");
  const validationFile = optionalString(b, "validation_file");
  const suffix = optionalString(b, "suffix");
  if (suffix !== null && !SUFFIX_PATTERN.test(suffix)) {
    throw invalidPayload(`suffix '${suffix}' must be 1 to 40 characters of letters, digits, '_' and '-'.`, "suffix");
  }
  let seed: number | null = null;
  if (b.seed !== undefined && b.seed !== null) {
    if (!Number.isInteger(b.seed) || (b.seed as number) < 0 || (b.seed as number) > SEED_MAX) {
      throw invalidPayload(`seed must be an integer from 0 to ${SEED_MAX}.`, "seed");
    }
    seed = b.seed as number;
  }
  const meta = metadata(b.metadata); // checked on every surface, kept only where the surface defines it
  const dropMetadata = rules.surface === "dated" && rules.strict.datedDropsMetadata;
  return {
    model,
    trainingFile,
    validationFile,
    suffix,
    seed,
    ...requestedHyperparameters(b, rules),
    trainingType: trainingType(b.trainingType),
    metadata: dropMetadata ? null : meta,
    integrations: integrations(b.integrations),
  };
}

function requiredString(b: Body, key: string): string {
  const v = b[key];
  if (typeof v !== "string" || v.length === 0)
    throw invalidPayload(`${key} is required and must be a non-empty string.`, key);
  return v;
}
function optionalString(b: Body, key: string): string | null {
  const v = b[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw invalidPayload(`${key} must be a string.`, key);
  return v;
}

/** The method (supervised unless `method.type` says dpo) and its hyperparameters, each a number or "auto". */
function requestedHyperparameters(
  b: Body,
  rules: RequestRules,
): { method: MethodType; requested: JobInternal["requested"] } {
  let hp: unknown = b.hyperparameters;
  let where = "hyperparameters";
  let method: MethodType = "supervised";
  if (b.method !== undefined && b.method !== null) {
    const m = b.method as Body;
    if (typeof m !== "object" || Array.isArray(m)) throw invalidPayload("method must be an object.", "method");
    if (m.type === "reinforcement")
      throw invalidPayload(
        "method.type 'reinforcement' is not supported by the local service (supervised and dpo only).",
        "method.type",
      );
    if (!isMethodType(m.type))
      throw invalidPayload(`method.type must be ${METHOD_TYPES.map((t) => `'${t}'`).join(" or ")}.`, "method.type");
    method = m.type;
    refuseUnknownKeys(m, ["type", method], "method");
    const inner = m[method] as Body | undefined;
    if (inner !== undefined && inner !== null && (typeof inner !== "object" || Array.isArray(inner))) {
      throw invalidPayload(`method.${method} must be an object.`, `method.${method}`);
    }
    if (inner) refuseUnknownKeys(inner, ["hyperparameters"], `method.${method}`);
    // The dated SupervisedMethodRequest has only `type`: its supervised hyperparameters are the top-level ones.
    // Recorded Azure honours them on 2025-11-15-preview, so the strict reading keeps to the versions before it.
    const ignored =
      METHODS[method].datedPlacement === "top-level" &&
      rules.surface === "dated" &&
      rules.strict.datedIgnoresNestedSupervisedHyperparameters &&
      (rules.apiVersion ?? "") < NESTED_SUPERVISED_HYPERPARAMETERS_FROM;
    if (!ignored && inner?.hyperparameters !== undefined && inner.hyperparameters !== null) {
      hp = inner.hyperparameters;
      where = `method.${method}.hyperparameters`;
    }
  }
  if (hp === undefined || hp === null) return { method, requested: {} };
  if (typeof hp !== "object" || Array.isArray(hp)) throw invalidPayload(`${where} must be an object.`, where);
  // The same names and bounds as the stack config (azure/methods.ts), so both refuse the same values.
  const specs = hyperparametersOf(method);
  const out: Record<string, number | "auto"> = {};
  for (const [key, value] of Object.entries(hp as Body)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) throw invalidPayload(`${where}.${key} is not a supported hyperparameter.`, `${where}.${key}`);
    if ((value === "auto" && spec.auto) || value === undefined) {
      out[key] = "auto";
      continue;
    }
    if (typeof value !== "number" || !withinBounds(spec, value)) {
      throw invalidPayload(`${where}.${key} must be ${describeBounds(spec)}.`, `${where}.${key}`);
    }
    out[key] = value;
  }
  return { method, requested: out as JobInternal["requested"] };
}

function refuseUnknownKeys(o: Body, known: string[], where: string): void {
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw invalidPayload(`${where}.${unknown} is not a known parameter.`, `${where}.${unknown}`);
}

function trainingType(v: unknown): string {
  if (v === undefined || v === null) return DEFAULT_TRAINING_TYPE;
  const canonical = typeof v === "string" ? TRAINING_TYPES[v.toLowerCase()] : undefined;
  if (!canonical) {
    throw invalidPayload(
      `trainingType must be one of ${Object.values(TRAINING_TYPES).join(", ")} (case-insensitive).`,
      "trainingType",
    );
  }
  return canonical;
}

function metadata(v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "object" || Array.isArray(v))
    throw invalidPayload("metadata must be an object of strings.", "metadata");
  const entries = Object.entries(v as Body);
  if (entries.length > METADATA_LIMITS.pairs)
    throw invalidPayload(`metadata may hold at most ${METADATA_LIMITS.pairs} pairs.`, "metadata");
  for (const [k, val] of entries) {
    if (k.length > METADATA_LIMITS.keyLength)
      throw invalidPayload(`metadata key '${k}' is longer than ${METADATA_LIMITS.keyLength}.`, "metadata");
    if (typeof val !== "string" || val.length > METADATA_LIMITS.valueLength) {
      throw invalidPayload(
        `metadata.${k} must be a string of at most ${METADATA_LIMITS.valueLength} characters.`,
        `metadata.${k}`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function integrations(v: unknown): unknown[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw invalidPayload("integrations must be an array.", "integrations");
  return v;
}
