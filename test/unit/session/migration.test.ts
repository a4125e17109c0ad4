import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, migrate } from '../../../electron/core/db/database';
import { migrations } from '../../../electron/core/db/migrations';
import { tempDir } from '../../support/temp';

const temp = tempDir('broadcart-mig-');
afterEach(() => {});

describe('migration 003 (session log)', () => {
  it('applies on top of 002 and creates the tables, the one-live rule and cascading deletes', () => {
    const file = path.join(temp.dir, 'm.db');
    const raw = new BetterSqlite3(file);
    migrate(raw, migrations.slice(0, 2));
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'session%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['session_events', 'session_health', 'session_kind_counts', 'session_points', 'session_product_sales', 'session_spans', 'sessions']);

    const insert = db.prepare(`INSERT INTO sessions (id, title, market, status, started_at) VALUES (?, 't', 'US', ?, 0)`);
    insert.run('a', 'live');
    expect(() => insert.run('b', 'live')).toThrow(/UNIQUE/);
    insert.run('b', 'ended');
    expect(() => insert.run('c', 'paused')).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO session_events VALUES ('nope', 1, 0, 'x', NULL, '{}')`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO session_events VALUES ('b', 1, 0, 'x', NULL, '{}')`).run();
    db.prepare(`INSERT INTO session_kind_counts VALUES ('b', 'x', 1)`).run();
    expect(() => db.prepare(`INSERT INTO session_events VALUES ('b', 1, 5, 'y', NULL, '{}')`).run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare(`DELETE FROM sessions WHERE id = 'b'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM session_events').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM session_kind_counts').get()).toEqual({ n: 0 });
    closeDatabase(db);
    temp.cleanup();
  });

  it('uses the indexes for pages and kinds (no full scans)', () => {
    const dir = tempDir('broadcart-mig2-');
    const db = openDatabase(path.join(dir.dir, 'q.db'));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT * FROM session_events WHERE session_id = 'a' AND seq > 10 ORDER BY seq LIMIT 10`)).toMatch(/SEARCH session_events USING PRIMARY KEY/);
    // The review names the kind index explicitly (INDEXED BY fails to prepare if the index cannot serve the query).
    expect(plan(`SELECT * FROM session_events INDEXED BY session_events_by_kind WHERE session_id = 'a' AND kind = 'session.mark' ORDER BY seq`)).toMatch(
      /SEARCH session_events USING INDEX session_events_by_kind \(session_id=\? AND kind=\?\)/,
    );
    closeDatabase(db);
    dir.cleanup();
  });
});
