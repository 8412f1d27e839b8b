// Policy config, per stack. A policy's config (from `--policy-pack-config <file>`) may hold `stacks: { <name>: {...} }`;
// the entry for the stack being previewed is laid over the policy's own keys, which are laid over the defaults.
// One config file thus serves every stack (e.g. prod trains nothing, dev may).

/** `urn:pulumi:<stack>::<project>::<type>::<name>`: the stack name, as policies are not told it otherwise. */
export function stackOfUrn(urn: string): string {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  return match ? match[1]! : "";
}

export type WithStacks<T> = Partial<T> & { stacks?: Record<string, Partial<T>> };

export function settingsFor<T extends object>(defaults: T, config: WithStacks<T> | undefined, stack: string): T {
  const { stacks, ...own } = config ?? {};
  return { ...defaults, ...withoutUndefined(own as Partial<T>), ...withoutUndefined(stacks?.[stack] ?? {}) };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** JSON schema of a policy's config: its own properties, and the same properties under `stacks.<name>`. */
export function configSchema(properties: Record<string, object>): { properties: Record<string, object> } {
  return {
    properties: {
      ...properties,
      stacks: { type: "object", additionalProperties: { type: "object", properties, additionalProperties: false } },
    },
  };
}
