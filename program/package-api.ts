// Fine-tuned models declared from another Pulumi program: the same config shape, validation, preflight and
// components as this project's own stacks, with the errors a user acts on shown as messages, not stack traces.
import type * as pulumi from "@pulumi/pulumi";
import type { FineTunedModelInput } from "./config";
import { declareModels } from "./declare-models";
import type { FineTunedModel } from "./fine-tuned-model";
import { parseModels, type ServiceSpec } from "./model-spec";
import { asProgramError } from "./user-errors";

export interface FineTunedModelsSpec {
  /** The folder that dataset and evaluation paths are relative to (usually the program's `__dirname`). */
  projectDir: string;
  /** Model name -> one model, in the shape of an entry of the stack config's `foundry-finetune:models`. */
  models: Record<string, FineTunedModelInput>;
  /** The service: target, account, local, apiVersion, armApiVersion, dataPlane, prices. Keys left out are read from the stack's `foundry-finetune:` config. */
  service?: ServiceSpec;
}

/**
 * Declares each model as a FineTunedModel component: its files, job, deployment and evaluation. `opts` apply to
 * every component (`parent` puts them inside a component of the program's own; `providers`, `protect`, `aliases`).
 */
export async function declareFineTunedModels(
  spec: FineTunedModelsSpec,
  opts: pulumi.ComponentResourceOptions = {},
): Promise<Record<string, FineTunedModel>> {
  try {
    const { config, deferred } = parseModels(spec.models, spec.service, "declareFineTunedModels");
    return await declareModels(spec.projectDir, config, opts, deferred);
  } catch (error) {
    throw asProgramError(error);
  }
}
