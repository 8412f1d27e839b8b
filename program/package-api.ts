// Fine-tuned models declared from another Pulumi program: the same config shape, validation, preflight and
// components as this project's own stacks, with the errors a user acts on shown as messages, not stack traces.
import * as pulumi from "@pulumi/pulumi";
import {
  type AccountInput,
  configAccount,
  isPlainAccount,
  PENDING_ACCOUNT,
  type ResolvedAccount,
} from "./account-input";
import { ConfigError, type FineTunedModelInput, parseStackConfig, type ServiceInput, type StackConfig } from "./config";
import { type DeferredAccount, declareModels } from "./declare-models";
import type { FineTunedModel } from "./fine-tuned-model";
import { readRawStackConfig } from "./stack-config";
import { asProgramError } from "./user-errors";

const SERVICE_KEYS = ["target", "account", "local", "apiVersion", "armApiVersion", "dataPlane", "prices"];

/** The service, as in stack config, except that the account's values may be another resource's outputs. */
export type ServiceSpec = Omit<ServiceInput, "account"> & { account?: AccountInput };

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
    const { account, ...service } = spec.service ?? {};
    const raw = { ...readRawStackConfig(SERVICE_KEYS), ...service, models: spec.models };
    const parse = (withAccount: Record<string, unknown>) =>
      withoutPromotions(
        parseStackConfig(
          account ? { ...raw, account: withAccount } : raw,
          `${pulumi.getProject()} (declareFineTunedModels)`,
        ),
      );
    if (!account || isPlainAccount(account))
      return await declareModels(spec.projectDir, parse(account ? configAccount(account) : {}), opts);
    // Everything but the account is checked now, with a stand-in for it; the account and the preflight once it is known.
    const config = parse(PENDING_ACCOUNT);
    return await declareModels(spec.projectDir, config, opts, deferredAccount(account, parse));
  } catch (error) {
    throw asProgramError(error);
  }
}

function withoutPromotions(config: StackConfig): StackConfig {
  const promoted = Object.keys(config.promotions);
  if (promoted.length > 0)
    throw new ConfigError(
      `declareFineTunedModels: ${promoted.join(", ")}: promotion (promoteFrom) is declared in a stack's config, not here`,
    );
  return config;
}

/**
 * An account that is another resource's output: once its values are known (at `up`, or in a preview where that
 * resource already exists), the config with it; declareModels runs the preflight then, before any resource of
 * the models is created, since each takes its target from there. A preview that cannot know it says so.
 */
function deferredAccount(
  account: AccountInput,
  parse: (account: Record<string, unknown>) => StackConfig,
): DeferredAccount {
  const config = pulumi.output(account).apply((values) => {
    try {
      return parse(configAccount(values as ResolvedAccount));
    } catch (error) {
      throw asProgramError(error);
    }
  });
  // Not in the SDK's types, but every Output has it: false while a preview cannot know the value.
  void (pulumi.output(account) as unknown as { isKnown: Promise<boolean> }).isKnown.then((known) => {
    if (!known)
      pulumi.log.warn(
        "preflight deferred: the account is another resource's output, not known until that resource exists; `up` checks it before anything is uploaded",
      );
  });
  return { config };
}
