import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { uiLanguages } from '../../../electron/shared/languages';
import { complianceDiagnostic, cueTargetDiagnostics, lintMessage, lintScript, lintTexts, parseScript, type Diagnostic, type LintCode } from '../../../electron/shared/prompter';
import { translateLint } from '../../../renderer/src/i18n/translate-lint';
import { RuleBook } from '../../../electron/shared/compliance/check';
import { englishRuleMessages, loadRulePacks } from '../../../electron/core/features/compliance/rule-packs';

const root = path.resolve(import.meta.dirname, '../../..');
const codes = Object.keys(lintTexts) as LintCode[];
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
const readLocale = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, `${ns}.json`), 'utf8')) as Record<string, Record<string, string>>;

/** Scripts that provoke every message of the check: parse errors, alignment warnings, cue targets. */
function everyDiagnostic(): Diagnostic[] {
  const bad = [
    '[[scene:Intro',
    '**never closed',
    '*never closed',
    '[[]]',
    '[[sceen:Intro]]',
    '[[pause:now]]',
    '[[scene:]] [[card:]] [[deal:]] [[mark:]] [[note:]]',
    `[[card:${'X'.repeat(201)}]]`,
    '[[scene:A#bad id!]]',
    '[[scene:A#same]] [[scene:B#same]]',
    '最好 [[allow:最好]]',
    '[[allow: | a reason]]',
  ];
  const parsed = bad.flatMap((text) => parseScript(text).diagnostics);
  const aligned = lintScript(
    {
      en: '[[scene:Intro]] [[mark:price]] [[card:TEA#c1]] [[deal:X#d1]] [[note:hi]]',
      es: '[[mark:precio]] [[scene:Intro]] [[card:SILK#c1]] [[scene:Y#d1]]',
    },
    'en',
  );
  const cues = parseScript('[[scene:intro]] [[scene:Nope]] [[card:GONE]] [[deal:NONE]] [[deal:OLD5]]').doc.cues;
  const facts = (scenes: string[]) => ({
    scenes,
    products: new Map([['GONE', false]]),
    deals: new Map([
      ['NONE', { state: 'missing' as const }],
      ['OLD5', { state: 'finished' as const, code: 'OLD5', dealState: 'sold-out' }],
    ]),
  });
  const targets = [
    ...cueTargetDiagnostics(cues, facts(['Intro']), 'en'),
    ...cueTargetDiagnostics(cues.slice(1, 2), facts([]), 'en'),
    ...cueTargetDiagnostics(cues.slice(1, 2), facts(Array.from({ length: 10 }, (_, i) => `S${i}`)), 'en'),
  ];
  const book = new RuleBook(loadRulePacks().map((l) => l.pack), englishRuleMessages);
  const compliance = book
    .check({ market: 'CN', language: 'zh-CN', text: '这是最好的茶', kind: 'script', platforms: [], now: Date.UTC(2026, 11, 2) })
    .findings.map((f) => complianceDiagnostic(f, 'CN', 'zh-CN'));
  return [...parsed, ...Object.values(aligned.diagnostics).flat(), ...targets, ...compliance];
}

describe('script check messages', () => {
  it('the English prompter.json holds exactly the registry templates', () => {
    const english = readLocale('en', 'prompter').lint!;
    expect(english).toEqual(Object.fromEntries(codes.map((code) => [code, lintTexts[code].en])));
  });

  for (const lang of uiLanguages) {
    it(`${lang}: every script-check message is translated, with the same parameters as the English`, () => {
      const texts = readLocale(lang, 'prompter').lint ?? {};
      for (const code of codes) {
        expect(typeof texts[code] === 'string' && texts[code]!.trim().length > 0, `${lang}: lint.${code}`).toBe(true);
        expect(placeholders(texts[code]!), `${lang}: lint.${code}`).toEqual(placeholders(lintTexts[code].en));
      }
    });
  }

  it('every diagnostic carries a registered code and its params, and its English message is the template filled in', () => {
    const all = everyDiagnostic();
    for (const d of all) {
      expect(codes, d.message).toContain(d.code);
      expect(d.message).toBe(lintMessage(d.code, d.params));
      expect(d.message).not.toMatch(/\{\{/);
    }
    // The samples reach every message, so a code nobody raises any more shows up here.
    expect([...new Set(all.map((d) => d.code))].sort()).toEqual([...codes].sort());
  });

  it('keeps the English words REST clients read', () => {
    const [unknown] = parseScript('[[sceen:Intro]]').diagnostics;
    expect(unknown!.message).toBe('Unknown cue type "sceen". Use one of: scene, card, deal, mark, pause, note.');
    const [unclosed] = parseScript('[[scene:Intro').diagnostics;
    expect(unclosed!.message).toBe('This cue has no closing "]]" on the same line. Close it, or write "\\[" for a literal bracket.');
    const [finished] = cueTargetDiagnostics(parseScript('[[deal:OLD5]]').doc.cues, {
      scenes: null,
      products: null,
      deals: new Map([['OLD5', { state: 'finished', code: 'OLD5', dealState: 'sold-out' }]]),
    }, 'en');
    expect(finished!.message).toBe('The deal OLD5 is already sold out: create a new deal with the code OLD5 for this show.');
  });

  describe('in the UI language', () => {
    beforeAll(async () => {
      await i18next.init({
        lng: 'zh-CN',
        fallbackLng: 'en',
        ns: ['prompter', 'errors', 'compliance'],
        resources: Object.fromEntries(
          uiLanguages.map((l) => [l, { prompter: readLocale(l, 'prompter'), errors: readLocale(l, 'errors'), compliance: readLocale(l, 'compliance') }]),
        ),
        interpolation: { escapeValue: false },
      });
    });

    it('says each message in Chinese, a deal state included, and the English for a code this UI does not know', () => {
      for (const d of everyDiagnostic()) {
        const said = translateLint(d);
        expect(said, d.code).not.toBe(d.message);
        expect(said, d.code).toMatch(/[\u4e00-\u9fff]/);
      }
      const [finished] = cueTargetDiagnostics(parseScript('[[deal:OLD5]]').doc.cues, {
        scenes: null,
        products: null,
        deals: new Map([['OLD5', { state: 'finished', code: 'OLD5', dealState: 'sold-out' }]]),
      }, 'en');
      expect(translateLint(finished!)).toBe('秒杀 OLD5 已结束（已售罄）：请为本场创建一个代码为 OLD5 的新秒杀。');
      expect(translateLint({ severity: 'warning', line: 1, column: 1, message: 'A newer host words.', code: 'future_code', params: {} })).toBe('A newer host words.');
    });
  });
});
