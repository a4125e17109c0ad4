import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../../electron/core/db/checkpointer';
import { closeDatabase, latestSchemaVersion, migrate, openDatabase } from '../../../electron/core/db/database';
import { migrations } from '../../../electron/core/db/migrations';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
function freshFile(): string {
  const t = tempDir();
  temps.push(t);
  return path.join(t.dir, 'broadcart.db');
}
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

/** Every table and index, and every table's columns (a migration may only add columns). */
function schemaOf(db: BetterSqlite3.Database): string[] {
  const objects = (db.prepare(`SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { type: string; name: string }[]);
  return objects.flatMap((o) => [
    `${o.type}:${o.name}`,
    ...(o.type === 'table' ? (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(o.name) as { name: string }[]).map((c) => `column:${o.name}.${c.name}`) : []),
  ]).sort();
}

describe('openDatabase', () => {
  it('creates one file with WAL, foreign keys and the latest schema', () => {
    const file = freshFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    closeDatabase(db);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('refuses a database from a newer app version, naming the file, and leaves it untouched', () => {
    const file = freshFile();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    raw.exec('CREATE TABLE keep_me (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*newer version`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database exactly one schema version ahead (the first version a newer app writes)', () => {
    const file = freshFile();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${latestSchemaVersion() + 1}`);
    raw.exec('CREATE TABLE from_next_version (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(`schema ${latestSchemaVersion() + 1}, this app knows up to ${latestSchemaVersion()}`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('opens a database at exactly the latest schema version without migrating it again', () => {
    const file = freshFile();
    closeDatabase(openDatabase(file));
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    closeDatabase(db);
  });

  it('refuses a corrupt file with a clear error and does not overwrite it', () => {
    const file = freshFile();
    const garbage = Buffer.from('this is not a database, it is a shopping list: tea, silk, mugs\n'.repeat(200));
    fs.writeFileSync(file, garbage);
    expect(() => openDatabase(file)).toThrow(/damaged or is not a Broadcart Studio database/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('rolls back every migration when one fails, leaving the version unchanged', () => {
    const file = freshFile();
    const db = new BetterSqlite3(file);
    const failing = [
      migrations[0]!,
      { version: 2, name: 'breaks', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table') },
    ];
    expect(() => migrate(db, failing)).toThrow(/missing_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(schemaOf(db)).toEqual([]);
    db.close();
  });

  it('refuses a migration list with a gap', () => {
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, [{ ...migrations[0]!, version: 2 }])).toThrow(/expected 1/);
  });
});

/** Polls `check` until it holds, or fails after `ms`. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const walSize = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
/** The WAL header's checkpoint sequence number: it changes each time the log is started again from its beginning. */
function walSequence(file: string): number | null {
  if (walSize(file) < 32) return null;
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    fs.closeSync(fd);
  }
}

describe('WAL checkpoints in a worker thread', () => {
  it('are off on the main connection while the worker runs, and closeDatabase() leaves a clean file without -wal', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    db.exec('CREATE TABLE burst (n INTEGER, payload TEXT)');
    const insert = db.prepare('INSERT INTO burst VALUES (?, ?)');
    for (let i = 0; i < 20; i++) db.transaction(() => { for (let j = 0; j < 500; j++) insert.run(i * 500 + j, 'x'.repeat(300)); })();
    expect(walSize(file)).toBeGreaterThan(0);
    closeDatabase(db);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((check.prepare('SELECT count(*) AS c FROM burst').get() as { c: number }).c).toBe(10_000);
    check.close();
  });

  it('truncates the WAL once the writer has been idle for a while, and not while it keeps writing', async () => {
    const file = freshFile();
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer(db, file, { intervalMs: 20, idleTruncateMs: 1000 });
    db.exec('CREATE TABLE burst (n INTEGER, payload TEXT)');
    const insert = db.prepare('INSERT INTO burst VALUES (?, ?)');
    // Commits every 50 ms for 600 ms: never idle for a second, so the file keeps its size meanwhile.
    let lastCommit = 0;
    for (let i = 0; i < 12; i++) {
      db.transaction(() => { for (let j = 0; j < 100; j++) insert.run(i * 100 + j, 'z'.repeat(300)); })();
      lastCommit = performance.now();
      await new Promise((r) => setTimeout(r, 50));
      expect(walSize(file)).toBeGreaterThan(0);
    }
    await until(() => walSize(file) === 0);
    // Well past the old rule (truncated after one idle tick, 20 ms here); timers may run a little early.
    expect(performance.now() - lastCommit).toBeGreaterThanOrEqual(500);
    checkpointer.stop();
    db.close();
  });

  it('keeps the WAL bounded during a long burst (without it the WAL holds every page written)', async () => {
    const file = freshFile();
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const maxWalBytes = 2 * 1024 * 1024;
    const checkpointer = startCheckpointer(db, file, { intervalMs: 20, maxWalBytes });
    db.exec('CREATE TABLE burst (n INTEGER, payload TEXT)');
    const insert = db.prepare('INSERT INTO burst VALUES (?, ?)');
    const write = db.transaction((from: number) => {
      for (let j = 0; j < 200; j++) insert.run(from + j, 'y'.repeat(300));
    });
    // About 40 MB, with the short pauses between commits a producer leaves (as the session log does).
    let largest = 0;
    let written = 0;
    const sequences = new Set<number>();
    for (let i = 0; i < 600; i++) {
      write(i * 200);
      written = Math.max(written, db.pragma('page_count', { simple: true }) as number);
      largest = Math.max(largest, walSize(file));
      const sequence = walSequence(file);
      if (sequence !== null) sequences.add(sequence);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(checkpointer.running).toBe(true);
    const writtenBytes = written * 4096;
    expect(writtenBytes).toBeGreaterThan(30 * 1024 * 1024);
    // The log went back to its start again and again, so it never held the burst: how often depends on
    // the CPU the checkpointer's thread got (a loaded CI machine gives it less), not whether it works.
    expect(sequences.size, 'times the WAL started again from its beginning').toBeGreaterThanOrEqual(3);
    expect(largest, `largest WAL ${largest} bytes for ${writtenBytes} bytes written`).toBeLessThan(writtenBytes / 2);
    checkpointer.stop();
    expect(checkpointer.running).toBe(false);
    db.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('falls back to automatic checkpoints on the main connection when the worker fails, and reports it once', async () => {
    const file = freshFile();
    const db = openDatabase(file, { checkpointInWorker: false });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const failures: Error[] = [];
    // A native binding that does not exist: the worker cannot open its connection.
    const checkpointer = startCheckpointer(db, file, { nativeBinding: path.join(path.dirname(file), 'missing.node'), onFailure: (e) => failures.push(e) });
    await until(() => failures.length > 0);
    expect(checkpointer.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    checkpointer.stop();
    closeDatabase(db);
    expect(failures).toHaveLength(1);
  });
});

describe('each migration', () => {
  for (const migration of migrations) {
    it(`${migration.version}: ${migration.name} applies on top of the ones before it`, () => {
      const db = new BetterSqlite3(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations.slice(0, migration.version - 1));
      const before = schemaOf(db);
      expect(migrate(db, migrations.slice(0, migration.version))).toBe(migration.version);
      expect(db.pragma('user_version', { simple: true })).toBe(migration.version);
      expect(schemaOf(db), 'a migration changes the schema').not.toEqual(before);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('1 and 2 create the settings, metadata, product and price tables', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 2));
    expect(schemaOf(db)).toEqual(expect.arrayContaining(['table:settings', 'table:host_meta', 'table:products', 'table:product_prices']));
    db.close();
  });
});
