// Planning a dataset named by URL: without `validate` nothing is read (the preview knows only the identity);
// with it, the bytes are downloaded once, validated like a local file, and checked against a pinned sha256.
import type { Method } from "../validate/types";
import { DatasetError, type PlannedFile } from "./dataset-plan";
import { displayUrl, type RemoteDataset, remoteIdentity } from "./remote-dataset";
import { withDownload } from "./remote-fetch";

export interface PlannedRemote extends PlannedFile {
  /** The URL the service imports from (may hold a SAS token: kept secret). */
  url: string;
  /** False when the bytes were not read: no statistics, so no estimate. */
  validated: boolean;
}

type Validate = typeof import("../validate/validator").validateFile;

// Loaded on use, as validate/cache.ts does: an unchanged preview of local files never needs the validator.
const lazyValidate: Validate = (...args) =>
  (require("../validate/validator") as typeof import("../validate/validator")).validateFile(...args);

export async function planRemote(
  dataset: RemoteDataset,
  purpose: "training" | "validation",
  method: Method,
  baseModel: string,
  maxFileBytes: number,
  validateFile: Validate = lazyValidate,
): Promise<PlannedRemote> {
  const shown = displayUrl(dataset.url);
  if (!dataset.validate) {
    const stats = { file: shown, bytes: 0, sha256: remoteIdentity(dataset), examples: 0 };
    return { path: shown, url: dataset.url, validated: false, result: { findings: [], stats } };
  }
  // Not through the validation cache: its entries are keyed by a path on disk, and this copy is gone afterwards.
  const result = await withDownload(dataset.url, (file) =>
    validateFile(file, { purpose, method, baseModel, tokens: true, maxFileBytes }),
  );
  if (dataset.sha256 && result.stats.sha256 !== dataset.sha256) {
    throw new DatasetError(`${shown}: its bytes have sha256 ${result.stats.sha256}, not the pinned ${dataset.sha256}`);
  }
  const findings = result.findings.map((f) => ({ ...f, file: shown }));
  return {
    path: shown,
    url: dataset.url,
    validated: true,
    result: { findings, stats: { ...result.stats, file: shown } },
  };
}
