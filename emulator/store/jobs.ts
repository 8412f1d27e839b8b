// Jobs with their events, per-step metrics and checkpoints.
import type { DatabaseSync } from "node:sqlite";
import type { CheckpointDoc, EventDoc, JobDoc, JobInternal, JobStatus, MetricsDoc } from "../domain/types";

export interface JobRow {
  account: string;
  doc: JobDoc;
  internal: JobInternal;
}
export interface CheckpointRow {
  account: string;
  epoch: number;
  doc: CheckpointDoc;
}

const toJob = (r: Record<string, unknown>): JobRow => ({
  account: String(r.account),
  doc: JSON.parse(String(r.doc)),
  internal: JSON.parse(String(r.internal)),
});
const toCheckpoint = (r: Record<string, unknown>): CheckpointRow => ({
  account: String(r.account),
  epoch: Number(r.epoch),
  doc: JSON.parse(String(r.doc)),
});

export class JobStore {
  constructor(private readonly db: DatabaseSync) {}

  insert(account: string, doc: JobDoc, internal: JobInternal): void {
    this.db
      .prepare("INSERT INTO jobs (id, account, status, doc, internal) VALUES (?, ?, ?, ?, ?)")
      .run(doc.id, account, doc.status, JSON.stringify(doc), JSON.stringify(internal));
  }
  markDeleted(row: JobRow): void {
    this.db
      .prepare("UPDATE jobs SET internal = ? WHERE id = ?")
      .run(JSON.stringify({ ...row.internal, deleted: true }), row.doc.id);
  }
  update(doc: JobDoc): void {
    this.db.prepare("UPDATE jobs SET status = ?, doc = ? WHERE id = ?").run(doc.status, JSON.stringify(doc), doc.id);
  }
  get(account: string, id: string): JobRow | undefined {
    const r = this.db.prepare("SELECT account, doc, internal FROM jobs WHERE id = ? AND account = ?").get(id, account);
    return r ? toJob(r) : undefined;
  }
  getAnyAccount(id: string): JobRow | undefined {
    const r = this.db.prepare("SELECT account, doc, internal FROM jobs WHERE id = ?").get(id);
    return r ? toJob(r) : undefined;
  }
  /** Newest first. */
  list(account: string): JobRow[] {
    return this.db
      .prepare("SELECT account, doc, internal FROM jobs WHERE account = ? ORDER BY seq DESC")
      .all(account)
      .map(toJob);
  }
  /** Oldest first, across accounts. */
  withStatus(statuses: JobStatus[]): JobRow[] {
    const marks = statuses.map(() => "?").join(",");
    return this.db
      .prepare(`SELECT account, doc, internal FROM jobs WHERE status IN (${marks}) ORDER BY seq`)
      .all(...statuses)
      .map(toJob);
  }

  addEvent(jobId: string, e: EventDoc, step: number | null = null): void {
    this.db
      .prepare("INSERT INTO events (id, job_id, step, doc) VALUES (?, ?, ?, ?)")
      .run(e.id, jobId, step, JSON.stringify(e));
  }
  /** Newest first. */
  events(jobId: string): EventDoc[] {
    return this.db
      .prepare("SELECT doc FROM events WHERE job_id = ? ORDER BY seq DESC")
      .all(jobId)
      .map((r) => JSON.parse(String(r.doc)) as EventDoc);
  }
  addMetrics(jobId: string, m: MetricsDoc): void {
    this.db
      .prepare("INSERT OR REPLACE INTO metrics (job_id, step, doc) VALUES (?, ?, ?)")
      .run(jobId, m.step, JSON.stringify(m));
  }
  metrics(jobId: string): MetricsDoc[] {
    return this.db
      .prepare("SELECT doc FROM metrics WHERE job_id = ? ORDER BY step")
      .all(jobId)
      .map((r) => JSON.parse(String(r.doc)) as MetricsDoc);
  }
  /** Forgets steps trained after a checkpoint (a restart trains them again from it). */
  forgetStepsAfter(jobId: string, step: number): void {
    this.db.prepare("DELETE FROM metrics WHERE job_id = ? AND step > ?").run(jobId, step);
    this.db.prepare("DELETE FROM events WHERE job_id = ? AND step IS NOT NULL AND step > ?").run(jobId, step);
  }

  addCheckpoint(account: string, epoch: number, c: CheckpointDoc): void {
    this.db
      .prepare("INSERT INTO checkpoints (id, job_id, account, name, step, epoch, doc) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(c.id, c.fine_tuning_job_id, account, c.fine_tuned_model_checkpoint, c.step_number, epoch, JSON.stringify(c));
  }
  deleteCheckpoint(id: string): void {
    this.db.prepare("DELETE FROM checkpoints WHERE id = ?").run(id);
  }
  /** Newest first. */
  checkpoints(jobId: string): CheckpointRow[] {
    return this.db
      .prepare("SELECT account, epoch, doc FROM checkpoints WHERE job_id = ? ORDER BY step DESC")
      .all(jobId)
      .map(toCheckpoint);
  }
  /** A checkpoint of an account by its id or its name (the final one is named like the fine-tuned model). */
  findCheckpoint(account: string, idOrName: string): CheckpointRow | undefined {
    const r = this.db
      .prepare(
        "SELECT account, epoch, doc FROM checkpoints WHERE account = ? AND (id = ? OR name = ?) ORDER BY step DESC",
      )
      .get(account, idOrName, idOrName);
    return r ? toCheckpoint(r) : undefined;
  }
}
