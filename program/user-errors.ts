// The errors a user acts on (bad config, bad data, a preflight refusal, a blocked promotion): the program shows
// their message, not a stack trace.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config";
import { DatasetError } from "./dataset-plan";
import { PreflightError } from "./preflight/preflight";
import { PromotionError } from "./promotion";

/** The error to throw from a program: a user's error as a RunError (message only), any other as it is. */
export function asProgramError(error: unknown): unknown {
  const usersToFix =
    error instanceof ConfigError ||
    error instanceof DatasetError ||
    error instanceof PromotionError ||
    error instanceof PreflightError;
  return usersToFix ? new pulumi.RunError(error.message) : error;
}
