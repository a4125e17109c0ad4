import type { Migration } from './types';

/**
 * Platform connections (TikTok Shop, Shopify, YouTube, Twitch), catalog products linked to their
 * counterparts on each connection, and what each deal did on each connection. Credentials are not here:
 * they live in the secret store (`host_meta`, encrypted), under `platform.<connection id>`. Platform
 * calls themselves are rows of the durable `outbox` with target `platform:<connection id>`.
 */
export const platformMigration: Migration = {
  version: 7,
  name: 'platform connections, product links, deal pushes',
  up(db) {
    db.exec(`
      CREATE TABLE platform_connections (
        id             TEXT PRIMARY KEY,
        platform       TEXT NOT NULL CHECK (platform IN ('tiktok-shop','shopify','youtube','twitch')),
        label          TEXT NOT NULL,
        markets        TEXT NOT NULL DEFAULT '[]',
        api_base       TEXT,
        auth_base      TEXT,
        enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        state          TEXT NOT NULL DEFAULT 'needs-auth' CHECK (state IN ('connected','needs-auth','error','off')),
        state_code     TEXT,
        state_params   TEXT,
        message        TEXT NOT NULL DEFAULT '',
        account        TEXT,
        token_expires_at INTEGER,
        announce       TEXT NOT NULL DEFAULT '{}',
        checked_at     INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE platform_links (
        connection_id     TEXT NOT NULL REFERENCES platform_connections(id) ON DELETE CASCADE,
        product_id        TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        remote_product_id TEXT NOT NULL,
        remote_sku_ids    TEXT NOT NULL DEFAULT '[]',
        linked_by         TEXT NOT NULL CHECK (linked_by IN ('sku','manual')),
        linked_at         INTEGER NOT NULL,
        PRIMARY KEY (connection_id, product_id)
      ) STRICT;

      -- No foreign key to platform_connections: what a deal did on a connection stays on the deal's
      -- record after the connection is removed.
      CREATE TABLE deal_platforms (
        deal_id        TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        connection_id  TEXT NOT NULL,
        platform       TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('pending','created','live','ended','failed','skipped')),
        remote_id      TEXT,
        code           TEXT,
        message        TEXT,
        error_code     TEXT,
        updated_at     INTEGER NOT NULL,
        PRIMARY KEY (deal_id, connection_id)
      ) STRICT;
      CREATE INDEX deal_platforms_connection ON deal_platforms (connection_id, deal_id);
    `);
  },
};
