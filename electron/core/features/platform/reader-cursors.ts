import type { Database, Statement } from 'better-sqlite3';

/**
 * Where each reader of each connection resumes (audience_cursors): a Shopify orders cursor, a TikTok
 * page token and update time, a YouTube chat page token. A reader saves its cursor only after what the
 * cursor covers is stored, so a crash in between reads a page again (duplicates are dropped by id).
 */
export class ReaderCursors {
  private readonly read: Statement;
  private readonly write: Statement;

  constructor(db: Database) {
    this.read = db.prepare('SELECT cursor FROM audience_cursors WHERE connection_id = ? AND stream = ?');
    this.write = db.prepare(
      `INSERT INTO audience_cursors (connection_id, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (connection_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    );
  }

  get(connectionId: string, stream: 'chat' | 'orders' | 'viewers'): string | null {
    return (this.read.get(connectionId, stream) as { cursor: string } | undefined)?.cursor ?? null;
  }

  set(connectionId: string, stream: 'chat' | 'orders' | 'viewers', cursor: string, at: number): void {
    this.write.run(connectionId, stream, cursor, at);
  }
}
