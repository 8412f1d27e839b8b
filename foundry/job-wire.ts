// What a job create sends, per data-plane surface (pure). Each surface gets the shape its own spec defines:
// - dated (azureopenai.json 2025-04-01-preview, FineTuning_Create): FineTuningJobCreation has top-level
//   `hyperparameters` (FineTuningHyperParameters); its SupervisedMethodRequest has only `type`, while
//   DpoMethodConfigRequest carries `dpo.hyperparameters` (with beta, l2_multiplier). It has no `metadata`: it is
//   sent anyway (kept if the service keeps it), and adoption does not rely on it (see job-identity.ts).
// - v1 (azure-v1-v1-generated.yaml, createFineTuningJob): `method.{supervised|dpo}.hyperparameters` and `metadata`.
// `trainingType` is in no spec; it goes top-level in the spelling of the doc samples (azure/wire.ts).
import { isMethodType, METHODS } from "../azure/methods";
import { TRAINING_TYPE_WIRE } from "../azure/wire";
import type { CreateJobBody } from "./data-plane-types";
import type { DataPlaneForm } from "./target";

export function jobCreateWireBody(body: CreateJobBody, form: DataPlaneForm = "dated"): Record<string, unknown> {
  const { trainingType, ...rest } = body;
  const wire: Record<string, unknown> = { ...rest };
  if (trainingType !== undefined) wire.trainingType = TRAINING_TYPE_WIRE[trainingType];
  const method = body.method as
    | (Record<string, { hyperparameters?: object } | undefined> & { type?: string })
    | undefined;
  const type = method?.type;
  // Which methods the dated surface takes top-level is the catalogue's datedPlacement (azure/methods.ts).
  if (form === "dated" && isMethodType(type) && METHODS[type].datedPlacement === "top-level") {
    const hyperparameters = method?.[type]?.hyperparameters;
    wire.method = { type };
    if (hyperparameters && Object.keys(hyperparameters).length > 0) wire.hyperparameters = hyperparameters;
  }
  return wire;
}
