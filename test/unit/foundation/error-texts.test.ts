import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../electron/core/api/dispatcher';
import { dealState } from '../../../electron/shared/contract/deals';
import { errorTerms, systemErrorParams, type TermList } from '../../../electron/shared/contract/error-terms';
import { HostError, errorTexts, type ErrorKey, type ErrorText } from '../../../electron/shared/contract/errors';
import { sessionStatus } from '../../../electron/shared/contract/session';
import { validationPhrases, validationRules } from '../../../electron/shared/contract/validation-texts';
import { uiLanguages } from '../../../electron/shared/languages';
import { translateError } from '../../../renderer/src/i18n/translate-error';
import { tempDir } from '../../support/temp';

const root = path.resolve(import.meta.dirname, '../../..');
const keys = Object.keys(errorTexts) as ErrorKey[];
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
const readErrors = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, 'errors.json'), 'utf8')) as Record<string, Record<string, string>>;
/** The sections of errors.json beside the registry's domains: term words and validation phrases. */
const wordSections = ['terms', 'validation'];
const termsOf = (lang: string) => readErrors(lang).terms as unknown as Record<string, Record<string, string>>;
/** Every validation text the UI may say, with its English: the phrases and one per contract rule. */
const validationEnglish: Record<string, string> = {
  ...validationPhrases,
  ...Object.fromEntries(Object.entries(validationRules).map(([name, text]) => [`rule_${name}`, text])),
};
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
    const fileKeys = Object.entries(english)
      .filter(([domain]) => !wordSections.includes(domain))
      .flatMap(([domain, texts]) => Object.keys(texts).map((name) => `${domain}.${name}`));
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

    it(`${lang}: every word a message may carry (deal states, OS errors...) and every validation text is translated`, () => {
      const terms = termsOf(lang);
      for (const [list, words] of Object.entries(errorTerms)) {
        for (const value of Object.keys(words)) {
          const word = terms[list]?.[value];
          expect(typeof word === 'string' && word.trim().length > 0, `${lang}: terms.${list}.${value}`).toBe(true);
        }
      }
      const validation = readErrors(lang).validation!;
      for (const [name, english] of Object.entries(validationEnglish)) {
        expect(typeof validation[name] === 'string' && validation[name]!.length > 0, `${lang}: validation.${name}`).toBe(true);
        expect(placeholders(validation[name]!), `${lang}: validation.${name}`).toEqual(placeholders(english));
      }
    });
  }

  it('the English word lists and validation texts in errors.json are exactly the shared ones', () => {
    expect(termsOf('en')).toEqual(errorTerms);
    expect(readErrors('en').validation).toEqual(validationEnglish);
  });

  it('the term lists hold every value the host can put there', () => {
    expect(Object.keys(errorTerms.dealState).sort()).toEqual([...dealState.options].sort());
    expect(Object.keys(errorTerms.sessionStatus).sort()).toEqual([...sessionStatus.options].sort());
    // Each params named in a registry entry's `terms` is a placeholder of its template.
    for (const key of keys) {
      for (const [param, list] of Object.entries((errorTexts[key] as ErrorText).terms ?? {})) {
        expect(placeholders(errorTexts[key].en), key).toContain(param);
        expect(Object.keys(errorTerms)).toContain(list satisfies TermList);
      }
    }
  });

  it("the contract's schemas word their own rules through the rule registry, never a literal sentence", () => {
    const contract = path.join(root, 'electron/shared/contract');
    const literals: string[] = [];
    for (const file of sources(contract)) {
      const text = fs.readFileSync(file, 'utf8');
      // A sentence given as a zod check's message: `.refine(fn, 'give ...')`, `.regex(re, 'must ...')`, `{ message: '...' }`.
      for (const m of text.matchAll(/(?:,\s*|message:\s*)'([a-z][^'\n]*\s[^'\n]*)'\s*,?\s*[)}]/g)) literals.push(`${path.basename(file)}: ${m[1]}`);
    }
    expect(literals).toEqual([]);
  });

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

  describe('the English words inside a message are said in the UI language too', () => {
    const zh = async () =>
      i18next.init({
        lng: 'zh-CN',
        fallbackLng: 'en',
        ns: ['errors'],
        resources: { en: { errors: readErrors('en') }, 'zh-CN': { errors: readErrors('zh-CN') } },
        interpolation: { escapeValue: false },
      });
    const overTheWire = (error: HostError) => HostError.fromBody(JSON.parse(JSON.stringify(error.toBody())));

    it("a deal's state and a session's status", async () => {
      await zh();
      const refused = new HostError('deal.cannot_start', { state: 'sold-out' });
      expect(refused.message).toBe('The deal is sold-out; only a scheduled deal can start. Create a new deal to run it again.');
      expect(translateError(overTheWire(refused))).toBe('该秒杀状态为 已售罄；只有已排期的秒杀才能开始。如需再次进行，请新建秒杀。');
      expect(translateError(overTheWire(new HostError('session.cannot_resume', { title: 'Tea', status: 'ended' })))).toContain('已结束');
      expect(translateError(overTheWire(new HostError('session.none_live', { action: 'mark' })))).toBe(
        '当前没有进行中的场次，因此无法标记。请用 session.start 开始一个场次。',
      );
    });

    it('an OS error from a real failed file operation, with the English kept for REST', async () => {
      await zh();
      const temp = tempDir('broadcart-os-error-');
      try {
        const file = path.join(temp.dir, 'a-file');
        fs.writeFileSync(file, '');
        let cause: unknown;
        try {
          fs.mkdirSync(path.join(file, 'exports'), { recursive: true });
        } catch (error) {
          cause = error;
        }
        const error = new HostError('session.export_folder_unusable', { folder: file, ...systemErrorParams(cause) });
        expect(error.message).toContain((cause as Error).message);
        expect(error.params.reasonCode).toBe('ENOTDIR');
        const said = translateError(overTheWire(error));
        expect(said).toContain('路径中有一部分不是文件夹');
        expect(said).not.toContain('ENOTDIR');
        // A system error without a known code keeps the host's words.
        expect(translateError(overTheWire(new HostError('session.import_unreadable', { name: 'x', ...systemErrorParams(new Error('odd')) })))).toContain(
          'odd',
        );
      } finally {
        temp.cleanup();
      }
    });

    it('an invalid input: each wrong field by its path, said from its zod code; REST keeps zod\'s English', async () => {
      await zh();
      const dispatcher = new Dispatcher();
      const call = (method: string, input: unknown) =>
        dispatcher.call(method, input, { transport: 'internal', scope: 'control' }).then(
          () => {
            throw new Error('expected a refusal');
          },
          (error: HostError) => overTheWire(error),
        );
      const error = await call('deal.create', { sku: 'TEA', market: 'US', dealPriceMinor: -5, stock: 'many', extra: 1 });
      expect(error.key).toBe('request.invalid_input');
      expect(error.message).toMatch(/^deal\.create: Invalid input\. /);
      const said = translateError(error);
      expect(said).toMatch(/^deal\.create：输入无效。/);
      expect(said).toContain('stock：应为数字');
      expect(said).not.toMatch(/Invalid input|expected|Too small/);

      const missing = await call('catalog.getProduct', {});
      expect(translateError(missing)).toContain('请提供 id 或 sku');
      const required = await call('session.start', {});
      expect(translateError(required)).toContain('title：为必填项');
      const tooLong = await call('session.note', { text: '' });
      expect(translateError(tooLong)).toContain('text：备注为空');
    });

    it('a failed reconnect inside "lost the connection" is said in the UI language as well', async () => {
      await zh();
      const failure = new HostError('obs.refused_connection', { url: 'ws://127.0.0.1:4455' });
      const lost = new HostError('obs.state_lost_retrying', { ...failure.params, failure: failure.message, failureKey: failure.key });
      const said = translateError(overTheWire(lost));
      expect(said).not.toContain('Nothing answers');
      expect(said).toContain('ws://127.0.0.1:4455');
      // Why the link closed, a sentence with a dot in it.
      const closed = new HostError('obs.state_lost_reconnecting', { reason: 'Connection settings changed.' });
      expect(translateError(overTheWire(closed))).toBe('与 OBS 的连接断开（连接设置已更改）。正在重新连接…');
    });
  });
});
