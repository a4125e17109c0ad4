import type { Migration } from './types';

export const catalogMigration: Migration = {
  version: 2,
  name: 'catalog: products with localized text and per-market prices',
  up(db) {
    db.exec(`
      CREATE TABLE products (
        id         TEXT PRIMARY KEY,
        sku        TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL CHECK (json_valid(name)),
        pitch      TEXT NOT NULL CHECK (json_valid(pitch)),
        bullets    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(bullets)),
        images     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(images)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE product_prices (
        product_id     TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        market         TEXT NOT NULL,
        currency       TEXT NOT NULL,
        amount_minor   INTEGER NOT NULL CHECK (amount_minor >= 0),
        tax_inclusive  INTEGER NOT NULL CHECK (tax_inclusive IN (0, 1)),
        shipping_time  TEXT,
        purchase_url   TEXT,
        PRIMARY KEY (product_id, market)
      ) STRICT;
    `);
  },
};
