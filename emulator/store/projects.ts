// Foundry projects of an account (ARM `accounts/{account}/projects/{project}`), keyed case-insensitively as ARM
// names are. A project holds nothing of its own: its files, jobs and deployments are its account's.
import type { DatabaseSync } from "node:sqlite";

export interface ProjectDoc {
  id: string;
  name: string;
  type: "Microsoft.CognitiveServices/accounts/projects";
  location: string;
  properties: {
    provisioningState: "Succeeded";
    displayName: string;
    description?: string;
    endpoints: Record<string, string>;
    isDefault: boolean;
  };
}

export class ProjectStore {
  constructor(private readonly db: DatabaseSync) {}

  get(account: string, name: string): ProjectDoc | undefined {
    const row = this.db
      .prepare("SELECT doc FROM projects WHERE account = ? AND key = ?")
      .get(account, name.toLowerCase());
    return row ? (JSON.parse(String(row.doc)) as ProjectDoc) : undefined;
  }
  list(account: string): ProjectDoc[] {
    return this.db
      .prepare("SELECT doc FROM projects WHERE account = ? ORDER BY key")
      .all(account)
      .map((r) => JSON.parse(String(r.doc)) as ProjectDoc);
  }
  /** Writes the project; true when it is new. */
  put(account: string, doc: ProjectDoc): boolean {
    const existed = this.get(account, doc.name) !== undefined;
    this.db
      .prepare("INSERT OR REPLACE INTO projects (account, key, doc) VALUES (?, ?, ?)")
      .run(account, doc.name.toLowerCase(), JSON.stringify(doc));
    return !existed;
  }
  delete(account: string, name: string): boolean {
    return (
      Number(
        this.db.prepare("DELETE FROM projects WHERE account = ? AND key = ?").run(account, name.toLowerCase()).changes,
      ) > 0
    );
  }
}
