import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import type { Script, ScriptSummary, ScriptVersion, VersionPick } from '../../../shared/contract/prompter';

interface ScriptRow {
  id: string;
  title: string;
  product_id: string | null;
  segment_id: string | null;
  lead_language: string;
  version_pick: VersionPick;
  created_at: number;
  updated_at: number;
  languages: string | null;
  versions: string | null;
}

export interface ScriptInput {
  id?: string;
  title: string;
  productId?: string | null;
  segmentId?: string | null;
  leadLanguage: string;
  /** The first version's language variants; the other versions stay as stored. */
  variants?: Record<string, string>;
  /** Every A/B version (replaces the stored ones). */
  versions?: ScriptVersion[];
  versionPick?: VersionPick;
}

/** The name a script's only version has when nobody named one (scripts from before versions, imports). */
export const firstVersionName = 'A';

// The summary's languages are the first version's; versions are listed in their order.
const selectSummary = `
  SELECT s.*,
    (SELECT json_group_array(language) FROM (SELECT v.language FROM prompter_variants v
       WHERE v.script_id = s.id AND v.version = (SELECT name FROM prompter_versions WHERE script_id = s.id ORDER BY position LIMIT 1)
       ORDER BY v.language)) AS languages,
    (SELECT json_group_array(name) FROM (SELECT name FROM prompter_versions WHERE script_id = s.id ORDER BY position)) AS versions
  FROM prompter_scripts s`;

/** Scripts, their A/B versions and each version's language variants, in SQLite. */
export class ScriptStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly filtered: Statement;
  private readonly summaryById: Statement;
  private readonly textsOf: Statement;
  private readonly timesOf: Statement;
  private readonly upsertScript: Statement;
  private readonly deleteVariants: Statement;
  private readonly insertVariant: Statement;
  private readonly deleteVersions: Statement;
  private readonly insertVersion: Statement;
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
    this.textsOf = db.prepare('SELECT version, language, text FROM prompter_variants WHERE script_id = ? ORDER BY language');
    this.timesOf = db.prepare('SELECT created_at, updated_at, version_pick FROM prompter_scripts WHERE id = ?');
    this.upsertScript = db.prepare(
      `INSERT INTO prompter_scripts (id, title, product_id, segment_id, lead_language, version_pick, created_at, updated_at)
       VALUES (@id, @title, @productId, @segmentId, @lead, @pick, @created, @updated)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, product_id = excluded.product_id,
         segment_id = excluded.segment_id, lead_language = excluded.lead_language, version_pick = excluded.version_pick,
         updated_at = excluded.updated_at`,
    );
    this.deleteVariants = db.prepare('DELETE FROM prompter_variants WHERE script_id = ?');
    this.insertVariant = db.prepare('INSERT INTO prompter_variants (script_id, version, language, text, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.deleteVersions = db.prepare('DELETE FROM prompter_versions WHERE script_id = ?');
    this.insertVersion = db.prepare('INSERT INTO prompter_versions (script_id, position, name) VALUES (?, ?, ?)');
    this.deleteScript = db.prepare('DELETE FROM prompter_scripts WHERE id = ?');
  }

  list(filter: { productId?: string; segmentId?: string }): ScriptSummary[] {
    const rows = this.filtered.all({ productId: filter.productId ?? null, segmentId: filter.segmentId ?? null }) as ScriptRow[];
    return rows.map(toSummary);
  }

  find(id: string): Script | null {
    const row = this.summaryById.get(id) as ScriptRow | undefined;
    if (!row) return null;
    const summary = toSummary(row);
    const versions: ScriptVersion[] = summary.versions.map((name) => ({ name, variants: {} }));
    for (const v of this.textsOf.all(id) as { version: string; language: string; text: string }[]) {
      const version = versions.find((x) => x.name === v.version);
      if (version) version.variants[v.language] = v.text;
    }
    return { ...summary, variants: versions[0]?.variants ?? {}, versions };
  }

  get(id: string): Script {
    const found = this.find(id);
    if (!found) throw new HostError('prompter.script_not_found', { id });
    return found;
  }

  /**
   * Creates or replaces a script. `versions` replaces every version; `variants` alone replaces the first
   * version's language variants (languages not given are removed from it) and keeps the others. updatedAt
   * always grows, so lanes can tell a new revision from an old one.
   */
  save(input: ScriptInput): Script {
    const id = input.id ?? randomUUID();
    return this.db.transaction(() => {
      const existing = this.timesOf.get(id) as { created_at: number; updated_at: number; version_pick: VersionPick } | undefined;
      const stored = existing ? this.find(id) : null;
      let versions: ScriptVersion[];
      if (input.versions) versions = input.versions.map((v) => ({ name: v.name.trim(), variants: v.variants }));
      else {
        const first = stored?.versions[0]?.name ?? firstVersionName;
        versions = [{ name: first, variants: input.variants ?? {} }, ...(stored?.versions.slice(1) ?? [])];
      }
      const time = Math.max(this.now(), (existing?.updated_at ?? 0) + 1);
      this.upsertScript.run({
        id,
        title: input.title,
        productId: input.productId ?? null,
        segmentId: input.segmentId ?? null,
        lead: input.leadLanguage,
        pick: input.versionPick ?? existing?.version_pick ?? 'first',
        created: existing?.created_at ?? time,
        updated: time,
      });
      this.deleteVariants.run(id);
      this.deleteVersions.run(id);
      versions.forEach((version, position) => {
        this.insertVersion.run(id, position, version.name);
        for (const [language, text] of Object.entries(version.variants)) this.insertVariant.run(id, version.name, language, text, time);
      });
      return this.get(id);
    })();
  }

  delete(id: string): void {
    const { changes } = this.deleteScript.run(id);
    if (changes === 0) throw new HostError('prompter.script_not_found_delete', { id });
  }
}

/** The version of a script by name (case-insensitive), or a clear error naming the versions it has. */
export function versionOf(script: Script, name: string): ScriptVersion {
  const wanted = name.trim().toLowerCase();
  const found = script.versions.find((v) => v.name.toLowerCase() === wanted);
  if (!found) throw new HostError('prompter.version_not_found', { version: name, versions: script.versions.map((v) => v.name).join(', ') });
  return found;
}

function toSummary(row: ScriptRow): ScriptSummary {
  const versions = row.versions ? (JSON.parse(row.versions) as string[]) : [];
  return {
    id: row.id,
    title: row.title,
    productId: row.product_id,
    segmentId: row.segment_id,
    leadLanguage: row.lead_language,
    languages: row.languages ? (JSON.parse(row.languages) as string[]) : [],
    versions: versions.length > 0 ? versions : [firstVersionName],
    versionPick: row.version_pick,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
