import * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "../shared/declared-outputs";
import { FoundryResource } from "../shared/foundry-resource";
import type { TargetInputs } from "../shared/target-inputs";
import { RESOURCE_TYPE_NAMES } from "../shared/type-tokens";
import type { TrainingFileInputs } from "./contract";

/** The contract's inputs, less what the resource sets itself (purpose, URN); retention defaults to false. */
export type TrainingFileArgs = Omit<TrainingFileInputs, "resourceUrn" | "purpose" | "retainOnDelete" | "target"> & {
  target: pulumi.Input<TargetInputs>;
  retainOnDelete?: boolean;
};

/** A JSONL training or validation file uploaded to the service (purpose fine-tune). */
export class TrainingFile extends FoundryResource {
  declare public readonly fileId: pulumi.Output<string>;
  declare public readonly sha256: pulumi.Output<string>;
  declare public readonly bytes: pulumi.Output<number>;
  declare public readonly examples: pulumi.Output<number>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: TrainingFileArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = { ...args, ...(args.contentUrl ? { contentUrl: pulumi.secret(args.contentUrl) } : {}) };
    super(
      "training-file",
      RESOURCE_TYPE_NAMES.file,
      name,
      { ...inputs, purpose: "fine-tune", retainOnDelete: args.retainOnDelete ?? false },
      DECLARED_OUTPUTS["training-file"],
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "contentUrl"],
      },
    );
  }
}
