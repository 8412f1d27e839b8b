// TrainingFile's contract: its inputs and outputs, and the pure rules of what a change does.
import type * as pulumi from "@pulumi/pulumi";
import type { FoundryFile, FoundryJob } from "../../foundry/data-plane-types";
import { contentHashOfUploadName } from "../../foundry/upload-name";
import { type TargetInputs, targetIdentity } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";

export interface TrainingFileInputs {
  target: TargetInputs;
  /** Path relative to the project, or the URL (without its query) of data the service imports. */
  path: string;
  purpose: "fine-tune";
  /**
   * The data's identity: computed by the program from the bytes (validate/), so an unchanged file never
   * re-uploads; for a URL, the pinned sha256 or one derived from the URL (program/remote-dataset.ts).
   */
  sha256: string;
  /** Unknown for a URL that was not validated. */
  bytes?: number;
  examples?: number;
  /** Import from this URL (Files_Import) instead of uploading `path`. Kept secret: it may hold a SAS token. */
  contentUrl?: string;
  retainOnDelete: boolean;
  resourceUrn?: string;
}

export interface TrainingFileOutputs extends TrainingFileInputs {
  fileId: string;
  status: string;
  /** The bytes were already on the account (another resource or stack uploaded them): nothing was uploaded. */
  reused?: boolean;
}

/**
 * Pure: replace on other bytes (another identity), purpose or account; retention (read by delete from the state)
 * changes in place. The path (or URL) is where the bytes were read: a moved file, or a new URL (a new SAS token)
 * for the same identity, changes nothing on the service, so it is recorded without an update (an update would
 * preview the file id as unknown, and its job as changed).
 */
export function diffTrainingFile(olds: TrainingFileOutputs, news: TrainingFileInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (isUnknown(news.sha256) || olds.sha256 !== news.sha256) replaces.push("sha256");
  if (olds.purpose !== news.purpose) replaces.push("purpose");
  if (isUnknown(news.target) || targetIdentity(olds.target) !== targetIdentity(news.target)) replaces.push("target");
  return {
    changes: replaces.length > 0 || olds.retainOnDelete !== news.retainOnDelete,
    replaces,
    deleteBeforeReplace: false,
  };
}

/**
 * Pure: the file on the account with these bytes (by its upload name's content hash, and its size when both are
 * known), processed ones first; one that failed its checks or is deleted is never taken.
 */
export function sameBytesOnAccount(
  files: FoundryFile[],
  inputs: Pick<TrainingFileInputs, "sha256" | "bytes">,
): FoundryFile | undefined {
  const candidates = files.filter(
    (f) =>
      contentHashOfUploadName(f.filename) === inputs.sha256.slice(0, 32) &&
      f.status !== "error" &&
      f.status !== "deleted" &&
      (typeof f.bytes !== "number" || inputs.bytes === undefined || f.bytes === inputs.bytes),
  );
  return candidates.find((f) => f.status === "processed") ?? candidates[0];
}

/** Pure: a job that trains, trained or will train on this file (failed and cancelled ones do not count). */
export function jobUsingFile(jobs: FoundryJob[], fileId: string): FoundryJob | undefined {
  return jobs.find(
    (j) =>
      (j.training_file === fileId || j.validation_file === fileId) && j.status !== "failed" && j.status !== "cancelled",
  );
}
