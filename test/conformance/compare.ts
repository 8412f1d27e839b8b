// Field-by-field comparison of one recorded Azure answer with the local service's answer (pure). Values such as
// ids and timestamps differ by nature, so every field is compared by presence and JSON type, and only the fields
// whose value is part of the contract (states, enums, echoes, error codes) by value.

type DifferenceKind = "status" | "missing" | "extra" | "type" | "value";
export interface FieldComparison {
  /** `properties.capabilities.area`, `data[].level`; `(status)` for the HTTP status. */
  field: string;
  azure: string;
  local: string;
  /** Undefined when the two agree. */
  kind?: DifferenceKind;
}

/** Fields compared by value: patterns over field paths, `*` standing for one path segment. */
const VALUE_FIELDS = [
  "status",
  "object",
  "trainingType",
  "model",
  "purpose",
  "filename",
  "deleted",
  "has_more",
  "method.type",
  "hyperparameters.*",
  "method.*.hyperparameters.*",
  "additionalParameters.*",
  "error.code",
  "data[].object",
  "data[].level",
  "data[].type",
  "sku.*",
  "properties.provisioningState",
  "properties.currentCapacity",
  "properties.capabilities.*",
  "properties.versionUpgradeOption",
  "properties.model.format",
  "properties.model.version",
  "properties.rateLimits[].*",
  "percentComplete",
].map((p) => new RegExp(`^${p.replace(/[.[\]]/g, "\\$&").replace(/\*/g, "[^.]+")}$`));
const byValue = (field: string) => VALUE_FIELDS.some((re) => re.test(field));

interface Leaf {
  types: Set<string>;
  values: Set<string>;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Every field path of a JSON value with its JSON types and (scalar) values; array items merge under `[]`. */
function flatten(value: unknown, prefix = "", out = new Map<string, Leaf>()): Map<string, Leaf> {
  const add = (path: string, v: unknown) => {
    const leaf = out.get(path) ?? { types: new Set(), values: new Set() };
    leaf.types.add(typeOf(v));
    if (v === null || typeof v !== "object") leaf.values.add(JSON.stringify(v));
    out.set(path, leaf);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === "object" && !Array.isArray(item)) flatten(item, `${prefix}[]`, out);
      else add(`${prefix}[]`, item);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${k}` : k;
      add(path, v);
      if (v !== null && typeof v === "object") flatten(v, path, out);
    }
  }
  return out;
}

const show = (leaf: Leaf | undefined, withValue: boolean) =>
  !leaf
    ? "(absent)"
    : withValue && leaf.values.size > 0
      ? [...leaf.values].sort().join(" | ")
      : [...leaf.types].sort().join(" | ");

/** Arrays present on both sides but empty on one: their items cannot be compared, so their item fields are skipped. */
function emptyOnOneSide(azure: unknown, local: unknown): string[] {
  const a = flatten(azure);
  const l = flatten(local);
  const arraysOf = (m: Map<string, Leaf>) => [...m].filter(([, leaf]) => leaf.types.has("array")).map(([p]) => p);
  const hasItems = (m: Map<string, Leaf>, p: string) => [...m.keys()].some((k) => k.startsWith(`${p}[]`));
  return arraysOf(a).filter((p) => l.has(p) && hasItems(a, p) !== hasItems(l, p));
}

/** The comparison of one exchange: the HTTP status, then every field of the two bodies. */
export function compareAnswers(
  recorded: { status: number; body: unknown },
  local: { status: number; body: unknown },
): FieldComparison[] {
  const rows: FieldComparison[] = [];
  const status: FieldComparison = { field: "(status)", azure: String(recorded.status), local: String(local.status) };
  if (recorded.status !== local.status) status.kind = "status";
  rows.push(status);
  // success against failure: the bodies are different things, so the status and the error code say it all
  if (Math.floor(recorded.status / 100) !== Math.floor(local.status / 100)) {
    const code = (b: unknown) => (b as { error?: { code?: unknown } } | null)?.error?.code;
    const a = code(recorded.body);
    const l = code(local.body);
    if (a !== undefined || l !== undefined) {
      const row: FieldComparison = {
        field: "error.code",
        azure: JSON.stringify(a) ?? "(absent)",
        local: JSON.stringify(l) ?? "(absent)",
      };
      if (a !== l) row.kind = "value";
      rows.push(row);
    }
    return rows;
  }
  const a = flatten(recorded.body);
  const l = flatten(local.body);
  const skipped = emptyOnOneSide(recorded.body, local.body).map((p) => `${p}[]`);
  const fields = [...new Set([...a.keys(), ...l.keys()])].filter((f) => !skipped.some((s) => f.startsWith(s))).sort();
  for (const field of fields) {
    const ra = a.get(field);
    const rl = l.get(field);
    const withValue = byValue(field);
    const row: FieldComparison = { field, azure: show(ra, withValue), local: show(rl, withValue) };
    if (!rl) row.kind = "missing";
    else if (!ra) row.kind = "extra";
    else if (show(ra, false) !== show(rl, false)) row.kind = "type";
    else if (withValue && row.azure !== row.local) row.kind = "value";
    rows.push(row);
  }
  // A field absent on one side is one row, not one per field inside it.
  const gone = new Set(rows.filter((r) => r.kind === "missing" || r.kind === "extra").map((r) => r.field));
  return rows.filter(
    (r) => !(r.kind === "missing" || r.kind === "extra") || !parents(r.field).some((p) => gone.has(p)),
  );
}

function parents(field: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < field.length; i++) if (field[i] === "." || field.startsWith("[]", i)) out.push(field.slice(0, i));
  return out.filter((p) => p.length > 0);
}
