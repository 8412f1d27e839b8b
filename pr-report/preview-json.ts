// Reads `pulumi preview --json` (the CLI's PreviewDigest: {config, steps[], diagnostics[], changeSummary}) into
// the few facts the PR report needs. Every resource type and property name the report depends on is named
// here, so renaming one in resources/ is a one-line change in this file.
import { MODEL_COMPONENT_TYPES, RESOURCE_TYPE_NAMES } from "../resources/shared/type-tokens";

/** Suffixes of the resource type tokens (`pulumi-nodejs:dynamic/foundry:FineTuningJob`, `foundry:index:...`). */
const RESOURCE_TYPES = {
  job: RESOURCE_TYPE_NAMES.job,
  file: RESOURCE_TYPE_NAMES.file,
  deployment: RESOURCE_TYPE_NAMES.deployment,
} as const;

/** The components that parent one model's resources (program/model-component.ts): their names are the models'. */
const MODEL_COMPONENTS: readonly string[] = Object.values(MODEL_COMPONENT_TYPES);

/** Input property names, per resource. */
const PROPS = {
  job: {
    modelName: "modelName",
    baseModel: "baseModel",
    estimate: "estimate",
    findings: "findings",
    method: "method",
    reuse: "reuse",
  },
  file: { path: "path", sha256: "sha256", examples: "examples", findings: "findings" },
  /** `name` is the configured name; `deploymentName` the name on the service (an output, or an input in older shapes). */
  deployment: {
    name: "name",
    physicalName: "deploymentName",
    sku: "sku",
    model: "model",
    modelName: "modelName",
    checkpointRule: "checkpointRule",
    checkpointReason: "checkpointReason",
    hosting: "hosting",
  },
  /** The Evaluation resource (a type of its own, grouped with its model by this input). */
  evaluation: { type: "Evaluation", modelName: "modelName" },
} as const;

/** A job's inputs that point at a dataset: a change to any of them reads "training data changed (train.jsonl)". */
export const DATA_INPUTS: Record<string, { data: "training" | "validation"; sha256Key: string }> = {
  trainingFileId: { data: "training", sha256Key: "trainingFileSha256" },
  trainingFileSha256: { data: "training", sha256Key: "trainingFileSha256" },
  validationFileId: { data: "validation", sha256Key: "validationFileSha256" },
  validationFileSha256: { data: "validation", sha256Key: "validationFileSha256" },
};

/**
 * Inputs that never explain a change: derived reports (estimate, findings), bookkeeping (urn, the serialized
 * provider), a job's status echoed into its deployment (it follows the job, which is reported itself), and the
 * outputs a deployment's check states so that a preview knows them (resources/model-deployment/provider.ts).
 */
export const DERIVED_INPUTS = new Set([
  "__provider",
  "urn",
  "estimate",
  "findings",
  "jobStatus",
  "jobEstimatedFinish",
  "checkpointRule",
  "checkpointReason",
  "deploysBestCheckpoint",
  "hosting",
  "challenge",
  "challengeOutcome",
  "deploymentName",
  "endpoint",
  "provisioningState",
]);

type Kind = keyof typeof RESOURCE_TYPES | "model" | "other";
/** A step's ops collapsed into one verb: a replacement is several steps in the engine but one change here. */
type Action = "same" | "create" | "update" | "replace" | "delete" | "read" | "refresh" | "import" | string;

export type Inputs = Record<string, unknown>;

export interface ResourceChange {
  urn: string;
  name: string;
  type: string;
  kind: Kind;
  action: Action;
  oldInputs?: Inputs;
  newInputs?: Inputs;
  /** The resource's outputs in state before this change (a job's metrics, an evaluation's scores). */
  oldOutputs?: Inputs;
  /** Top-level keys the engine says cause the change (replaceReasons, diffReasons, detailedDiff). Often empty for dynamic resources. */
  reasonKeys: string[];
  /** Input key -> URNs its value came from (newState.propertyDependencies), e.g. trainingFileId -> the TrainingFile. */
  propertyDependencies: Record<string, string[]>;
  dependencies: string[];
  /** The parent's URN; a model component's for the resources of one model (stacks made before them: none). */
  parent?: string;
}

