import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiLanguages } from '../../../electron/shared/languages';

const localesDir = path.resolve(import.meta.dirname, '../../../locales');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  const namespaces = fs.readdirSync(path.join(localesDir, 'en')).filter((f) => f.endsWith('.json'));

  it('have the same namespaces in every UI language', () => {
    for (const lang of uiLanguages) {
      expect(fs.readdirSync(path.join(localesDir, lang)).sort(), lang).toEqual([...namespaces].sort());
    }
  });

  for (const ns of namespaces) {
    it(`${ns}: every key is present and non-empty in every UI language`, () => {
      const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(localesDir, lang, ns), 'utf8')) as unknown;
      const english = keysOf(read('en')).sort();
      for (const lang of uiLanguages) {
        const data = read(lang);
        expect(keysOf(data).sort(), `${lang}/${ns}`).toEqual(english);
        for (const key of english) {
          const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data);
          expect(typeof value === 'string' && value.trim().length > 0, `${lang}/${ns}: ${key}`).toBe(true);
        }
      }
    });
  }
});
