// Models declared from another program in the shape of stack config: the parse that declareFineTunedModels and
// `new FineTunedModel(name, { ...config keys })` share. Service keys the program leaves out come from its
// stack's `foundry-finetune:` config; an account that is another resource's output is checked once known.
import * as pulumi from "@pulumi/pulumi";
import {
  type AccountInput,
  configAccount,
  isPlainAccount,
  PENDING_ACCOUNT,
  type ResolvedAccount,
} from "./account-input";
import { ConfigError, parseStackConfig, type ServiceInput, type StackConfig, type TrainedModelConfig } from "./config";
import type { FineTunedModelArgs, FineTunedModelSpec } from "./fine-tuned-model";
import { type DeferredAccount, planDeclarations } from "./plan-declarations";
import { readRawStackConfig } from "./stack-config";
import { asProgramError } from "./user-errors";

const SERVICE_KEYS = ["target", "account", "local", "apiVersion", "armApiVersion", "dataPlane", "prices"];

/** The service, as in stack config, except that the account's values may be another resource's outputs. */
export type ServiceSpec = Omit<ServiceInput, "account"> & { account?: AccountInput };

/**
 * The stack config of these models (trained ones only: promotion is declared in a stack's config). With an
 * account that is an output, everything but the account is checked now, with a stand-in for it, and `deferred`
 * gives the config with the account once it is known. Throws a ConfigError that names the key.
 */
export function parseModels(
  models: Record<string, unknown>,
  service: ServiceSpec | undefined,
  caller: string,
): { config: StackConfig; deferred?: DeferredAccount } {
  const { account, ...rest } = service ?? {};
  const raw = { ...readRawStackConfig(SERVICE_KEYS), ...rest, models };
  const parse = (withAccount: Record<string, unknown>) =>
    withoutPromotions(
      parseStackConfig(account ? { ...raw, account: withAccount } : raw, `${pulumi.getProject()} (${caller})`),
      caller,
    );
  if (!account || isPlainAccount(account)) return { config: parse(account ? configAccount(account) : {}) };
  return { config: parse(PENDING_ACCOUNT), deferred: deferredAccount(account, parse) };
}

function withoutPromotions(config: StackConfig, caller: string): StackConfig {
  const promoted = Object.keys(config.promotions);
  if (promoted.length > 0)
    throw new ConfigError(
      `${caller}: ${promoted.join(", ")}: promotion (promoteFrom) is declared in a stack's config, not here`,
    );
  return config;
}

/**
 * An account that is another resource's output: once its values are known (at `up`, or in a preview where that
 * resource already exists), the config with it; the preflight runs then (plan-declarations.ts), before any
 * resource of the models is created, since each takes its target from there. A preview that cannot know it says so.
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

/**
 * `new FineTunedModel(name, { ...config keys })`: its config checked now (a mistake throws here, naming the
 * key), and the args it is declared with once its data is planned and the preflight has run.
 */
export function planModelSpec(
  name: string,
  spec: FineTunedModelSpec,
): { model: TrainedModelConfig; planned: Promise<FineTunedModelArgs> } {
  const caller = `FineTunedModel ${name}`;
  try {
    const { projectDir, service, ...entry } = spec;
    if (typeof projectDir !== "string" || !projectDir)
      throw new ConfigError(
        `${caller}: projectDir: the folder that dataset and evaluation paths are relative to is required (usually the program's __dirname)`,
      );
    const { config, deferred } = parseModels({ [name]: entry }, service, caller);
    const model = config.models[name]!;
    const baseModel = model.baseModel;
    if (typeof baseModel !== "string")
      throw new ConfigError(
        `${caller}: baseModel: { from } names another model of the same declareFineTunedModels call or stack config; here, give the fine-tuned model's name`,
      );
    const planned = planDeclarations(projectDir, config, deferred).then(
      (args) => ({ ...args[name]!, baseModel }),
      (error) => {
        throw asProgramError(error);
      },
    );
    return { model, planned };
  } catch (error) {
    throw asProgramError(error);
  }
}
