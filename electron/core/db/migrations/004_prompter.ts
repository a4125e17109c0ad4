import type { Migration } from './types';

/**
 * Teleprompter scripts. A script belongs to a product (product_id) or a rundown segment (segment_id,
 * free text), or to neither; it has one variant per language. product_id has no foreign key: a script
 * outlives a product removed from the catalog, and the catalog's schema stays its own.
 */
export const prompterMigration: Migration = {
  version: 4,
  name: 'prompter: scripts and their language variants',
  up(db) {
    db.exec(`
      CREATE TABLE prompter_scripts (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        product_id    TEXT,
        segment_id    TEXT,
        lead_language TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX prompter_scripts_by_product ON prompter_scripts (product_id) WHERE product_id IS NOT NULL;
      CREATE INDEX prompter_scripts_by_segment ON prompter_scripts (segment_id) WHERE segment_id IS NOT NULL;
      CREATE TABLE prompter_variants (
        script_id  TEXT NOT NULL REFERENCES prompter_scripts (id) ON DELETE CASCADE,
        language   TEXT NOT NULL,
        text       TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (script_id, language)
      ) STRICT;
    `);
  },
};
