import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { HostError } from '../../shared/contract';
import { systemErrorParams } from '../../shared/contract/error-terms';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { migrations as allMigrations, type Migration } from './migrations';

export const databaseFileName = 'broadcart.db';
/** How long a connection waits for another one's write lock before SQLITE_BUSY. */
export const busyTimeoutMs = 5000;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron loads its own build). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** WAL checkpoints in a worker thread (default for a writable file); false: SQLite's automatic ones. */
  checkpointInWorker?: boolean;
}

/** The checkpoint worker of each connection openDatabase() started one for. */
const checkpointers = new WeakMap<Database, Checkpointer>();

/**
 * Closes a connection from openDatabase(). Its checkpoint worker stops first, so the main connection is
 * the last one and removes the -wal file as on any clean close.
 */
export function closeDatabase(db: Database): void {
  checkpointers.get(db)?.stop();
  checkpointers.delete(db);
  db.close();
}

/**
 * Opens (or creates) the database file, then brings its schema up to date.
 * - WAL, so readers (the review pages) never block the session log's writer.
 * - synchronous=NORMAL: in WAL mode a process crash loses nothing that was committed, and a power
 *   loss may lose only the last commits, never corrupt the file. The session log relies on this.
 * - WAL checkpoints run in a worker thread (checkpointer.ts), so a commit on the main thread never
 *   carries one.
 * - A file from a newer app version or a file that is not a SQLite database is refused with an error
 *   naming it, and is left exactly as it was.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const migrations = options.migrations ?? allMigrations;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database;
  try {
    db = new BetterSqlite3(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    throw new HostError('db.cannot_open', { file, ...systemErrorParams(error) });
  }
  try {
    // Reading the schema is the first thing that fails on a file that is not a database.
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
    if (version > latest) {
      throw new HostError('db.newer_schema', { file, version, latest }
      );
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten rows are zeroed in their pages (at no extra I/O), so what a user deletes
    // (a forgotten viewer, an expired comment text) is not left in the file's free space. Erasures turn
    // it fully ON for their duration (free pages too).
    db.pragma('secure_delete = FAST');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!options.readonly) migrate(db, migrations);
    if (!options.readonly && options.checkpointInWorker !== false) {
      // Checkpoints off the main thread (see checkpointer.ts); closeDatabase() stops the worker.
      checkpointers.set(db, startCheckpointer(db, file, { nativeBinding: options.nativeBinding }));
    }
    return db;
  } catch (error) {
    closeDatabase(db);
    if (error instanceof HostError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new HostError('db.damaged', { file, reason: code }
      );
    }
    throw error;
  }
}

/** Applies every pending migration in order, all in one transaction: either all apply or none does. */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return pending[pending.length - 1]!.version;
}

export function latestSchemaVersion(): number {
  return allMigrations[allMigrations.length - 1]!.version;
}
