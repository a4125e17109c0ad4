import type { Migration } from './types';

/**
 * Commerce: price history, flash deals, rundowns, pinned cards and the webhook outbox.
 * Why a price history table: EU law (Omnibus, Directive 98/6/EC Art. 6a) and platform rules compare a
 * deal price with the lowest price of the previous 30 days, so every price change is kept with its date.
 * `rundown_items.session_id` has no foreign key: sessions belong to the session log, which may replace
 * or prune them; a rundown survives that and simply stops pointing anywhere.
 */
export const commerceMigration: Migration = {
  version: 5,
  name: 'commerce: price history, deals, rundown, pinned cards, outbox',
  up(db) {
    db.exec(`
      CREATE TABLE price_history (
        id            INTEGER PRIMARY KEY,
        product_id    TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        market        TEXT NOT NULL,
        currency      TEXT NOT NULL,
        amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
        changed_at    INTEGER NOT NULL,
        source        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX price_history_lookup ON price_history (product_id, market, changed_at);

      CREATE TABLE deals (
        id                 TEXT PRIMARY KEY,
        product_id         TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        market             TEXT NOT NULL,
        currency           TEXT NOT NULL,
        deal_price_minor   INTEGER NOT NULL CHECK (deal_price_minor >= 0),
        regular_price_minor INTEGER NOT NULL,
        stock_initial      INTEGER NOT NULL CHECK (stock_initial >= 0),
        stock              INTEGER NOT NULL CHECK (stock >= 0),
        per_buyer_limit    INTEGER,
        duration_s         INTEGER NOT NULL CHECK (duration_s > 0),
        lead_in_s          INTEGER NOT NULL DEFAULT 0,
        start_at           INTEGER,
        state              TEXT NOT NULL CHECK (state IN ('scheduled','countdown','live','ended','sold-out','cancelled')),
        created_at         INTEGER NOT NULL,
        countdown_ends_at  INTEGER,
        live_at            INTEGER,
        ends_at            INTEGER,
        finished_at        INTEGER,
        finish_reason      TEXT,
        units_sold         INTEGER NOT NULL DEFAULT 0,
        revenue_minor      INTEGER NOT NULL DEFAULT 0,
        override_reason    TEXT
      ) STRICT;
      CREATE INDEX deals_state ON deals (state);

      CREATE TABLE rundown_items (
        id          TEXT PRIMARY KEY,
        session_id  TEXT,
        position    INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('product','segment')),
        product_id  TEXT REFERENCES products(id) ON DELETE SET NULL,
        title       TEXT NOT NULL DEFAULT '',
        script_id   TEXT,
        notes       TEXT NOT NULL DEFAULT '',
        duration_s  INTEGER,
        is_current  INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))
      ) STRICT;
      CREATE INDEX rundown_order ON rundown_items (session_id, position);

      CREATE TABLE card_pins (
        output      TEXT PRIMARY KEY,
        product_id  TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        market      TEXT NOT NULL,
        pinned_at   INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE outbox (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        target           TEXT NOT NULL,
        key              TEXT NOT NULL UNIQUE,
        event            TEXT NOT NULL,
        product_id       TEXT,
        body             TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  INTEGER NOT NULL,
        last_http_status INTEGER,
        last_error       TEXT,
        delivered_at     INTEGER
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (target, status, seq);
    `);
  },
};
