// Accounts are keyed by name (Azure account names are globally unique) and created on first use.
import type { DatabaseSync } from "node:sqlite";

export interface AccountRow {
  name: string;
  subscription: string | null;
  resourceGroup: string | null;
}

export class AccountStore {
  /** Accounts known to exist with their ARM scope recorded, so reads do not write. */
  private readonly known = new Set<string>();
  private readonly knownArm = new Set<string>();

  constructor(private readonly db: DatabaseSync) {}

  /** Creates the account on first use; the first ARM call also records its subscription and resource group. */
  ensure(name: string, arm?: { subscription: string; resourceGroup: string }): void {
    if (!this.known.has(name)) {
      this.db.prepare("INSERT OR IGNORE INTO accounts (name, created_at) VALUES (?, ?)").run(name, Date.now());
      this.known.add(name);
    }
    if (arm && !this.knownArm.has(name)) {
      this.db
        .prepare("UPDATE accounts SET subscription = ?, resource_group = ? WHERE name = ? AND subscription IS NULL")
        .run(arm.subscription, arm.resourceGroup, name);
      this.knownArm.add(name);
    }
  }
  get(name: string): AccountRow | undefined {
    const r = this.db.prepare("SELECT name, subscription, resource_group FROM accounts WHERE name = ?").get(name);
    if (!r) return undefined;
    return {
      name: String(r.name),
      subscription: (r.subscription as string | null) ?? null,
      resourceGroup: (r.resource_group as string | null) ?? null,
    };
  }
  list(): AccountRow[] {
    return this.db
      .prepare("SELECT name FROM accounts ORDER BY name")
      .all()
      .map((r) => this.get(String(r.name))!);
  }
}
