import type { Migration } from './types';

/**
 * A/B versions of a script (contract/prompter.ts `versions`): each script has one or more named versions,
 * each with its text per language. Every script stored before this keeps its text as its version "A",
 * row for row (no text is rewritten); `version_pick` says how prompter.load picks a version when the host
 * names none (first, or alternate between sessions). prompter_variants is rebuilt because its primary key
 * gains the version.
 */
export const scriptVersionsMigration: Migration = {
  version: 11,
  name: 'prompter: A/B versions of scripts',
  up(db) {
    db.exec(`
      ALTER TABLE prompter_scripts ADD COLUMN version_pick TEXT NOT NULL DEFAULT 'first' CHECK (version_pick IN ('first', 'alternate'));
      CREATE TABLE prompter_versions (
        script_id TEXT NOT NULL REFERENCES prompter_scripts (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        name      TEXT NOT NULL,
        PRIMARY KEY (script_id, position)
      ) STRICT;
      CREATE UNIQUE INDEX prompter_versions_by_name ON prompter_versions (script_id, name COLLATE NOCASE);
      INSERT INTO prompter_versions (script_id, position, name) SELECT id, 0, 'A' FROM prompter_scripts;

      CREATE TABLE prompter_version_texts (
        script_id  TEXT NOT NULL REFERENCES prompter_scripts (id) ON DELETE CASCADE,
        version    TEXT NOT NULL,
        language   TEXT NOT NULL,
        text       TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (script_id, version, language)
      ) STRICT;
      INSERT INTO prompter_version_texts (script_id, version, language, text, updated_at)
        SELECT script_id, 'A', language, text, updated_at FROM prompter_variants;
      DROP TABLE prompter_variants;
      ALTER TABLE prompter_version_texts RENAME TO prompter_variants;
    `);
  },
};
