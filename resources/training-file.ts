import * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "./declared-outputs";
import { FoundryResource } from "./foundry-resource";
import type { TargetInputs } from "./target-inputs";

export interface TrainingFileArgs {
  target: pulumi.Input<TargetInputs>;
  /** Path relative to the project. */
  path: string;
  /** Computed by the program from the bytes (validate/), so an unchanged file never re-uploads. */
  sha256: string;
  bytes: number;
  examples: number;
  retainOnDelete?: boolean;
}

/** A JSONL training or validation file uploaded to the service (purpose fine-tune). */
export class TrainingFile extends FoundryResource {
  declare public readonly fileId: pulumi.Output<string>;
  declare public readonly sha256: pulumi.Output<string>;
  declare public readonly bytes: pulumi.Output<number>;
  declare public readonly examples: pulumi.Output<number>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: TrainingFileArgs, opts?: pulumi.CustomResourceOptions) {
    super("training-file", "TrainingFile", name, { ...args, purpose: "fine-tune", retainOnDelete: args.retainOnDelete ?? false }, DECLARED_OUTPUTS["training-file"], opts);
  }
}
