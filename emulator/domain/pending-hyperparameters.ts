// What a pending job reports as its hyperparameters (pure): Azure echoes the requested values at once, a DPO job
// also its beta and l2_multiplier defaults; what was not requested reads as Azure's placeholders until the job runs.
import { DPO_DEFAULTS, UNRESOLVED_HYPERPARAMETERS } from "../azure-facts";
import type { HyperparametersDoc, JobInternal, MethodType } from "./types";

export function pendingHyperparameters(method: MethodType, requested: JobInternal["requested"]): HyperparametersDoc {
  const given = Object.fromEntries(Object.entries(requested).filter(([, v]) => typeof v === "number"));
  const defaults = method === "dpo" ? DPO_DEFAULTS : {};
  return { ...defaults, ...UNRESOLVED_HYPERPARAMETERS, ...given };
}
