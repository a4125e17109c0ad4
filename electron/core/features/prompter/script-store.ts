import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import type { Script, ScriptSummary } from '../../../shared/contract/prompter';

interface ScriptRow {
  id: string;
  title: string;
  product_id: string | null;
  segment_id: string | null;
  lead_language: string;
  created_at: number;
  updated_at: number;
  languages: string | null;
}

export interface ScriptInput {
  id?: string;
  title: string;
  productId?: string | null;
  segmentId?: string | null;
  leadLanguage: string;
  variants: Record<string, string>;
}

const selectSummary = `
  SELECT s.*, (SELECT json_group_array(language) FROM (SELECT language FROM prompter_variants v WHERE v.script_id = s.id ORDER BY language)) AS languages
  FROM prompter_scripts s`;

/** Scripts and their language variants in SQLite. */
export class ScriptStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly filtered: Statement;
  private readonly summaryById: Statement;
  private readonly variantsOf: Statement;
  private readonly timesOf: Statement;
  private readonly upsertScript: Statement;
  private readonly deleteVariants: Statement;
  private readonly insertVariant: Statement;
  private readonly deleteScript: Statement;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.filtered = db.prepare(
      `${selectSummary}
       WHERE (@productId IS NULL OR s.product_id = @productId) AND (@segmentId IS NULL OR s.segment_id = @segmentId)
       ORDER BY s.title COLLATE NOCASE, s.created_at`,
    );
    this.summaryById = db.prepare(`${selectSummary} WHERE s.id = ?`);
    this.variantsOf = db.prepare('SELECT language, text FROM prompter_variants WHERE script_id = ? ORDER BY language');
    this.timesOf = db.prepare('SELECT created_at, updated_at FROM prompter_scripts WHERE id = ?');
    this.upsertScript = db.prepare(
      `INSERT INTO prompter_scripts (id, title, product_id, segment_id, lead_language, created_at, updated_at)
       VALUES (@id, @title, @productId, @segmentId, @lead, @created, @updated)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, product_id = excluded.product_id,
         segment_id = excluded.segment_id, lead_language = excluded.lead_language, updated_at = excluded.updated_at`,
    );
    this.deleteVariants = db.prepare('DELETE FROM prompter_variants WHERE script_id = ?');
    this.insertVariant = db.prepare('INSERT INTO prompter_variants (script_id, language, text, updated_at) VALUES (?, ?, ?, ?)');
    this.deleteScript = db.prepare('DELETE FROM prompter_scripts WHERE id = ?');
  }

  list(filter: { productId?: string; segmentId?: string }): ScriptSummary[] {
    const rows = this.filtered.all({ productId: filter.productId ?? null, segmentId: filter.segmentId ?? null }) as ScriptRow[];
    return rows.map(toSummary);
  }

  find(id: string): Script | null {
    const row = this.summaryById.get(id) as ScriptRow | undefined;
    if (!row) return null;
    const variants: Record<string, string> = {};
    for (const v of this.variantsOf.all(id) as {
      language: string;
      text: string;
    }[]) {
      variants[v.language] = v.text;
    }
    return { ...toSummary(row), variants };
  }

  get(id: string): Script {
    const found = this.find(id);
    if (!found) throw new HostError('prompter.script_not_found', { id });
    return found;
  }

  /**
   * Creates or replaces a script (every variant given replaces the stored ones; languages not given are
   * removed). updatedAt always grows, so lanes can tell a new revision from an old one.
   */
  save(input: ScriptInput): Script {
    const id = input.id ?? randomUUID();
    return this.db.transaction(() => {
      const existing = this.timesOf.get(id) as
        | { created_at: number; updated_at: number }
        | undefined;
      const time = Math.max(this.now(), (existing?.updated_at ?? 0) + 1);
      this.upsertScript.run({
        id,
        title: input.title,
        productId: input.productId ?? null,
        segmentId: input.segmentId ?? null,
        lead: input.leadLanguage,
        created: existing?.created_at ?? time,
        updated: time,
      });
      this.deleteVariants.run(id);
      for (const [language, text] of Object.entries(input.variants)) this.insertVariant.run(id, language, text, time);
      return this.get(id);
    })();
  }

  delete(id: string): void {
    const { changes } = this.deleteScript.run(id);
    if (changes === 0) throw new HostError('prompter.script_not_found_delete', { id });
  }
}

function toSummary(row: ScriptRow): ScriptSummary {
  return {
    id: row.id,
    title: row.title,
    productId: row.product_id,
    segmentId: row.segment_id,
    leadLanguage: row.lead_language,
    languages: row.languages ? (JSON.parse(row.languages) as string[]) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
