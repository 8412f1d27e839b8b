// TrainingFile's contract: its inputs and outputs, and the pure rules of what a change does.
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { sha256Hex } from "../shared/stable-json";
import { targetIdentity, type TargetInputs } from "../shared/target-inputs";
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
  return { changes: replaces.length > 0 || olds.retainOnDelete !== news.retainOnDelete, replaces, deleteBeforeReplace: false };
}

/**
 * Pure: the name the file is uploaded under, `<stem>.<16 hex>.jsonl`, where the hex identifies the stack,
 * resource and bytes. Files have no metadata, so this is what lets a later create find an upload that an
 * interrupted update made (the job's metadata tag does the same for jobs).
 */
export function uploadName(inputs: Pick<TrainingFileInputs, "path" | "sha256" | "resourceUrn">): string {
  const stem = path.basename(inputs.path).replace(/\.jsonl$/i, "");
  return `${stem}.${sha256Hex(`${inputs.resourceUrn ?? inputs.path}\u0000${inputs.sha256}`).slice(0, 16)}.jsonl`;
}
