// Pure: what a preview announced against what the following `up` did. A preview tells the truth when it names
// the same (resource, operation) pairs as the up, and shows no input as unknown that the up leaves unchanged.
import { stableJson } from "../../resources/shared/stable-json";
import { isUnknown } from "../../resources/shared/unknown";

/** A step of `pulumi preview --json` (only what is compared). */
export interface PreviewStep {
  op: string;
  urn: string;
  newState?: { inputs?: Record<string, unknown> };
}

/** An engine event of the Automation API (only what is compared). */
export interface StepEvent {
  resOutputsEvent?: { metadata: { op: string; urn: string } };
}

/** A resource of `pulumi stack export`. */
export interface StateResource {
  urn: string;
  inputs?: Record<string, unknown>;
}

/** The operations a reviewer reads as one: a replacement shows as three steps. "same" is no operation. */
export function normalizeOp(op: string): string | undefined {
  if (op === "same" || op === "refresh") return undefined;
  if (op === "create-replacement" || op === "delete-replaced" || op === "replace" || op === "discard-replaced")
    return "replace";
  if (op === "read-replacement") return "read";
  return op;
}

/** `urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:ModelDeployment::clippy` -> `ModelDeployment clippy`. */
export function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  const type = parts[2] ?? urn;
  return `${type.slice(type.lastIndexOf(":") + 1)} ${parts.slice(3).join("::")}`;
}

/** Default providers hold the stack config: up "updates" them on any config edit, and no summary counts them. */
const isProvider = (urn: string) => (urn.split("::")[2] ?? "").startsWith("pulumi:providers:");

const opsOf = (pairs: Array<{ op: string; urn: string }>, prefix: string) =>
  [
    ...new Set(
      pairs.flatMap(({ op, urn }) => {
        const normal = normalizeOp(op);
        return normal && !isProvider(urn) ? [`${prefix}${resourceLabel(urn)} ${normal}`] : [];
      }),
    ),
  ].sort();

/** Sorted, distinct `<prefix>Type name op` of a preview document. */
export function previewOps(steps: readonly PreviewStep[], prefix = ""): string[] {
  return opsOf(
    steps.map((s) => ({ op: s.op, urn: s.urn })),
    prefix,
  );
}

/** Sorted, distinct `<prefix>Type name op` of the steps an up completed. */
export function upOps(events: readonly StepEvent[], prefix = ""): string[] {
  return opsOf(
    events.flatMap((e) => (e.resOutputsEvent ? [e.resOutputsEvent.metadata] : [])),
    prefix,
  );
}

/**
 * `<prefix>Type name.input` for every input the preview showed as unknown (wholly or in part) although the up
 * left it as it was: an unknown that was no change, which reviewers read as one (and providers diff as one).
 * Only resources the preview keeps or updates are looked at: a replacement is a new object, whose inputs from a
 * replaced upstream cannot be known before it exists, even when they turn out equal (a retrained job's status).
 * A replacement caused by a false unknown shows anyway, as an operation the up does not perform.
 */
export function unknownsKeptByUp(
  steps: readonly PreviewStep[],
  before: readonly StateResource[],
  after: readonly StateResource[],
  prefix = "",
): string[] {
  const inputsOf = (state: readonly StateResource[], urn: string) => state.find((r) => r.urn === urn)?.inputs;
  const found: string[] = [];
  for (const step of steps.filter((s) => s.op === "same" || s.op === "update")) {
    const previewed = step.newState?.inputs ?? {};
    const old = inputsOf(before, step.urn);
    const now = inputsOf(after, step.urn);
    if (!old || !now) continue; // created or deleted: everything about it changes
    for (const [key, value] of Object.entries(previewed)) {
      if (isUnknown(value) && stableJson(old[key] ?? null) === stableJson(now[key] ?? null))
        found.push(`${prefix}${resourceLabel(step.urn)}.${key}`);
    }
  }
  return [...new Set(found)].sort();
}

export interface CatalogueRow {
  edit: string;
  preview: string[];
  up: string[];
  unknowns: string[];
  match: boolean;
}

export function catalogueRow(edit: string, preview: string[], up: string[], unknowns: string[]): CatalogueRow {
  return { edit, preview, up, unknowns, match: stableJson(preview) === stableJson(up) && unknowns.length === 0 };
}

/** The table the bench prints and the README shows. */
export function renderCatalogue(rows: readonly CatalogueRow[]): string {
  const cell = (ops: string[]) => (ops.length ? ops.join("<br>") : "none");
  const lines = [
    "| edit | preview announces | up performs | match |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.edit} | ${cell(r.preview)} | ${cell(r.up)} | ${r.match ? "yes" : `**no**${r.unknowns.length ? ` (unknown but unchanged: ${r.unknowns.join(", ")})` : ""}`} |`,
    ),
  ];
  const mismatches = rows.filter((r) => !r.match).length;
  return `${lines.join("\n")}\n\n${rows.length} edits, ${mismatches} mismatch${mismatches === 1 ? "" : "es"}\n`;
}
