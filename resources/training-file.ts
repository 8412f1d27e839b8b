import * as pulumi from "@pulumi/pulumi";
import { DECLARED_OUTPUTS } from "./declared-outputs";
import { FoundryResource } from "./foundry-resource";
import type { TargetInputs } from "./target-inputs";

export interface TrainingFileArgs {
  target: pulumi.Input<TargetInputs>;
  /** Path relative to the project, or the URL (without its query) of data the service imports. */
  path: string;
  /**
   * The data's identity: computed by the program from the bytes (validate/), so an unchanged file never
   * re-uploads; for a URL, the pinned sha256 or one derived from the URL (resources/remote-dataset.ts).
   */
  sha256: string;
  /** Unknown for a URL that was not validated. */
  bytes?: number;
  examples?: number;
  /** Import from this URL (Files_Import) instead of uploading `path`. Kept secret: it may hold a SAS token. */
  contentUrl?: string;
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
    const inputs = { ...args, ...(args.contentUrl ? { contentUrl: pulumi.secret(args.contentUrl) } : {}) };
    super("training-file", "TrainingFile", name, { ...inputs, purpose: "fine-tune", retainOnDelete: args.retainOnDelete ?? false }, DECLARED_OUTPUTS["training-file"], {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "contentUrl"],
    });
  }
}
