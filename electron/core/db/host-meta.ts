import type { Database, Statement } from 'better-sqlite3';

/**
 * The host's own small facts (`host_meta`: the run marker, "demo seeded" flags, stored secrets' cipher
 * texts), one place for their SQL. Statements are prepared once per connection.
 */
export class HostMetaStore {
  private readonly select: Statement<[string]>;
  private readonly upsert: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly selectPrefix: Statement<[string, string]>;

  constructor(readonly db: Database) {
    this.select = db.prepare('SELECT value FROM host_meta WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO host_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM host_meta WHERE key = ?');
    this.selectPrefix = db.prepare('SELECT key, value FROM host_meta WHERE substr(key, 1, length(?)) = ? ORDER BY key');
  }

  get(key: string): string | null {
    return (this.select.get(key) as { value: string } | undefined)?.value ?? null;
  }

  has(key: string): boolean {
    return this.get(key) !== null;
  }

  set(key: string, value: string): void {
    this.upsert.run(key, value);
  }

  delete(key: string): void {
    this.remove.run(key);
  }

  /** Every entry whose key starts with `prefix`, in key order. */
  entries(prefix: string): { key: string; value: string }[] {
    return this.selectPrefix.all(prefix, prefix) as { key: string; value: string }[];
  }
}
