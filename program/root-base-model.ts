// Pure: the root base model of a stack's trained model, following continuous fine-tuning (`baseModel: { from }`)
// to the entry that names a model. One walk for the config's checks, the plan and the preflight.
import { rootModelName } from "../azure/models";
import type { TrainedModelConfig } from "./config";

/** The base model the chain from `name` ends in, as the config spells it; undefined on a cycle or a missing name. */
export function rootBaseModel(models: Record<string, TrainedModelConfig>, name: string): string | undefined {
  const seen = new Set<string>();
  for (let at = name; ; ) {
    const base = models[at]?.baseModel;
    if (base === undefined || seen.has(at)) return undefined; // the config's checks report both
    if (typeof base === "string") return base;
    seen.add(at);
    at = base.from;
  }
}

/** The root base model's canonical name, for a config parseStackConfig accepted (it rejects cycles and bad names). */
export function acceptedRootBaseModel(models: Record<string, TrainedModelConfig>, name: string): string {
  const base = rootBaseModel(models, name);
  if (base === undefined)
    throw new Error(
      `models.${name}: its baseModel chain has a cycle or names no model; the config's checks should have refused it`,
    );
  return rootModelName(base);
}
