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
    it(`${ns}: every key is present and non-empty in every UI language, with each plural form the language needs`, () => {
      const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(localesDir, lang, ns), 'utf8')) as unknown;
      const englishLeaves = new Map(leavesOf(read('en')).map((l) => [keyOf(l.path), l.value]));
      const plurals = pluralBasesOf([...englishLeaves.keys()].map((k) => JSON.parse(k) as string[]));
      for (const lang of uiLanguages) {
        const { expected, optional } = expectedKeys(englishLeaves, plurals, lang);
        const leaves = leavesOf(read(lang));
        const keys = leaves.map((l) => keyOf(l.path));
        expect(keys.filter((k) => !optional.has(k)).sort(), `${lang}/${ns}`).toEqual([...expected].sort());
        for (const leaf of leaves) {
          expect(typeof leaf.value === 'string' && leaf.value.trim().length > 0, `${lang}/${ns}: ${keyOf(leaf.path)}`).toBe(true);
          // A plural form English does not have (Arabic _two, _few...) keeps the placeholders of English's _other.
          const englishValue = englishLeaves.get(keyOf(leaf.path)) ?? englishLeaves.get(keyOf(otherFormOf(leaf.path)));
          expect(placeholdersOf(leaf.value), `${lang}/${ns}: placeholders of ${keyOf(leaf.path)}`).toEqual(placeholdersOf(englishValue));
        }
      }
    });
  }

  it('a plural key has exactly the forms of its language: Arabic six, Chinese one', () => {
    const english = new Map([['["a_one"]', 'x'], ['["a_other"]', 'x'], ['["refused_other"]', 'y']]);
    const plurals = pluralBasesOf([...english.keys()].map((k) => JSON.parse(k) as string[]));
    const ar = expectedKeys(english, plurals, 'ar');
    expect([...ar.expected].sort()).toEqual(
      ['a_few', 'a_many', 'a_one', 'a_other', 'a_two', 'a_zero', 'refused_other'].map((k) => keyOf([k])).sort(),
    );
    const zh = expectedKeys(english, plurals, 'zh-CN');
    expect([...zh.expected].sort()).toEqual(['a_other', 'refused_other'].map((k) => keyOf([k])).sort());
    expect([...zh.optional]).toEqual([keyOf(['a_one'])]);
  });
});

/**
 * Plural keys follow i18next (v21+ JSON format): `<base>_<category>`, the category being what
 * Intl.PluralRules(language) picks for the count. A base is plural when English has both `<base>_one` and
 * `<base>_other` (a key like `refused_other` alone is just a name).
 */
function pluralBasesOf(paths: string[][]): Set<string> {
  const keys = new Set(paths.map(keyOf));
  const bases = new Set<string>();
  for (const p of paths) {
    const last = p[p.length - 1]!;
    if (!last.endsWith('_one')) continue;
    const base = [...p.slice(0, -1), last.slice(0, -'_one'.length)];
    if (keys.has(keyOf([...base.slice(0, -1), `${base[base.length - 1]}_other`]))) bases.add(keyOf(base));
  }
  return bases;
}

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const baseOf = (p: string[]) => [...p.slice(0, -1), p[p.length - 1]!.replace(pluralSuffix, '')];
const otherFormOf = (p: string[]) => [...p.slice(0, -1), p[p.length - 1]!.replace(pluralSuffix, '_other')];

/**
 * The keys a language must have: English's, except that each plural key has exactly the forms the
 * language's plural rules name (Arabic: zero, one, two, few, many, other; Chinese: other). i18next looks up
 * only those forms for that language; a missing one would show the English text. A form English has but the
 * language never uses (Chinese _one) is allowed, not required: i18next never reads it.
 */
function expectedKeys(english: Map<string, unknown>, plurals: Set<string>, lang: string): { expected: Set<string>; optional: Set<string> } {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const expected = new Set<string>();
  const optional = new Set<string>();
  for (const key of english.keys()) {
    const p = JSON.parse(key) as string[];
    const base = baseOf(p);
    if (pluralSuffix.test(p[p.length - 1]!) && plurals.has(keyOf(base))) {
      const withSuffix = (c: string) => keyOf([...base.slice(0, -1), `${base[base.length - 1]}_${c}`]);
      for (const c of categories) expected.add(withSuffix(c));
      if (!expected.has(key)) optional.add(key);
    } else expected.add(key);
  }
  for (const key of expected) optional.delete(key);
  return { expected, optional };
}
