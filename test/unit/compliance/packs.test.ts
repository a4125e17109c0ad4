import { describe, expect, it } from 'vitest';
import { RuleBook, type CheckInput } from '../../../electron/shared/compliance/check';
import { parsePack, RulePackError } from '../../../electron/shared/compliance/pack-schema';
import { englishRuleMessages, loadRulePacks, shippedPackFiles } from '../../../electron/core/features/compliance/rule-packs';
import { parseScript } from '../../../electron/shared/prompter';

const now = Date.UTC(2026, 11, 2);
const book = new RuleBook(
  loadRulePacks().map((l) => l.pack),
  englishRuleMessages,
);
const check = (market: string, language: string, text: string, extra: Partial<CheckInput> = {}) =>
  book.check({ market, language, text, kind: 'script', platforms: [], now, ...extra });
const ids = (r: ReturnType<typeof check>) => r.findings.map((f) => f.ruleId);

describe('the shipped rule packs', () => {
  it('all load against the schema, every message key exists, and every rule names its source and valid-from date', () => {
    const packs = loadRulePacks();
    expect(packs.map((p) => p.file).sort()).toEqual(['cn.json', 'eu.json', 'tiktok-shop.json', 'uk.json', 'us.json']);
    for (const { pack } of packs) {
      for (const rule of pack.rules) {
        expect(englishRuleMessages[rule.message], rule.id).toBeTruthy();
        expect(rule.source.article.length, rule.id).toBeGreaterThan(0);
        expect(Date.parse(rule.validFrom), rule.id).not.toBeNaN();
      }
    }
  });
});

describe('CN: Advertising Law', () => {
  it('Art. 9(3): 最好 and 全网最低 in Chinese text without spaces are errors, at their line and column', () => {
    const text = '大家好！\n这款茉莉银针是全网最低价，也是最好的白茶。';
    const r = check('CN', 'zh-CN', text);
    const found = r.findings.filter((f) => f.ruleId === 'cn.ad_law.absolute_terms');
    expect(found.map((f) => [f.term, f.line, f.column, f.length, f.severity])).toEqual([
      ['全网最低', 2, 8, 4, 'error'],
      ['最好', 2, 16, 2, 'error'],
    ]);
    expect(found[0]!.source).toBe('Advertising Law of the PRC (中华人民共和国广告法), Art. 9(3); SAMR Guide on absolute terms (2023)');
    // 最低 inside 全网最低 is not reported a second time by the context rule.
    expect(r.findings.some((f) => f.term === '最低')).toBe(false);
  });

  it('Art. 9(3): a bounded, factual sentence has no finding', () => {
    expect(check('CN', 'zh-CN', '这款茶采自福建福鼎，今年春天手工采摘。').findings).toEqual([]);
  });

  it('a mixed-language line: Chinese terms as substrings, English terms on word boundaries', () => {
    const r = check('CN', 'en', 'Our jasmine tea is 全网最低 today, the best you can buy, and bestowed by nature.');
    expect(r.findings.map((f) => [f.term, f.column])).toEqual([
      ['全网最低', 20],
      ['the best', 32],
    ]);
  });

  it('context terms: 第一 is a warning, but 第一次 ("the first time") is not an absolute claim', () => {
    expect(check('CN', 'zh-CN', '这是第一品质的茶。').findings.map((f) => [f.term, f.severity])).toEqual([['第一', 'warning']]);
    expect(check('CN', 'zh-CN', '我第一次喝到这么香的茶。').findings).toEqual([]);
  });

  it('Art. 17: disease terms are errors; a plain taste description is not', () => {
    expect(ids(check('CN', 'zh-CN', '每天一杯，可以预防感冒、消炎。'))).toEqual(['cn.ad_law.disease_terms', 'cn.ad_law.disease_terms']);
    expect(check('CN', 'zh-CN', '每天一杯，口感清甜。').findings).toEqual([]);
  });

  it('Art. 18: a health food needs 本品不能代替药物; with it there is no finding', () => {
    const without = check('CN', 'zh-CN', '这款保健食品适合长期饮用。');
    expect(without.findings.map((f) => [f.ruleId, f.term, f.line, f.column])).toEqual([['cn.ad_law.health_food_disclaimer', '保健食品', 1, 3]]);
    expect(without.findings[0]!.message).toContain('本品不能代替药物');
    expect(check('CN', 'zh-CN', '这款保健食品适合长期饮用。本品不能代替药物。').findings).toEqual([]);
  });

  it('only in its market: 最好 in a US script is not a CN finding', () => {
    expect(check('US', 'zh-CN', '最好的茶').findings.filter((f) => f.ruleId.startsWith('cn.'))).toEqual([]);
  });
});

