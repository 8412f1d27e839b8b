// What a resource's URN tells the plugin: dynamic providers are never told it, so our contracts carry it as an
// input (`resourceUrn`) with the stack and the resource's name; a plugin is given it with every call.

export interface UrnParts {
  urn: string;
  stack: string;
  project: string;
  /** The resource's name (the last part). */
  name: string;
}

/** Pure: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(urn: string): UrnParts {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]!.startsWith("urn:pulumi:")) throw new Error(`not a resource URN: ${urn}`);
  return { urn, stack: parts[0]!.slice("urn:pulumi:".length), project: parts[1]!, name: parts.slice(3).join("::") };
}
