import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { HostError, errorTexts, type ErrorKey } from '../../../electron/shared/contract/errors';
import { uiLanguages } from '../../../electron/shared/languages';
import { translateError } from '../../../renderer/src/i18n/translate-error';

const root = path.resolve(import.meta.dirname, '../../..');
const keys = Object.keys(errorTexts) as ErrorKey[];
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
const readErrors = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, 'errors.json'), 'utf8')) as Record<string, Record<string, string>>;
const lookup = (texts: Record<string, Record<string, string>>, key: string) => {
  const [domain, name] = key.split('.') as [string, string];
  return texts[domain]?.[name];
};

/** Every .ts/.tsx source file of the host and the UI. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('host error texts', () => {
  it('the English errors.json holds exactly the registry templates (the host and the UI say the same words)', () => {
    const english = readErrors('en');
    for (const key of keys) expect(lookup(english, key), key).toBe(errorTexts[key].en);
    const fileKeys = Object.entries(english).flatMap(([domain, texts]) => Object.keys(texts).map((name) => `${domain}.${name}`));
    expect(fileKeys.sort()).toEqual([...keys].sort());
  });

  for (const lang of uiLanguages) {
    it(`${lang}: every error key is translated, with the same parameters as the English template`, () => {
      const texts = readErrors(lang);
      for (const key of keys) {
        const text = lookup(texts, key);
        expect(typeof text === 'string' && text.trim().length > 0, `${lang}: ${key}`).toBe(true);
        expect(placeholders(text!), `${lang}: ${key}`).toEqual(placeholders(errorTexts[key].en));
      }
    });
  }

  it('every new HostError( in the host and the UI names a registered key', () => {
    const allowed = new Set(keys);
    // The two places that pick a key at run time (both typed ErrorKey): OBS status codes and bodies from a transport.
    const computed = new Set(['classify(code', 'known ? (body.key as ErrorKey']);
    const sites: string[] = [];
    for (const file of [...sources(path.join(root, 'electron')), ...sources(path.join(root, 'renderer/src'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/new HostError\(\s*([^,)]*)/g)) {
        const arg = match[1]!.trim();
        const literal = /^'([^']+)'$/.exec(arg)?.[1];
        sites.push(arg);
        expect(literal ? allowed.has(literal as ErrorKey) : computed.has(arg), `${path.relative(root, file)}: new HostError(${arg}`).toBe(true);
      }
    }
    expect(sites.length).toBeGreaterThan(100);
  });

  it('a HostError carries its key and parameters, with the English message built from the template', () => {
    const error = new HostError('deal.sold_over_stock', { stock: 2, sold: 5 });
    expect(error.code).toBe('bad_request');
    expect(error.toBody()).toEqual({
      code: 'bad_request',
      message: 'Only 2 units are left; cannot record 5 sold.',
      key: 'deal.sold_over_stock',
      params: { stock: 2, sold: 5 },
    });
    const back = HostError.fromBody(error.toBody());
    expect([back.key, back.code, back.message, back.params]).toEqual([error.key, error.code, error.message, error.params]);
  });

  it('the UI says a host error in its language, and an unknown key in the host English', async () => {
    await i18next.init({
      lng: 'zh-CN',
      fallbackLng: 'en',
      ns: ['errors'],
      resources: { en: { errors: readErrors('en') }, 'zh-CN': { errors: readErrors('zh-CN') } },
      interpolation: { escapeValue: false },
    });
    expect(translateError(HostError.fromBody(new HostError('deal.sold_over_stock', { stock: 2, sold: 5 }).toBody()))).toBe(
      '只剩 2 件；无法记录售出 5 件。',
    );
    expect(translateError(HostError.fromBody({ code: 'conflict', message: 'A newer host words.', key: 'future.thing', params: {} }))).toBe(
      'A newer host words.',
    );
    await i18next.changeLanguage('en');
    expect(translateError(new HostError('obs.wrong_password'))).toBe(errorTexts['obs.wrong_password'].en);
  });
});
