// Secret values reach a provider that accepts secrets wrapped in the engine's signature object. The CRUD code
// works on plain values; what goes back to the engine is wrapped again, key by key, so a secret input (a SAS
// URL) stays a secret output and never lands in state in plain text.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isSecret = (value: unknown): value is { value: unknown } =>
  value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG] === SECRET_SIG;

/** Pure: the value with every secret replaced by what it holds. */
export function unwrapSecrets<T>(value: T): T {
  if (isSecret(value)) return unwrapSecrets(value.value) as T;
  if (Array.isArray(value)) return value.map(unwrapSecrets) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)])) as T;
  return value;
}

/** Pure: the top-level keys whose value is (or holds) a secret. */
export function secretKeys(values: Record<string, unknown> | undefined): string[] {
  return Object.entries(values ?? {})
    .filter(([, v]) => JSON.stringify(v ?? null).includes(SECRET_SIG))
    .map(([k]) => k);
}

/** Pure: `values` with the named keys wrapped as secrets. */
export function wrapSecrets<T extends Record<string, unknown>>(values: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...values };
  for (const key of keys)
    if (out[key] !== undefined && out[key] !== null && !isSecret(out[key]))
      out[key] = { [SIG]: SECRET_SIG, value: out[key] };
  return out as T;
}
