import type { Migration } from './types';

/**
 * The session log.
 * - `sessions`: one row per broadcast. At most one is live (a partial unique index enforces it).
 *   `event_count` and `last_event_at` are kept by the writer in the same transaction as the events.
 * - `session_events`: append-only, keyed by (session, seq); WITHOUT ROWID so the rows of one session sit
 *   together in key order and a page of the events table is a single range seek.
 * - `session_kind_counts` and `session_health`: small pre-aggregated tables the writer updates with
 *   each batch (one upsert per kind / per 5-second bucket touched), so the review's summary and health
 *   chart never scan a million events.
 * - `session_spans` (scenes, products on air, deals), `session_points` (marks, notes, alarms, errors...)
 *   and `session_product_sales`: maintained by the writer in the same transaction as the events (only
 *   the rare kinds touch them), so the timeline and the per-product table read a few thousand rows,
 *   never the million events. An open span has `to_at` NULL and `open_key` set to what closes it.
 */
export const sessionLogMigration: Migration = {
  version: 3,
  name: 'sessionlog: sessions, their events and pre-aggregated review tables',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id             TEXT PRIMARY KEY,
        title          TEXT NOT NULL,
        market         TEXT NOT NULL,
        hosts          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(hosts)),
        languages      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
        notes          TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL CHECK (status IN ('live', 'ended', 'interrupted')),
        started_at     INTEGER NOT NULL,
        ended_at       INTEGER,
        last_event_at  INTEGER,
        interrupted_at INTEGER,
        event_count    INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE UNIQUE INDEX sessions_one_live ON sessions (status) WHERE status = 'live';
      CREATE INDEX sessions_by_start ON sessions (started_at);

      CREATE TABLE session_events (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        at         INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        product_id TEXT,
        payload    TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
      ) STRICT, WITHOUT ROWID;
      -- Timeline lanes, the per-product table (pin and deal kinds) and the events table's kind filter.
      -- The review names it with INDEXED BY: the planner would otherwise walk the primary key.
      CREATE INDEX session_events_by_kind ON session_events (session_id, kind, seq);

      CREATE TABLE session_kind_counts (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        n          INTEGER NOT NULL,
        PRIMARY KEY (session_id, kind)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE session_health (
        session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        bucket_at      INTEGER NOT NULL,
        samples        INTEGER NOT NULL,
        fps_min        REAL,
        fps_sum        REAL,
        fps_n          INTEGER NOT NULL DEFAULT 0,
        cpu_max        REAL,
        dropped_max    REAL,
        skipped_max    REAL,
        congestion_max REAL,
        bps_sum        REAL,
        bps_n          INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, bucket_at)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE session_spans (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        lane       TEXT NOT NULL CHECK (lane IN ('scene', 'product', 'deal')),
        from_at    INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        to_at      INTEGER,
        -- While open: the scene lane's '', the product lane's output, the deal lane's deal id. NULL once closed.
        open_key   TEXT,
        label      TEXT NOT NULL,
        product_id TEXT,
        outcome    TEXT,
        PRIMARY KEY (session_id, lane, from_at, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX session_spans_open ON session_spans (session_id, lane, open_key) WHERE open_key IS NOT NULL;

      CREATE TABLE session_points (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        at         INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        payload    TEXT NOT NULL,
        PRIMARY KEY (session_id, kind, at, seq)
      ) STRICT, WITHOUT ROWID;

      -- Per product and currency ('' when a deal event names none): deals started, units sold, revenue.
      CREATE TABLE session_product_sales (
        session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        product_id    TEXT NOT NULL,
        currency      TEXT NOT NULL,
        deals_run     INTEGER NOT NULL DEFAULT 0,
        units_sold    REAL NOT NULL DEFAULT 0,
        revenue_minor REAL,
        PRIMARY KEY (session_id, product_id, currency)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
