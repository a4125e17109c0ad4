import type { Migration } from './types';

/**
 * The audience coming back (contract/audience.ts): comments, where each platform reader resumes, and
 * orders. No viewer or buyer personal data: a comment keeps the author's display name (shown in the dock,
 * removed with the text after the chat retention) and a keyed hash of the author id, never the id; an
 * order keeps ids, times, status, lines and amounts, never a name, address, email or phone.
 */
export const audienceMigration: Migration = {
  version: 8,
  name: 'chat messages, reader cursors, orders',
  up(db) {
    db.exec(`
      CREATE TABLE chat_messages (
        id             TEXT PRIMARY KEY,          -- <platform>:<messageId>, the dedupe key
        platform       TEXT NOT NULL,
        connection_id  TEXT,                      -- null: fed by a bridge through chat.ingest
        message_id     TEXT NOT NULL,
        session_id     TEXT,
        at             INTEGER NOT NULL,
        received_at    INTEGER NOT NULL,
        author_name    TEXT NOT NULL,
        author_key     TEXT NOT NULL,
        text           TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('text','superChat','member','moderator')),
        amount         TEXT,                      -- JSON {currency, amountMinor, minorDigits}
        language       TEXT,
        question       INTEGER NOT NULL DEFAULT 0 CHECK (question IN (0, 1)),
        starred        INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        answered       INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
        hidden         INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        hidden_by      TEXT,
        pinned_at      INTEGER
      ) STRICT;
      CREATE INDEX chat_messages_at ON chat_messages (at);
      CREATE INDEX chat_messages_session ON chat_messages (session_id, at);
      CREATE INDEX chat_messages_author ON chat_messages (platform, author_key);

      -- Where each reader of each connection resumes after a restart: a YouTube page token, a Shopify
      -- orders cursor, a TikTok page token and update time. Saved after what it covers is stored.
      CREATE TABLE audience_cursors (
        connection_id  TEXT NOT NULL,
        stream         TEXT NOT NULL,             -- chat, orders, viewers
        cursor         TEXT NOT NULL,
        updated_at     INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream)
      ) STRICT;

      CREATE TABLE orders (
        connection_id  TEXT NOT NULL,
        order_id       TEXT NOT NULL,
        platform       TEXT NOT NULL,
        session_id     TEXT,
        placed_at      INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('open','paid','cancelled','refunded','partiallyRefunded')),
        currency       TEXT NOT NULL,
        minor_digits   INTEGER NOT NULL,
        total_minor    INTEGER NOT NULL,
        lines          TEXT NOT NULL,             -- JSON OrderLine[] with their attribution
        PRIMARY KEY (connection_id, order_id)
      ) STRICT;
      CREATE INDEX orders_session ON orders (session_id, placed_at);

      -- Shopify webhooks delivered (X-Shopify-Webhook-Id): a repeat delivery is dropped.
      CREATE TABLE webhook_deliveries (
        webhook_id     TEXT PRIMARY KEY,
        connection_id  TEXT NOT NULL,
        received_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
    `);
  },
};
