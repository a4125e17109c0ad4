import type { Migration } from './types';

export const baseMigration: Migration = {
  version: 1,
  name: 'base: settings and host metadata',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        section    TEXT PRIMARY KEY,
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;
      -- Facts about this data folder (its id, when it was created, whether the demo was seeded).
      CREATE TABLE host_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
