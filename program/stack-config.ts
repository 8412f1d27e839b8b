// The stack's config as the program reads it (`foundry-finetune:` keys of Pulumi.<stack>.yaml), and the two
// facts every model derives from it: where the service is, and the account's ARM id.
import * as pulumi from "@pulumi/pulumi";
import { accountResourceId } from "../foundry/target";
import { CONFIG_NAMESPACE, parseStackConfig, type StackConfig } from "./config";

// Where the service is: kept in a module without the Pulumi SDK, so the doctor and the preflight stay light.
export { targetInputs } from "./account-target";

const CONFIG_KEYS = [
  "target",
  "account",
  "local",
  "apiVersion",
  "armApiVersion",
  "dataPlane",
  "prices",
  "models",
] as const;

/** The raw values of the namespace: objects arrive from the engine as JSON text, plain strings as themselves. */
export function readRawStackConfig(keys: readonly string[] = CONFIG_KEYS): Record<string, unknown> {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const text = config.get(key);
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return raw;
}

export function readStackConfig(): StackConfig {
  return parseStackConfig(readRawStackConfig(), `Pulumi.${pulumi.getStack()}.yaml`);
}

export function accountIdOf(config: StackConfig): string {
  return accountResourceId({
    subscriptionId: config.account.subscriptionId,
    resourceGroup: config.account.resourceGroup,
    accountName: config.account.name,
  });
}
