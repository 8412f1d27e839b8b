// Upload records (the Uploads API) and where their bytes live: one file per upload, <data-dir>/uploads/<upload-id>,
// each part appended to it and recorded with its offset, so parts sent in order complete without a copy. Parts
// survive a restart with their upload. Paths are built only from ids the service generated (checked here).
import * as fs from "node:fs";
import * as path from "node:path";
import type { DatabaseSync } from "node:sqlite";

type UploadStatus = "pending" | "completed" | "cancelled" | "expired";
export interface UploadDoc {
  id: string;
  object: "upload";
  bytes: number;
  filename: string;
  purpose: string;
  status: UploadStatus;
  created_at: number;
  expires_at: number;
  file: object | null;
}
export interface PartDoc {
  id: string;
  object: "upload.part";
  upload_id: string;
  azure_block_id: string;
  created_at: number;
}
export interface PartRow {
  doc: PartDoc;
  offset: number;
  bytes: number;
}

const SAFE_ID = /^upload-[0-9a-f]{32}$/;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, account TEXT NOT NULL, doc TEXT NOT NULL, file_id TEXT);
CREATE TABLE IF NOT EXISTS upload_parts (id TEXT PRIMARY KEY, upload_id TEXT NOT NULL, offset INTEGER NOT NULL, bytes INTEGER NOT NULL,
  doc TEXT NOT NULL);
`;

export class UploadStore {
  readonly dir: string;

  constructor(
    private readonly db: DatabaseSync,
    dataDir: string,
  ) {
    db.exec(SCHEMA);
    this.dir = path.join(dataDir, "uploads");
    fs.mkdirSync(this.dir, { recursive: true });
  }

  insert(account: string, doc: UploadDoc): void {
    this.db
      .prepare("INSERT INTO uploads (id, account, doc) VALUES (?, ?, ?)")
      .run(doc.id, account, JSON.stringify(doc));
    fs.writeFileSync(this.dataPath(doc.id), "");
  }
  update(doc: UploadDoc, fileId: string | null = null): void {
    this.db
      .prepare("UPDATE uploads SET doc = ?, file_id = COALESCE(?, file_id) WHERE id = ?")
      .run(JSON.stringify(doc), fileId, doc.id);
  }
  get(account: string, id: string): UploadDoc | undefined {
    const row = this.db.prepare("SELECT doc FROM uploads WHERE id = ? AND account = ?").get(id, account);
    return row ? (JSON.parse(String(row.doc)) as UploadDoc) : undefined;
  }
  /** Whether a file was assembled by the Uploads API (it may then exceed the Files API limit). */
  isAssembled(fileId: string): boolean {
    return this.db.prepare("SELECT 1 FROM uploads WHERE file_id = ?").get(fileId) !== undefined;
  }

  addPart(doc: PartDoc, offset: number, bytes: number): void {
    this.db
      .prepare("INSERT INTO upload_parts (id, upload_id, offset, bytes, doc) VALUES (?, ?, ?, ?, ?)")
      .run(doc.id, doc.upload_id, offset, bytes, JSON.stringify(doc));
  }
  /** The recorded parts, in the order they arrived. */
  parts(uploadId: string): PartRow[] {
    return this.db
      .prepare("SELECT offset, bytes, doc FROM upload_parts WHERE upload_id = ? ORDER BY offset")
      .all(uploadId)
      .map((r) => ({ offset: Number(r.offset), bytes: Number(r.bytes), doc: JSON.parse(String(r.doc)) as PartDoc }));
  }
  /** Where the next part goes: after the last recorded one (bytes past it are a part that never arrived whole). */
  endOfParts(uploadId: string): number {
    const row = this.db
      .prepare("SELECT MAX(offset + bytes) AS end FROM upload_parts WHERE upload_id = ?")
      .get(uploadId);
    return Number(row?.end ?? 0);
  }

  dataPath(uploadId: string): string {
    return path.join(this.dir, checked(uploadId));
  }
  /** Drops the upload's bytes (its rows stay, for the record). */
  removeData(uploadId: string): void {
    fs.rmSync(this.dataPath(uploadId), { force: true });
  }
}

function checked(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`refusing to build a path from id '${id}'`);
  return id;
}
