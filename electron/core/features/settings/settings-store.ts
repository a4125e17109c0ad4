import type { Database } from 'better-sqlite3';
import {
  defaultSettings,
  settingsSchema,
  settingsSections,
  settingsSectionsSpec,
  type Settings,
  type SettingsPatch,
  type SettingsSection,
} from '../../../shared/contract/settings';
import type { EventBus } from '../../bus';

/**
 * Settings, one JSON row per section. Reads are served from memory; every change is written in one
 * transaction and published as `settings.changed`. A stored section that no longer validates (an
 * older or hand-edited row) falls back to defaults field by field instead of failing the start.
 */
export class SettingsStore {
  private current: Settings;
  private readonly upsert;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO settings (section, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  section<S extends SettingsSection>(name: S): Settings[S] {
    return structuredClone(this.current[name]);
  }

  set(patch: SettingsPatch): Settings {
    if (Object.keys(patch).length === 0) return this.get();
    const next = structuredClone(this.current) as Record<SettingsSection, Record<string, unknown>>;
    for (const name of Object.keys(patch) as SettingsSection[]) {
      Object.assign(next[name], patch[name]);
    }
    const validated = settingsSchema.parse(next);
    const time = this.now();
    this.db.transaction(() => {
      for (const name of Object.keys(patch) as SettingsSection[]) {
        this.upsert.run(name, JSON.stringify(validated[name]), time);
      }
    })();
    this.current = validated;
    this.bus.publish('settings.changed', this.get());
    return this.get();
  }

  private load(): Settings {
    const rows = this.db.prepare('SELECT section, value FROM settings').all() as { section: string; value: string }[];
    const stored = new Map(rows.map((r) => [r.section, JSON.parse(r.value) as Record<string, unknown>]));
    const result = defaultSettings() as Record<SettingsSection, Record<string, unknown>>;
    for (const name of settingsSections) {
      const saved = stored.get(name);
      if (!saved) continue;
      const spec = settingsSectionsSpec[name];
      for (const [field, value] of Object.entries(saved)) {
        const fieldSchema = (spec.complete.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[field];
        if (fieldSchema?.safeParse(value).success) result[name][field] = value;
      }
    }
    return settingsSchema.parse(result);
  }
}
