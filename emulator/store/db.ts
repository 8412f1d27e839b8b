// Opens the SQLite database in the data directory and creates the schema. Objects are kept as JSON documents
// beside the few columns that queries filter or sort on.
import { DatabaseSync } from "node:sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, subscription TEXT, resource_group TEXT, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS projects (account TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account, key));
CREATE TABLE IF NOT EXISTS files (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, account TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, account TEXT NOT NULL,
  status TEXT NOT NULL, doc TEXT NOT NULL, internal TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_id TEXT NOT NULL,
  step INTEGER, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_job ON events (job_id, seq);
CREATE TABLE IF NOT EXISTS metrics (job_id TEXT NOT NULL, step INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (job_id, step));
CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_id TEXT NOT NULL,
  account TEXT NOT NULL, name TEXT NOT NULL, step INTEGER NOT NULL, epoch INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS checkpoints_by_name ON checkpoints (account, name);
CREATE TABLE IF NOT EXISTS deployments (account TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, internal TEXT NOT NULL,
  PRIMARY KEY (account, name));
CREATE TABLE IF NOT EXISTS operations (id TEXT PRIMARY KEY, account TEXT NOT NULL, deployment TEXT NOT NULL, kind TEXT NOT NULL,
  status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, error TEXT);
`;

export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  db.exec(SCHEMA);
  return db;
}

/** Runs fn inside one transaction (all or nothing, also across a kill -9). */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
