// Deployments and their long-running operations.
import type { DatabaseSync } from "node:sqlite";
import type { DeploymentDoc, DeploymentInternal, OperationRow } from "../domain/types";

export interface DeploymentRow {
  account: string;
  doc: DeploymentDoc;
  internal: DeploymentInternal;
}
const toRow = (r: Record<string, unknown>): DeploymentRow => ({
  account: String(r.account),
  doc: JSON.parse(String(r.doc)),
  internal: JSON.parse(String(r.internal)),
});

export class DeploymentStore {
  constructor(private readonly db: DatabaseSync) {}

  upsert(account: string, doc: DeploymentDoc, internal: DeploymentInternal): void {
    this.db
      .prepare("INSERT OR REPLACE INTO deployments (account, name, doc, internal) VALUES (?, ?, ?, ?)")
      .run(account, doc.name, JSON.stringify(doc), JSON.stringify(internal));
  }
  get(account: string, name: string): DeploymentRow | undefined {
    const r = this.db
      .prepare("SELECT account, doc, internal FROM deployments WHERE account = ? AND name = ?")
      .get(account, name);
    return r ? toRow(r) : undefined;
  }
  list(account: string): DeploymentRow[] {
    return this.db
      .prepare("SELECT account, doc, internal FROM deployments WHERE account = ? ORDER BY name")
      .all(account)
      .map(toRow);
  }
  all(): DeploymentRow[] {
    return this.db.prepare("SELECT account, doc, internal FROM deployments").all().map(toRow);
  }
  delete(account: string, name: string): void {
    this.db.prepare("DELETE FROM deployments WHERE account = ? AND name = ?").run(account, name);
  }
  touch(account: string, name: string, lastUsedMs: number): void {
    const row = this.get(account, name);
    if (row) this.upsert(account, row.doc, { ...row.internal, lastUsedMs });
  }

  addOperation(op: OperationRow): void {
    this.db
      .prepare(
        "INSERT INTO operations (id, account, deployment, kind, status, started_at, ended_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(op.id, op.account, op.deployment, op.kind, op.status, op.started_at, op.ended_at, op.error);
  }
  finishOperation(id: string, status: OperationRow["status"], error: string | null = null): void {
    this.db
      .prepare("UPDATE operations SET status = ?, ended_at = ?, error = ? WHERE id = ?")
      .run(status, new Date().toISOString(), error, id);
  }
  operation(id: string): OperationRow | undefined {
    const r = this.db.prepare("SELECT * FROM operations WHERE id = ?").get(id);
    return r ? (r as unknown as OperationRow) : undefined;
  }
  inProgress(account?: string): OperationRow[] {
    const rows =
      account === undefined
        ? this.db.prepare("SELECT * FROM operations WHERE status = 'InProgress'").all()
        : this.db.prepare("SELECT * FROM operations WHERE status = 'InProgress' AND account = ?").all(account);
    return rows as unknown as OperationRow[];
  }
}
