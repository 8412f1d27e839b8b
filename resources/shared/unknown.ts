// The engine's placeholder for a value known only after apply. During a preview, inputs that depend on
// not-yet-known outputs reach dynamic providers as this sentinel string, whatever their declared type
// (pulumi/pulumi#6310), so every provider method must tolerate it; `pulumi preview --json` prints it too.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}
