// The name a dataset is uploaded under on the account: our convention, read by the TrainingFile, the job's
// reuse and the preflight's room for files.
import path from "node:path";

/**
 * Pure: the name the file is uploaded under, `<stem>.sha256-<32 hex>.jsonl`, where the hex is the start of the
 * data's sha256. Files have no metadata, so the name is what tells any later create, in any stack, that these
 * bytes are already on the account (an interrupted upload, a renamed model, a second stack): they are reused,
 * not uploaded again, and a job's files are known by their bytes (resources/fine-tuning-job/reuse.ts), and the preflight counts them as
 * already there (foundry/preflight-files.ts).
 */
export function uploadName(inputs: { path: string; sha256: string }): string {
  const stem = path.basename(inputs.path).replace(/\.jsonl$/i, "");
  return `${stem}.sha256-${inputs.sha256.slice(0, 32)}.jsonl`;
}

/** Pure: the content hash (32 hex) an upload name carries, or undefined for a name this program did not give. */
export function contentHashOfUploadName(filename: string | undefined): string | undefined {
  return filename?.match(/\.sha256-([0-9a-f]{32})\.jsonl$/)?.[1];
}
