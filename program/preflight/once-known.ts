// The preflight of an account known only at `up` (another resource's output): the same checks as at program
// start (runPreflight, with the plan's uploads: file limits, retirement dates, capacity, roles), run once the
// account is known. Every resource of the models takes its target from the result, so a refusal comes before
// anything is uploaded, trained or deployed.
import type * as pulumi from "@pulumi/pulumi";
import type { PlannedUpload } from "../../foundry/preflight-checks";
import type { StackConfig } from "../config";
import { asProgramError } from "../user-errors";
import { type Retirements, runPreflight } from "./preflight";

export interface CheckedAccount {
  config: StackConfig;
  retirements: Retirements;
}

export function preflightOnceKnown(
  projectDir: string,
  config: pulumi.Output<StackConfig>,
  uploads: PlannedUpload[],
): pulumi.Output<CheckedAccount> {
  return config.apply(async (known) => {
    try {
      return { config: known, retirements: await runPreflight(projectDir, known, process.env, uploads) };
    } catch (error) {
      throw asProgramError(error);
    }
  });
}
