// Rule on resource options (pure): a stack that serves users keeps its job and deployment protected.

export interface ProtectSettings {
  required: boolean;
}
export const PROTECT_DEFAULTS: ProtectSettings = { required: false };
export const protectSchema = { required: { type: "boolean" } };

export function checkProtected(kind: string, name: string, isProtected: boolean, s: ProtectSettings): string[] {
  return s.required && !isProtected
    ? [`${kind} ${name} must be protected (set protect: true on the model in stack config)`]
    : [];
}
