// Upload records (the Uploads API) and where their parts live on disk: <data-dir>/uploads/<upload-id>/<part-id>.
// Parts survive a restart with their upload. Paths are built only from ids the service generated (checked here).
import * as fs from "node:fs";
import * as path from "node:path";
import type { DatabaseSync } from "node:sqlite";

export type UploadStatus = "pending" | "completed" | "cancelled" | "expired";
export interface UploadDoc {
  id: string; object: "upload"; bytes: number; filename: string; purpose: string; status: UploadStatus;
  created_at: number; expires_at: number; file: object | null;
}
export interface PartDoc { id: string; object: "upload.part"; upload_id: string; azure_block_id: string; created_at: number }
export interface PartRow { doc: PartDoc; bytes: number }

const SAFE_ID = /^(upload|uplprt)-[0-9a-f]{32}$/;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, account TEXT NOT NULL, doc TEXT NOT NULL, file_id TEXT);
CREATE TABLE IF NOT EXISTS upload_parts (id TEXT PRIMARY KEY, upload_id TEXT NOT NULL, bytes INTEGER NOT NULL, doc TEXT NOT NULL);
`;

export class UploadStore {
  readonly dir: string;

  constructor(private readonly db: DatabaseSync, dataDir: string) {
    db.exec(SCHEMA);
    this.dir = path.join(dataDir, "uploads");
    fs.mkdirSync(this.dir, { recursive: true });
  }

  insert(account: string, doc: UploadDoc): void {
    this.db.prepare("INSERT INTO uploads (id, account, doc) VALUES (?, ?, ?)").run(doc.id, account, JSON.stringify(doc));
    fs.mkdirSync(this.partsDir(doc.id), { recursive: true });
  }
  update(doc: UploadDoc, fileId: string | null = null): void {
    this.db.prepare("UPDATE uploads SET doc = ?, file_id = COALESCE(?, file_id) WHERE id = ?").run(JSON.stringify(doc), fileId, doc.id);
  }
  get(account: string, id: string): UploadDoc | undefined {
    const row = this.db.prepare("SELECT doc FROM uploads WHERE id = ? AND account = ?").get(id, account);
    return row ? (JSON.parse(String(row.doc)) as UploadDoc) : undefined;
  }
  /** Whether a file was assembled by the Uploads API (it may then exceed the Files API limit). */
  isAssembled(fileId: string): boolean {
    return this.db.prepare("SELECT 1 FROM uploads WHERE file_id = ?").get(fileId) !== undefined;
  }

  addPart(doc: PartDoc, bytes: number): void {
    this.db.prepare("INSERT INTO upload_parts (id, upload_id, bytes, doc) VALUES (?, ?, ?, ?)").run(doc.id, doc.upload_id, bytes, JSON.stringify(doc));
  }
  parts(uploadId: string): PartRow[] {
    return this.db.prepare("SELECT bytes, doc FROM upload_parts WHERE upload_id = ?").all(uploadId)
      .map((r) => ({ bytes: Number(r.bytes), doc: JSON.parse(String(r.doc)) as PartDoc }));
  }

  partsDir(uploadId: string): string {
    return path.join(this.dir, checked(uploadId));
  }
  partPath(uploadId: string, partId: string): string {
    return path.join(this.partsDir(uploadId), checked(partId));
  }
  /** Drops the parts' bytes (their rows stay, for the record). */
  removeParts(uploadId: string): void {
    fs.rmSync(this.partsDir(uploadId), { recursive: true, force: true });
  }
}

function checked(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`refusing to build a path from id '${id}'`);
  return id;
}
