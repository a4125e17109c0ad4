import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/bus';
import { closeDatabase, openDatabase } from '../../../electron/core/db/database';
import { SettingsStore } from '../../../electron/core/features/settings/settings-store';
import { defaultSettings } from '../../../electron/shared/contract/settings';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
function db() {
  const t = tempDir();
  temps.push(t);
  return { file: path.join(t.dir, 'broadcart.db') };
}

describe('settings', () => {
  it('starts from complete defaults', () => {
    const { file } = db();
    const d = openDatabase(file);
    expect(new SettingsStore(d, new EventBus()).get()).toEqual(defaultSettings());
    closeDatabase(d);
  });

  it('keeps a change across restarts, publishes it, and leaves other fields alone', () => {
    const { file } = db();
    let d = openDatabase(file);
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.on('settings.changed', (e) => seen.push(e.payload));
    const store = new SettingsStore(d, bus);
    store.set({ general: { language: 'zh-CN' }, prompter: { fontSizePx: 72 } });
    expect(seen).toHaveLength(1);
    closeDatabase(d);

    d = openDatabase(file);
    const reloaded = new SettingsStore(d, new EventBus()).get();
    expect(reloaded.general.language).toBe('zh-CN');
    expect(reloaded.general.defaultMarket).toBe('US');
    expect(reloaded.prompter.fontSizePx).toBe(72);
    expect(reloaded.prompter.lineHeight).toBe(defaultSettings().prompter.lineHeight);
    closeDatabase(d);
  });

  it('refuses an invalid value and keeps the saved one', () => {
    const { file } = db();
    const d = openDatabase(file);
    const store = new SettingsStore(d, new EventBus());
    expect(() => store.set({ prompter: { fontSizePx: 9000 } })).toThrow();
    expect(store.get().prompter.fontSizePx).toBe(defaultSettings().prompter.fontSizePx);
    closeDatabase(d);
  });

  it('falls back to defaults for a stored field that no longer validates, keeping the valid ones', () => {
    const { file } = db();
    const d = openDatabase(file);
    d.prepare('INSERT INTO settings (section, value, updated_at) VALUES (?, ?, 0)').run(
      'general',
      JSON.stringify({ language: 'klingon', defaultMarket: 'DE' }),
    );
    const settings = new SettingsStore(d, new EventBus()).get();
    expect(settings.general).toEqual({ language: 'en', defaultMarket: 'DE' });
    closeDatabase(d);
  });
});
