// Fine-tuned models declared from another Pulumi program: the same config shape, validation, preflight and
// components as this project's own stacks, with the errors a user acts on shown as messages, not stack traces.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig } from "./config";
import { declareModels } from "./declare-models";
import type { FineTunedModel } from "./fine-tuned-model";
import { readRawStackConfig } from "./stack-config";
import { asProgramError } from "./user-errors";

const SERVICE_KEYS = ["target", "account", "local", "apiVersion", "armApiVersion", "dataPlane", "prices"];

export interface FineTunedModelsSpec {
  /** The folder that dataset and evaluation paths are relative to (usually the program's `__dirname`). */
  projectDir: string;
  /** Model name -> one model, in the shape of an entry of the stack config's `foundry-finetune:models`. */
  models: Record<string, unknown>;
  /**
   * The service: target, account, local, apiVersion, armApiVersion, dataPlane, prices, as in stack config.
   * Keys left out are read from the stack's `foundry-finetune:` config.
   */
  service?: Record<string, unknown>;
  /** A component of the program's own to declare the models under (their URNs change; their trainings are reused). */
  parent?: pulumi.Resource;
}

/** Declares each model as a FineTunedModel component: its files, job, deployment and evaluation. */
export async function declareFineTunedModels(spec: FineTunedModelsSpec): Promise<Record<string, FineTunedModel>> {
  try {
    const raw = { ...readRawStackConfig(SERVICE_KEYS), ...spec.service, models: spec.models };
    const config = parseStackConfig(raw, `${pulumi.getProject()} (declareFineTunedModels)`);
    const promoted = Object.keys(config.promotions);
    if (promoted.length > 0) throw new ConfigError(`declareFineTunedModels: ${promoted.join(", ")}: promotion (promoteFrom) is declared in a stack's config, not here`);
    return await declareModels(spec.projectDir, config, spec.parent ? { parent: spec.parent } : undefined);
  } catch (error) {
    throw asProgramError(error);
  }
}
