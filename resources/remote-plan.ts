// Planning a dataset named by URL: without `validate` nothing is read (the preview knows only the identity);
// with it, the bytes are downloaded once, validated like a local file, and checked against a pinned sha256.
import type { Method } from "../validate/types";
import { DatasetError, planFile, type PlannedFile } from "./dataset-plan";
import { displayUrl, remoteIdentity, type RemoteDataset } from "./remote-dataset";
import { withDownload } from "./remote-fetch";

export interface PlannedRemote extends PlannedFile {
  /** The URL the service imports from (may hold a SAS token: kept secret). */
  url: string;
  /** False when the bytes were not read: no statistics, so no estimate. */
  validated: boolean;
}

export async function planRemote(projectDir: string, dataset: RemoteDataset, purpose: "training" | "validation", method: Method, baseModel: string, maxFileBytes: number): Promise<PlannedRemote> {
  const shown = displayUrl(dataset.url);
  if (!dataset.validate) {
    const stats = { file: shown, bytes: 0, sha256: remoteIdentity(dataset), examples: 0 };
    return { path: shown, url: dataset.url, validated: false, result: { findings: [], stats } };
  }
  const planned = await withDownload(dataset.url, (file) => planFile(projectDir, file, purpose, method, baseModel, maxFileBytes));
  if (dataset.sha256 && planned.result.stats.sha256 !== dataset.sha256) {
    throw new DatasetError(`${shown}: its bytes have sha256 ${planned.result.stats.sha256}, not the pinned ${dataset.sha256}`);
  }
  const findings = planned.result.findings.map((f) => ({ ...f, file: shown }));
  return { path: shown, url: dataset.url, validated: true, result: { findings, stats: { ...planned.result.stats, file: shown } } };
}
