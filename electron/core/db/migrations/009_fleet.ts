import type { Migration } from './types';

/**
 * What of each session is already in the fleet's central store, per target (the server and database
 * the URL names: another server starts from nothing). `synced_seq`: every event up to it is committed
 * centrally; it only advances after the central commit, so a crash in between re-sends rows the server
 * ignores (rows are keyed by studio, session and seq). `synced_meta`: the session row as last sent.
 */
export const fleetMigration: Migration = {
  version: 9,
  name: 'fleet: per-session sync cursors',
  up(db) {
    db.exec(`
      CREATE TABLE fleet_cursors (
        target      TEXT NOT NULL,
        session_id  TEXT NOT NULL,
        synced_seq  INTEGER NOT NULL,
        synced_meta TEXT,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (target, session_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
