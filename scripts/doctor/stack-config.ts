// A stack's config read from its Pulumi.<stack>.yaml, without the CLI, through the program's own schema.
import { readdirSync, readFileSync } from "node:fs";
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

/**
 * The deployment names every stack file of the project declares on the same account as `config` (trained and
 * promoted models alike). What the doctor can know about stacks without their state: their config files.
 */
export function declaredOnAccount(projectDir: string, config: StackConfig): { stacks: string[]; names: string[] } {
  const same = (other: StackConfig) =>
    other.target === config.target &&
    other.account.name.toLowerCase() === config.account.name.toLowerCase() &&
    (config.target === "local" ||
      (other.account.subscriptionId === config.account.subscriptionId &&
        other.account.resourceGroup === config.account.resourceGroup));
  const stacks: string[] = [];
  const names: string[] = [];
  for (const file of readdirSync(projectDir).sort()) {
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (!stack) continue;
    let other: StackConfig;
    try {
      other = readStackFile(projectDir, stack);
    } catch {
      continue; // a stack file the schema refuses declares nothing we can read
    }
    if (!same(other)) continue;
    stacks.push(stack);
    for (const m of [...Object.values(other.models), ...Object.values(other.promotions)])
      if (m.deployment) names.push(m.deployment.name);
  }
  return { stacks, names };
}
