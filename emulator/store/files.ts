// File records (content lives in Blobs).
import type { DatabaseSync } from "node:sqlite";
import type { FileDoc } from "../domain/types";

export class FileStore {
  constructor(private readonly db: DatabaseSync) {}

  insert(account: string, doc: FileDoc): void {
    this.db.prepare("INSERT INTO files (id, account, doc) VALUES (?, ?, ?)").run(doc.id, account, JSON.stringify(doc));
  }
  update(doc: FileDoc): void {
    this.db.prepare("UPDATE files SET doc = ? WHERE id = ?").run(JSON.stringify(doc), doc.id);
  }
  get(account: string, id: string): FileDoc | undefined {
    const row = this.db.prepare("SELECT doc FROM files WHERE id = ? AND account = ?").get(id, account);
    const doc = row ? (JSON.parse(String(row.doc)) as FileDoc) : undefined;
    return doc && doc.status !== "deleted" ? doc : undefined;
  }
  /** All live files of an account, oldest first. */
  list(account: string): FileDoc[] {
    return this.db
      .prepare("SELECT doc FROM files WHERE account = ? ORDER BY seq")
      .all(account)
      .map((r) => JSON.parse(String(r.doc)) as FileDoc)
      .filter((d) => d.status !== "deleted");
  }
  /** Files still being checked (to finish after a restart). */
  pending(): Array<{ account: string; doc: FileDoc }> {
    return this.db
      .prepare("SELECT account, doc FROM files ORDER BY seq")
      .all()
      .map((r) => ({ account: String(r.account), doc: JSON.parse(String(r.doc)) as FileDoc }))
      .filter((r) => r.doc.status === "pending" || r.doc.status === "running");
  }
}