describe('exemptions: [[allow:term | reason]]', () => {
  it('a registered trademark marked on its line is exempted with its reason; the same word on another line is not', () => {
    const text = '最好牌茉莉花茶 [[allow:最好牌 | 注册商标第12345678号]]\n这是最好的茶。';
    const r = check('CN', 'zh-CN', text);
    expect(r.exempted).toEqual([{ ruleId: 'cn.ad_law.absolute_terms', line: 1, column: 1, term: '最好', reason: '注册商标第12345678号' }]);
    expect(r.findings.map((f) => [f.term, f.line])).toEqual([['最好', 2]]);
  });

  it('a rule whose source allows no exemption (Art. 17) keeps its finding and says the exemption was refused', () => {
    const r = check('CN', 'zh-CN', '可以治疗失眠 [[allow:治疗 | 我们觉得可以]]');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'cn.ad_law.disease_terms', exemptionRefused: '我们觉得可以' });
  });

  it('the prompter accepts the mark (no cue, no text) and reports one without a reason', () => {
    const ok = parseScript('最好牌 [[allow:最好牌 | 注册商标第12345678号]] 茶');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.doc.cues).toEqual([]);
    expect(JSON.stringify(ok.doc.blocks)).not.toContain('allow');
    expect(parseScript('最好 [[allow:最好]]').diagnostics.map((d) => d.code)).toEqual(['allow_needs_reason']);
    expect(parseScript('[[allow: | why not]]').diagnostics.map((d) => d.code)).toEqual(['allow_needs_term']);
  });

  it('terms inside cues are not checked ([[card:BEST-1]] is a SKU)', () => {
    expect(check('CN', 'en', 'Now [[card:THE-BEST-1]] [[note:the best]]').findings).toEqual([]);
  });
});

describe('EU', () => {
  it('Omnibus: "30% off" measured from the 30-day low: an error when the low gives less, none when it gives as much', () => {
    const facts = { allowedPercentOff: 10, priorPrice: '22,00 €' };
    const wrong = check('DE', 'de', 'Heute 30 % Rabatt auf den Tee!', { kind: 'card', facts });
    expect(wrong.findings.map((f) => [f.ruleId, f.severity, f.params.claimed, f.params.allowed])).toEqual([
      ['eu.omnibus.percent_off_prior_price', 'error', '30', '10'],
    ]);
    expect(check('DE', 'de', 'Heute 10 % Rabatt auf den Tee!', { kind: 'card', facts }).findings).toEqual([]);
  });

  it('Omnibus: in a script without a card the "% off" is a reminder (warning)', () => {
    const r = check('FR', 'fr', 'Profitez de 20% de réduction !');
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.messageKey])).toEqual([
      ['eu.omnibus.percent_off_prior_price', 'warning', 'eu_percent_off_prior_price_unverified'],
    ]);
  });

  it('UCPD Annex I No. 7: "only today" when no deal of the product ends is an error; with a deal that ends, none', () => {
    expect(check('NL', 'en', 'Only today: jasmine tea!', { kind: 'card', facts: { offerEnds: false } }).findings.map((f) => f.ruleId)).toEqual([
      'eu.ucpd.false_limited_time',
    ]);
    expect(check('NL', 'en', 'Only today: jasmine tea!', { kind: 'card', facts: { offerEnds: true } }).findings).toEqual([]);
  });

  it('greenwashing terms are errors from 27 Sep 2026, and skipped before (valid-from)', () => {
    expect(ids(check('DE', 'de', 'Unsere Dose ist umweltfreundlich.'))).toEqual(['eu.ecgt.generic_environmental_claims']);
    expect(check('DE', 'de', 'Unsere Dose ist umweltfreundlich.', { now: Date.UTC(2026, 8, 26) }).findings).toEqual([]);
    expect(check('DE', 'de', 'Unsere Dose ist aus recyceltem Aluminium.').findings).toEqual([]);
  });
});

describe('US', () => {
  it('FTC: a script that tells of a material connection without a disclosure gets a warning at it; with "#ad", or with no connection, none', () => {
    const r = check('US', 'en', 'Welcome!\nThe brand sent me this tea.');
    expect(r.findings.map((f) => [f.ruleId, f.term, f.line])).toEqual([['us.ftc.endorsement_disclosure', 'sent me', 2]]);
    expect(check('US', 'en', 'Welcome! #ad The brand sent me this tea.').findings).toEqual([]);
    expect(check('US', 'en', 'Welcome! Today we taste our own jasmine tea.').findings).toEqual([]);
  });

  it('fake scarcity and "Made in USA" are flagged; "made in China" is not', () => {
    const r = check('US', 'en', '#ad Almost sold out! Made in the USA.');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['us.ftc.fake_scarcity', 'us.ftc.made_in_usa']);
    expect(check('US', 'en', '#ad Made in China, shipped from Fujian.').findings).toEqual([]);
  });

  it('health claims: "clinically proven" is flagged, "clinic" is not', () => {
    expect(ids(check('US', 'en', '#ad Clinically proven to relax you.'))).toEqual(['us.ftc.health_claims']);
    expect(check('US', 'en', '#ad We met at the clinic.').findings).toEqual([]);
  });
});

