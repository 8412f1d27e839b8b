// Pure: is there room in the account for the plan's files? Fine-tuning files per resource are limited in number
// and in bytes; the files already there count, and an upload whose copy is there adds nothing.
import { FINE_TUNING_FILE_BYTES_PER_RESOURCE, FINE_TUNING_FILES_PER_RESOURCE } from "../azure/limits";
import { type CheckRow, cannot, type PlannedUpload, type PreflightPlan } from "./preflight-plan";
import type { FileFact, PreflightReads } from "./preflight-read";

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The account's copy of an upload: `<stem>.<16 hex>.jsonl` (resources/training-file/contract.ts uploadName) of the same size. */
function alreadyThere(upload: PlannedUpload, files: FileFact[]): boolean {
  const stem = upload.file.replace(/\.jsonl$/i, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = new RegExp(`^${stem}\\.[0-9a-f]{16}\\.jsonl$`);
  return files.some((f) => name.test(f.filename) && f.bytes === upload.bytes);
}

/**
 * Fine-tuning files per resource: at most 100 files and 1 GB in all [D-QUOTA]. The files already in the account
 * count; an upload whose copy is already there (same name stem and size) adds nothing.
 */
export function fileRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  const uploads = plan.uploads ?? [];
  if (uploads.length === 0) return [];
  const check = "files";
  const files = reads.files;
  if (!files.ok) return [cannot(check, files, "the room for files")];
  const kept = uploads.filter((u) => alreadyThere(u, files.value));
  const added = uploads.filter((u) => !kept.includes(u));
  const unknown = added.filter((u) => u.bytes === undefined);
  const usedBytes = files.value.reduce((n, f) => n + f.bytes, 0);
  const addedBytes = added.reduce((n, u) => n + (u.bytes ?? 0), 0);
  const count = files.value.length + added.length;
  const bytes = usedBytes + addedBytes;
  const figures =
    `${files.value.length} of ${FINE_TUNING_FILES_PER_RESOURCE} files (${mb(usedBytes)} of ${mb(FINE_TUNING_FILE_BYTES_PER_RESOURCE)}) in the account; ` +
    `this plan uploads ${added.length} (${mb(addedBytes)}${added.length ? `: ${added.map((u) => `${u.key} ${u.bytes === undefined ? "size unknown" : mb(u.bytes)}`).join(", ")}` : ""}) and keeps ${kept.length}`;
  const over = [
    count > FINE_TUNING_FILES_PER_RESOURCE ? `${count - FINE_TUNING_FILES_PER_RESOURCE} file(s) too many` : "",
    bytes > FINE_TUNING_FILE_BYTES_PER_RESOURCE ? `${mb(bytes - FINE_TUNING_FILE_BYTES_PER_RESOURCE)} too much` : "",
  ].filter(Boolean);
  if (over.length > 0)
    return [
      {
        check,
        result: "fail",
        detail: `account ${plan.account} has no room for the plan's files: ${figures} (${over.join(", ")})`,
        evidence: files.evidence,
      },
    ];
  if (unknown.length > 0)
    return [
      {
        check,
        result: "warn",
        detail: `${figures}; the size of ${unknown.map((u) => u.key).join(", ")} is unknown: room not checked for it`,
        evidence: files.evidence,
      },
    ];
  return [{ check, result: "pass", detail: figures, evidence: files.evidence }];
}
