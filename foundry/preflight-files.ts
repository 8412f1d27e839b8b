// Pure: is there room in the account for the plan's files? Fine-tuning files per resource are limited in number
// and in bytes; the files already there count, and an upload whose copy is there adds nothing.
import { FINE_TUNING_FILE_BYTES_PER_RESOURCE, FINE_TUNING_FILES_PER_RESOURCE } from "../azure/limits";
import { type CheckRow, cannot, type PlannedUpload, type PreflightPlan } from "./preflight-plan";
import type { FileFact, PreflightReads } from "./preflight-read";
import { contentHashOfUploadName } from "./upload-name";

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The account already holds these bytes: a file whose upload name carries their hash, of the same size. The
 * TrainingFile reuses it (resources/training-file/contract.ts sameBytesOnAccount), whatever the model or stem.
 */
function alreadyThere(upload: PlannedUpload, files: FileFact[]): boolean {
  const hash = upload.sha256?.slice(0, 32);
  return (
    hash !== undefined && files.some((f) => contentHashOfUploadName(f.filename) === hash && f.bytes === upload.bytes)
  );
}

/** Several models on the same bytes upload them once: the first TrainingFile's copy is the others' too. */
function distinctBytes(uploads: PlannedUpload[]): PlannedUpload[] {
  const seen = new Set<string>();
  return uploads.filter((u) => {
    if (u.sha256 === undefined) return true; // bytes not read: nothing to tell it by
    if (seen.has(u.sha256)) return false;
    seen.add(u.sha256);
    return true;
  });
}

/**
 * Fine-tuning files per resource: at most 100 files and 1 GB in all [D-QUOTA]. The files already in the account
 * count; an upload whose copy is already there (same name stem and size) adds nothing.
 */
export function fileRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  const uploads = distinctBytes(plan.uploads ?? []);
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