export interface Diagnostic {
  urn?: string;
  /** The resource's name, from the urn. */
  resource?: string;
  severity: string;
  /** The message without the CLI's "error: " and check-failure preamble. */
  message: string;
  /** The message as the CLI printed it. */
  raw: string;
}

export interface StackPreview {
  stack: string;
  resources: ResourceChange[];
  diagnostics: Diagnostic[];
  changeSummary: Record<string, number>;
  /** Resources (the stack itself not counted) the engine leaves as they are, listed in steps[] or not. */
  unchanged: number;
  /** An error diagnostic means the preview failed (e.g. a dataset broke a rule in check). */
  failed: boolean;
  /**
   * The stack's outputs before the update, when known: what unchanged resources (which `pulumi preview --json`
   * does not list) still cost, e.g. the hosting of a deployment the change leaves alone.
   */
  outputs?: Record<string, unknown>;
}

export interface JobView {
  modelName: string;
  baseModel?: string;
  estimate?: Estimate;
  findings: Finding[];
  method?: { type?: string; hyperparameters?: Record<string, unknown> };
  /** The succeeded job of the account this create or retrain reuses instead of training (check found it). */
  reuse?: { jobId: string; trainedAt?: string };
}

export interface Estimate {
  examples?: number;
  trainingTokens?: number;
  billedTokens?: number;
  epochs?: number;
  epochsEstimated?: boolean;
  estimatedCostUsd?: number;
  currency?: string;
  priceDate?: string;
}

export interface Finding {
  file: string;
  line?: number;
  rule: string;
  severity: string;
  message: string;
}

export interface FileView {
  path?: string;
  sha256?: string;
  examples?: number;
  findings: Finding[];
}

