// Where the preflight (and the doctor) reads: the stack's account, found (or the local service started) the way
// the providers do it: the same target inputs, the same builder (resources/provider-runtime/connection.ts).
import type { FoundryTarget } from "../../foundry/target";
import { foundryTargetOf } from "../../resources/provider-runtime/connection";
import { targetInputs } from "../account-target";
import type { StackConfig } from "../config";

export function preflightTarget(
  projectDir: string,
  config: StackConfig,
): Promise<{ target: FoundryTarget; apiKey?: string }> {
  return foundryTargetOf(targetInputs(config), projectDir);
}
