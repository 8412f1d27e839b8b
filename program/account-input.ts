// The account a program names in declareFineTunedModels: plain values, as in stack config, or pulumi.Inputs of
// another resource, such as an account the same program creates (with azure-native, its name, id and endpoint).
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config";

export interface AccountInput {
  /** The Foundry / Azure OpenAI account's name. */
  name: pulumi.Input<string>;
  /** Its ARM id (`/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>`), which names the subscription and resource group. */
  id?: pulumi.Input<string>;
  subscriptionId?: pulumi.Input<string>;
  resourceGroup?: pulumi.Input<string>;
  /** The data-plane endpoint (default `https://<name>.openai.azure.com`). Unused for the local target. */
  endpoint?: pulumi.Input<string>;
}

export type ResolvedAccount = { [K in keyof AccountInput]: pulumi.Unwrap<AccountInput[K]> };

/** Whether every value of the account is plain, so it can be checked before any resource exists. */
export function isPlainAccount(account: AccountInput): account is ResolvedAccount {
  return Object.values(account).every((value) => !pulumi.Output.isInstance(value) && !(value instanceof Promise));
}

const ACCOUNT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)$/i;

/** Pure: the account as stack config writes it; an ARM id gives the subscription and resource group. */
export function configAccount(account: ResolvedAccount): Record<string, string> {
  const { id, ...rest } = account;
  const plain = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
  if (id === undefined) return plain;
  const match = ACCOUNT_ID.exec(id);
  if (!match)
    throw new ConfigError(
      `declareFineTunedModels: service.account.id: ${JSON.stringify(id)} is no Microsoft.CognitiveServices account id (/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>)`,
    );
  if (match[3]!.toLowerCase() !== account.name.toLowerCase()) {
    throw new ConfigError(
      `declareFineTunedModels: service.account.id names account ${match[3]}, but service.account.name is ${account.name}`,
    );
  }
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, ...plain };
}

/** Stands in for an account not known yet, so everything else is checked at program start. */
export const PENDING_ACCOUNT = { name: "pending-account", subscriptionId: "pending", resourceGroup: "pending" };
