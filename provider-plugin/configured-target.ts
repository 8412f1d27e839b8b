// The target the provider's config names, parsed by the program's stack-config schema (zod): apart from
// provider-config.ts, so the plugin process that the engine starts only for the schema never loads the parser.
import { parseStackConfig } from "../program/config";
import { targetInputs } from "../program/stack-config";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { currentProviderConfig, type ProviderConfig, serviceConfigFrom } from "./provider-config";

/** Pure: the target the config names, through the same schema and defaults as the program's stack config. */
export function targetFromConfig(config: ProviderConfig): TargetInputs | undefined {
  const raw = serviceConfigFrom(config);
  return raw ? targetInputs(parseStackConfig(raw, "the foundry provider's config")) : undefined;
}

export function configuredTarget(): TargetInputs | undefined {
  return targetFromConfig(currentProviderConfig());
}