describe('UK', () => {
  it('CAP: a gifted product without an "Ad" label is a warning; "Ad:" upfront clears it', () => {
    expect(ids(check('GB', 'en', 'Hello, this tea was gifted by the farm.'))).toEqual(['uk.cap.ad_label']);
    expect(check('GB', 'en', 'Ad: hello, this tea was gifted by the farm.').findings).toEqual([]);
  });

  it('DMCC: "plus VAT" is an error; a total price is fine', () => {
    expect(ids(check('GB', 'en', 'Ad. Only £10 plus VAT.'))).toEqual(['uk.dmcc.total_price']);
    expect(check('GB', 'en', 'Ad. £12 including VAT and delivery.').findings).toEqual([]);
  });
});

describe('TikTok Shop', () => {
  it('applies only when the text is used on TikTok Shop: "also live on YouTube" is an error there', () => {
    expect(ids(check('US', 'en', '#ad We are also live on YouTube!', { platforms: ['tiktok-shop'] }))).toEqual(['tiktok.live.no_simulcast']);
    expect(check('US', 'en', '#ad We are also live on YouTube!', { platforms: ['youtube'] }).findings).toEqual([]);
    expect(check('US', 'en', '#ad Tap the orange cart below.', { platforms: ['tiktok-shop'] }).findings).toEqual([]);
  });

  it('flash-deal rules are the deals\' own checks, reported with their reason on a deal that breaks them', () => {
    const facts = { brokenDealRules: { countdown_10_300_s: 'The countdown before the deal goes live is 0 s.', duration_1_20_min: 'The deal runs 30 min.' } };
    // A deal has no text of its own: its facts are checked all the same.
    const deal = check('US', 'en', '', { kind: 'deal', platforms: ['tiktok-shop'], facts });
    expect(deal.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['tiktok.flash_deal.countdown', 'TikTok Shop: The countdown before the deal goes live is 0 s.'],
      ['tiktok.flash_deal.duration', 'TikTok Shop: The deal runs 30 min.'],
    ]);
    expect(check('US', 'en', '', { kind: 'deal', platforms: ['tiktok-shop'], facts: { brokenDealRules: {} } }).findings).toEqual([]);
  });
});

describe('custom terms', () => {
  it('a user term is matched in its market only', () => {
    const customTerms = [{ market: 'CN', term: '秒杀价', severity: 'warning' as const, category: 'price_claim' as const }];
    expect(check('CN', 'zh-CN', '今天秒杀价九块九', { customTerms }).findings.map((f) => [f.ruleId, f.term, f.severity])).toEqual([['custom.cn.1', '秒杀价', 'warning']]);
    expect(check('US', 'zh-CN', '#ad 今天秒杀价九块九', { customTerms }).findings).toEqual([]);
  });
});

describe('pack schema errors name the file, the rule and the field', () => {
  const good = shippedPackFiles['uk.json'] as { rules: Record<string, unknown>[] };
  const broken = (patch: Record<string, unknown>) => ({ ...good, rules: [{ ...good.rules[0], ...patch }] });

  it('a bad severity', () => {
    expect(() => parsePack('uk.json', broken({ severity: 'fatal' }))).toThrowError(/^Rule pack uk\.json, rule uk\.cap\.ad_label, field severity: /);
  });
  it('a bad valid-from date', () => {
    expect(() => parsePack('uk.json', broken({ validFrom: '6 April 2025' }))).toThrowError(
      'Rule pack uk.json, rule uk.cap.ad_label, field validFrom: must be a date such as 2022-05-28',
    );
  });
  it('a regular expression that does not compile', () => {
    expect(() => parsePack('eu.json', broken({ matcher: { type: 'pattern', pattern: '(\\d+% off' } }))).toThrowError(
      'Rule pack eu.json, rule uk.cap.ad_label, field matcher.pattern: is not a valid regular expression',
    );
  });
  it('a message key the locale file lacks, and a rule without an id', () => {
    expect(() => loadRulePacks({ 'uk.json': broken({ message: 'nope' }) })).toThrowError(RulePackError);
    expect(() => loadRulePacks({ 'uk.json': broken({ message: 'nope' }) })).toThrowError(/field message: "nope" is not a key/);
    expect(() => parsePack('x.json', { ...good, rules: [{ ...good.rules[0], id: undefined }] })).toThrowError(/^Rule pack x\.json, rule #1, field id: /);
  });
});
