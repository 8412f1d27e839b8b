// Azure's quotas and size limits that the preflight and the clients check before they send anything.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.

/** An account holds at most this many fine-tuned deployments [D-QUOTA]; the error code for the limit is UNCONFIRMED. */
export const MAX_FINE_TUNED_DEPLOYMENTS = 10;

/**
 * The Files API takes one upload of at most 512 MB [D-QUOTA, 2026-02]; larger ones go through the Uploads API (`/uploads`, dated surface only;
 * 2025-04-01-preview spec, UploadFile_*: "a maximum of 9 GB in total", each part "up to the standard size limit
 * for file upload"). 9 GB is read as 9 * 10^9 bytes, the stricter reading (UNCONFIRMED).
 */
export const FILES_API_MAX_BYTES = 512_000_000; // 512 MB read as 10^6 bytes, the stricter reading: 512 MiB would allow more
/**
 * Fine-tuning files per resource, as of 2026-02 [D-QUOTA]: at most 100 files and 1 GB in all (read as 10^9
 * bytes, the stricter reading). The preflight refuses a plan that would pass either, before any upload.
 */
export const FINE_TUNING_FILES_PER_RESOURCE = 100;
export const FINE_TUNING_FILE_BYTES_PER_RESOURCE = 1_000_000_000;
export const UPLOADS_API_MAX_BYTES = 9_000_000_000;
/** Part size: small enough that a failed part costs little to send again, large enough for few requests. */
export const UPLOAD_PART_BYTES = 64 * 1024 * 1024;
