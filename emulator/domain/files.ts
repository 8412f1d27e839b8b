// Files: records, content and the processing that takes an upload from pending to processed or error.
import * as fs from "node:fs";
import { MAX_TRAINING_FILE_BYTES } from "../azure-facts";
import { notFound } from "../http/errors";
import { newId, nowSeconds } from "../ids";
import type { Blobs } from "../store/blobs";
import type { FileStore } from "../store/files";
import type { Timing } from "../timing";
import { readTrainingFile } from "./training-file";
import type { FileDoc } from "./types";

export interface NewFile {
  account: string;
  tempPath: string;
  bytes: number;
  filename: string;
  purpose: string;
  expiresAfterSeconds: number | null;
}

export class FileService {
  /** The size a fine-tuning file must stay under; services.ts raises it for files the Uploads API assembled. */
  sizeLimitFor: (fileId: string) => number = () => MAX_TRAINING_FILE_BYTES;

  constructor(
    private readonly store: FileStore,
    private readonly blobs: Blobs,
    private readonly timing: Timing,
    private readonly log: (msg: string) => void,
  ) {}

  /** Takes ownership of a fully received upload and starts checking it. */
  create(f: NewFile): FileDoc {
    const id = newId("file-");
    fs.renameSync(f.tempPath, this.blobs.filePath(id));
    const created = nowSeconds();
    const doc: FileDoc = {
      id,
      object: "file",
      bytes: f.bytes,
      created_at: created,
      filename: f.filename,
      purpose: f.purpose,
      status: "pending",
      status_details: null,
      expires_at: f.expiresAfterSeconds === null ? null : created + f.expiresAfterSeconds,
    };
    this.store.insert(f.account, doc);
    this.scheduleProcessing(f.account, doc);
    return doc;
  }

  /** A file written by the service itself (results.csv): processed at once. */
  createGenerated(account: string, filename: string, purpose: string, content: string): FileDoc {
    const id = newId("file-");
    this.blobs.writeAtomic(this.blobs.filePath(id), content);
    const doc: FileDoc = {
      id,
      object: "file",
      bytes: Buffer.byteLength(content),
      created_at: nowSeconds(),
      filename,
      purpose,
      status: "processed",
      status_details: null,
      expires_at: null,
    };
    this.store.insert(account, doc);
    return doc;
  }

  get(account: string, id: string): FileDoc {
    const doc = this.store.get(account, id);
    if (!doc) throw notFound("file", id);
    return doc;
  }
  list(account: string): FileDoc[] {
    return this.store.list(account);
  }
  delete(account: string, id: string): { id: string; object: "file"; deleted: true } {
    const doc = this.get(account, id);
    this.store.update({ ...doc, status: "deleted" });
    fs.rmSync(this.blobs.filePath(id), { force: true });
    return { id, object: "file", deleted: true };
  }
  contentPath(account: string, id: string): string {
    this.get(account, id);
    return this.blobs.filePath(id);
  }

  /** Restarts the checks of files that were pending when the service stopped. */
  resumePending(): void {
    for (const { account, doc } of this.store.pending()) this.scheduleProcessing(account, doc);
  }

  /** pending for the first half of the processing delay, `running` for the second (as recorded: pending, running, processed). */
  private scheduleProcessing(account: string, doc: FileDoc): void {
    const half = this.timing.ms("fileProcessing") / 2;
    setTimeout(() => {
      const now = this.store.get(account, doc.id);
      if (now?.status === "pending") this.store.update({ ...now, status: "running" });
      setTimeout(() => {
        this.process(account, doc.id).catch((e) =>
          this.log(`file ${doc.id}: processing crashed: ${(e as Error).message}`),
        );
      }, half).unref();
    }, half).unref();
  }

  private async process(account: string, id: string): Promise<void> {
    const doc = this.store.get(account, id);
    if (!doc || (doc.status !== "pending" && doc.status !== "running")) return;
    let error: string | null = null;
    if (doc.purpose === "fine-tune") {
      const limit = this.sizeLimitFor(doc.id);
      if (doc.bytes >= limit) {
        error = `${doc.filename}: ${doc.bytes} bytes; fine-tuning files must be under ${limit} bytes`;
      } else {
        const check = await readTrainingFile(this.blobs.filePath(id), doc.filename, false);
        if (!check.ok) error = check.error;
      }
    }
    const now = this.store.get(account, id);
    if (!now || now.status === "deleted") return;
    this.store.update({ ...now, status: error ? "error" : "processed", status_details: error });
  }
}
