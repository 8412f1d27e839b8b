import * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "../shared/declared-outputs";
import { FoundryResource } from "../shared/foundry-resource";
import { RESOURCE_TYPE_NAMES } from "../shared/type-tokens";
import type { JobCheckpoint, JobInputs, JobOutputs } from "./contract";

export type FineTuningJobArgs = {
  [K in keyof Omit<JobInputs, "resourceUrn" | "stack" | "resourceName" | "reuse">]: pulumi.Input<JobInputs[K]>;
};

/** A fine-tuning job and the model it trains. Replaced only when its training identity changes. */
export class FineTuningJob extends FoundryResource {
  declare public readonly jobId: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  declare public readonly fineTunedModel: pulumi.Output<string | undefined>;
  declare public readonly trainedTokens: pulumi.Output<number | undefined>;
  declare public readonly resolvedHyperparameters: pulumi.Output<Record<string, unknown> | undefined>;
  declare public readonly checkpoints: pulumi.Output<JobCheckpoint[] | undefined>;
  declare public readonly metrics: pulumi.Output<Record<string, number> | undefined>;
  declare public readonly resultFileId: pulumi.Output<string | undefined>;
  declare public readonly resultsCsvPath: pulumi.Output<string | undefined>;
  declare public readonly charts: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly estimatedFinish: pulumi.Output<number | undefined>;
  declare public readonly estimate: pulumi.Output<JobInputs["estimate"]>;
  declare public readonly qualitySignals: pulumi.Output<JobOutputs["qualitySignals"]>;
  declare public readonly reused: pulumi.Output<boolean | null>;
  declare public readonly reusedFrom: pulumi.Output<string | null>;
  declare public readonly qualityEvidence: pulumi.Output<JobOutputs["qualityEvidence"]>;

  constructor(name: string, args: FineTuningJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "fine-tuning-job",
      RESOURCE_TYPE_NAMES.job,
      name,
      { ...args, stack: `${pulumi.getProject()}/${pulumi.getStack()}`, resourceName: name },
      DECLARED_OUTPUTS["fine-tuning-job"],
      opts,
    );
  }
}
