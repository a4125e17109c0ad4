import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiLanguages } from '../../../electron/shared/languages';

const localesDir = path.resolve(import.meta.dirname, '../../../locales');

/** Every leaf as a path (keys may themselves contain dots, such as event kinds). */
function leavesOf(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (typeof value !== 'object' || value === null) return [{ path, value }];
  return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]));
}
const keyOf = (path: string[]) => JSON.stringify(path);
/** The i18next placeholders of a text ({{name}}), sorted: a translation must keep every one of them. */
const placeholdersOf = (value: unknown) => (typeof value === 'string' ? (value.match(/\{\{[^}]+\}\}/g) ?? []).sort() : []);

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
      const englishLeaves = new Map(leavesOf(read('en')).map((l) => [keyOf(l.path), l.value]));
      const english = [...englishLeaves.keys()].sort();
      for (const lang of uiLanguages) {
        const leaves = leavesOf(read(lang));
        expect(leaves.map((l) => keyOf(l.path)).sort(), `${lang}/${ns}`).toEqual(english);
        for (const leaf of leaves) {
          expect(typeof leaf.value === 'string' && leaf.value.trim().length > 0, `${lang}/${ns}: ${keyOf(leaf.path)}`).toBe(true);
          const englishValue = englishLeaves.get(keyOf(leaf.path));
          expect(placeholdersOf(leaf.value), `${lang}/${ns}: placeholders of ${keyOf(leaf.path)}`).toEqual(placeholdersOf(englishValue));
        }
      }
    });
  }
});