export interface DeploymentView {
  deploymentName?: string;
  skuName?: unknown;
  capacity?: unknown;
  model?: unknown;
  modelName?: string;
  /** A deployed checkpoint's rule (known before training) and why it chose this one (after training; may be UNKNOWN). */
  checkpointRule?: string;
  checkpointReason?: unknown;
  /** Hosting fee from the price table, as the program priced it (resources/model-deployment/contract.ts). */
  hosting?: { perHourUsd?: number; perMonthUsd?: number; priceDate?: string; baseModel?: string };
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const REPLACE_OPS = new Set([
  "replace",
  "create-replacement",
  "delete-replaced",
  "discard-replaced",
  "import-replacement",
]);

/** Parses one stack's preview document (the object, or its JSON text). */
export function parsePreviewJson(document: unknown, stackName?: string): StackPreview {
  const digest = (typeof document === "string" ? JSON.parse(document) : document) as Record<string, unknown> | null;
  if (!digest || typeof digest !== "object" || !Array.isArray(digest.steps)) {
    throw new Error("not a `pulumi preview --json` document: it has no steps[]");
  }
  const byUrn = new Map<string, RawStep[]>();
  for (const step of digest.steps as RawStep[]) {
    if (!step || typeof step.urn !== "string") continue;
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  const all = [...byUrn.entries()].map(([urn, steps]) => collapse(urn, steps));
  const resources = all.filter((r) => r.type !== STACK_TYPE);
  const changeSummary = (digest.changeSummary as Record<string, number> | undefined) ?? {};
  // Components are bookkeeping, not resources on the service: they are not counted as unchanged resources.
  const bookkeepingSame = all.filter(
    (r) => (r.type === STACK_TYPE || r.kind === "model") && r.action === "same",
  ).length;
  const diagnostics = ((digest.diagnostics as RawDiagnostic[] | undefined) ?? []).map(parseDiagnostic);
  const firstUrn = byUrn.keys().next().value;
  const stackOutputs = (digest.steps as RawStep[]).find((step) => step?.oldState?.type === STACK_TYPE)?.oldState
    ?.outputs as Record<string, unknown> | undefined;
  return {
    stack: stackName ?? (firstUrn ? urnParts(firstUrn).stack : "unknown"),
    resources,
    diagnostics,
    changeSummary,
    unchanged: Math.max(0, (changeSummary.same ?? 0) - bookkeepingSame),
    failed: diagnostics.some((d) => d.severity === "error"),
    ...(stackOutputs ? { outputs: stackOutputs } : {}),
  };
}

export function jobView(inputs: Inputs | undefined, fallbackName: string): JobView {
  const p = PROPS.job;
  const i = inputs ?? {};
  return {
    modelName: typeof i[p.modelName] === "string" ? (i[p.modelName] as string) : fallbackName,
    baseModel: typeof i[p.baseModel] === "string" ? (i[p.baseModel] as string) : undefined,
    estimate: isObject(i[p.estimate]) ? (i[p.estimate] as Estimate) : undefined,
    findings: findingsOf(i[p.findings]),
    method: isObject(i[p.method]) ? (i[p.method] as JobView["method"]) : undefined,
    reuse:
      isObject(i[p.reuse]) && typeof (i[p.reuse] as { jobId?: unknown }).jobId === "string"
        ? (i[p.reuse] as JobView["reuse"])
        : undefined,
  };
}

export function fileView(inputs: Inputs | undefined): FileView {
  const p = PROPS.file;
  const i = inputs ?? {};
  return {
    path: typeof i[p.path] === "string" ? (i[p.path] as string) : undefined,
    sha256: typeof i[p.sha256] === "string" ? (i[p.sha256] as string) : undefined,
    examples: typeof i[p.examples] === "number" ? (i[p.examples] as number) : undefined,
    findings: findingsOf(i[p.findings]),
  };
}

export function deploymentView(inputs: Inputs | undefined): DeploymentView {
  const p = PROPS.deployment;
  const i = inputs ?? {};
  const sku = isObject(i[p.sku]) ? (i[p.sku] as Record<string, unknown>) : {};
  const name = i[p.name] ?? i[p.physicalName];
  return {
    deploymentName: typeof name === "string" ? name : undefined,
    skuName: sku.name,
    capacity: sku.capacity,
    model: i[p.model],
    modelName: typeof i[p.modelName] === "string" ? (i[p.modelName] as string) : undefined,
    checkpointRule: typeof i[p.checkpointRule] === "string" ? (i[p.checkpointRule] as string) : undefined,
    checkpointReason: i[p.checkpointReason],
    ...(isObject(i[p.hosting]) ? { hosting: i[p.hosting] as DeploymentView["hosting"] } : {}),
  };
}

/** Is this an Evaluation resource (of `model`, when given)? */
export function isEvaluationOf(r: ResourceChange, model?: string): boolean {
  if (!r.type.endsWith(`:${PROPS.evaluation.type}`)) return false;
  const inputs = r.newInputs ?? r.oldInputs ?? {};
  return model === undefined || inputs[PROPS.evaluation.modelName] === model;
}

/** The model a resource belongs to, when a model component parents it. */
export function modelOfParent(change: ResourceChange, byUrn: Map<string, ResourceChange>): string | undefined {
  const parent = change.parent ? byUrn.get(change.parent) : undefined;
  return parent?.kind === "model" ? parent.name : undefined;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>`; the name may itself contain "::". */
function urnParts(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split("::");
  const qualifiedType = parts[2] ?? "";
  return {
    stack: (parts[0] ?? "").replace(/^urn:pulumi:/, ""),
    project: parts[1] ?? "",
    type: qualifiedType.split("$").pop() ?? "",
    name: parts.slice(3).join("::"),
  };
}

function collapse(urn: string, steps: RawStep[]): ResourceChange {
  const ops = steps.map((s) => s.op ?? "same");
  const withNew = steps.find((s) => s.newState);
  const withOld = steps.find((s) => s.oldState);
  const { type: urnType, name } = urnParts(urn);
  const type = withNew?.newState?.type ?? withOld?.oldState?.type ?? urnType;
  const newInputs = withNew?.newState?.inputs;
  const parent = withNew?.newState?.parent ?? withOld?.oldState?.parent;
  const oldInputs = withOld?.oldState?.inputs ?? withOld?.oldState?.outputs;
  const reasonKeys = new Set<string>();
  for (const s of steps) {
    for (const key of [...(s.replaceReasons ?? []), ...(s.diffReasons ?? []), ...Object.keys(s.detailedDiff ?? {})]) {
      reasonKeys.add(topLevelKey(key));
    }
  }
  return {
    urn,
    name,
    type,
    kind: kindOf(urnType, type, newInputs ?? oldInputs),
    action: ops.some((op) => REPLACE_OPS.has(op)) ? "replace" : (ops.find((op) => op !== "same") ?? "same"),
    oldInputs,
    newInputs,
    ...(withOld?.oldState?.outputs ? { oldOutputs: withOld.oldState.outputs } : {}),
    reasonKeys: [...reasonKeys].filter((k) => !DERIVED_INPUTS.has(k)),
    propertyDependencies: withNew?.newState?.propertyDependencies ?? withOld?.oldState?.propertyDependencies ?? {},
    dependencies: withNew?.newState?.dependencies ?? withOld?.oldState?.dependencies ?? [],
    ...(parent ? { parent } : {}),
  };
}

// A failed check reads "<type> resource '<name>': property <p> value {<v>} has a problem: <reason>";
// the reason is what the reviewer needs (our checks put file:line: rule: message there).
function parseDiagnostic(d: RawDiagnostic): Diagnostic {
  const raw = String(d.message ?? "").trim();
  const withoutLevel = raw.replace(/^(error|warning|info): /, "");
  const checkFailure = /has a problem: ([\s\S]*)$/.exec(withoutLevel);
  return {
    urn: d.urn,
    resource: d.urn ? urnParts(d.urn).name : undefined,
    severity: d.severity ?? "info",
    message: (checkFailure ? checkFailure[1]! : withoutLevel).trim(),
    raw,
  };
}

// The URN's type suffix first, then newState.type; a dynamic resource registered without its own type
// (`pulumi-nodejs:dynamic:Resource`) is recognised by the inputs it carries.
function kindOf(urnType: string, stateType: string, inputs: Inputs | undefined): Kind {
  if (MODEL_COMPONENTS.includes(stateType)) return "model";
  for (const candidate of [urnType, stateType]) {
    const suffix = candidate.split(":").pop() ?? "";
    for (const [kind, type] of Object.entries(RESOURCE_TYPES)) if (suffix === type) return kind as Kind;
  }
  const i = inputs ?? {};
  if (PROPS.job.baseModel in i && PROPS.job.estimate in i) return "job";
  if (PROPS.file.sha256 in i && PROPS.file.path in i) return "file";
  if (PROPS.deployment.sku in i && PROPS.deployment.name in i) return "deployment";
  return "other";
}

// "sku.capacity" -> "sku", "findings[0].line" -> "findings", `["a.b"]` -> "a.b"
function topLevelKey(path: string): string {
  const quoted = /^\["([^"]+)"\]/.exec(path);
  if (quoted) return quoted[1]!;
  return path.split(/[.[]/)[0]!;
}

function findingsOf(value: unknown): Finding[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((f) => ({
    file: String(f.file ?? ""),
    line: typeof f.line === "number" ? f.line : undefined,
    rule: String(f.rule ?? ""),
    severity: String(f.severity ?? "info"),
    message: String(f.message ?? ""),
  }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface RawState {
  type?: string;
  parent?: string;
  inputs?: Inputs;
  outputs?: Inputs;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

interface RawStep {
  op?: string;
  urn: string;
  oldState?: RawState;
  newState?: RawState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, unknown> | null;
}

interface RawDiagnostic {
  urn?: string;
  message?: string;
  severity?: string;
}
