import { randomInt } from 'node:crypto';
import type { Migration } from './types';

/** Letters and digits that cannot be misread for each other on a prompter (no 0/O, 1/I/L). */
const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Deal codes: the short name a script's `[[deal:CODE]]` cue uses instead of the deal's UUID. Existing
 * deals get a generated code (SKU prefix and four characters), unique across every deal. The unique index
 * covers only deals that have not finished, so a script can run a new deal under the same code next show.
 * (This migration keeps its own generator on purpose: a shipped migration must not change with the app.)
 */
export const dealCodesMigration: Migration = {
  version: 6,
  name: 'deal codes for script cues',
  up(db) {
    db.exec('ALTER TABLE deals ADD COLUMN code TEXT');
    const deals = db.prepare('SELECT d.id, p.sku FROM deals d JOIN products p ON p.id = d.product_id ORDER BY d.created_at').all() as {
      id: string;
      sku: string;
    }[];
    const used = new Set<string>();
    const setCode = db.prepare('UPDATE deals SET code = ? WHERE id = ?');
    for (const { id, sku } of deals) {
      const prefix = (sku.toUpperCase().match(/[A-Z0-9]+/)?.[0] ?? 'DEAL').slice(0, 6);
      let code: string;
      do code = `${prefix}-${Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;
      while (used.has(code));
      used.add(code);
      setCode.run(code, id);
    }
    db.exec(`
      CREATE UNIQUE INDEX deals_open_code ON deals (code) WHERE state IN ('scheduled', 'countdown', 'live');
      CREATE INDEX deals_code ON deals (code, created_at);
    `);
  },
};
