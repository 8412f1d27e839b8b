// A stack's config read from its Pulumi.<stack>.yaml, without the CLI, through the program's own schema.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { CONFIG_NAMESPACE, parseStackConfig, type StackConfig } from "../../program/config";

export function readStackFile(projectDir: string, stack: string): StackConfig {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const doc = yaml.load(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    if (key.startsWith(`${CONFIG_NAMESPACE}:`)) raw[key.slice(CONFIG_NAMESPACE.length + 1)] = value;
  }
  return parseStackConfig(raw, path.basename(file));
}
