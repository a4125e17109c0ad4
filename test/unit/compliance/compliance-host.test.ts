import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

const day = 24 * 3600 * 1000;

describe('compliance on a real host', () => {
  const temp = tempDir();
  let current: TestHost | null = null;
  afterEach(async () => {
    await current?.stop();
    current = null;
  });

  it('compliance.check over REST: a CN finding with line, column, length and source; a bad market is a 400 naming the field', async () => {
    current = await startTestHost();
    const post = (body: unknown) =>
      fetch(`${current!.baseUrl}/api/v1/compliance.check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${current!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ market: 'CN', language: 'zh-CN', text: '欢迎！\n这是最好的茶。' });
    expect(ok.status).toBe(200);
    const { findings } = (await ok.json()) as { findings: { ruleId: string; line: number; column: number; length: number; source: string; severity: string }[] };
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', severity: 'error', line: 2, column: 3, length: 2, source: expect.stringContaining('Art. 9(3)') }),
    ]);
    const bad = await post({ market: 'China', language: 'zh-CN', text: '最好' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('market');
  });

  it('a card and a deal are checked against the price history (EU 30-day prior price) and the deal rules', async () => {
    const clock = { now: Date.UTC(2026, 10, 1, 12) };
    current = await startTestHost({ now: () => clock.now });
    const call = current.call;
    const product = await call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    // The price goes up from 22.90 to 29.90 ten days later: a "23% off" from 29.90 is no reduction from the 30-day low.
    clock.now += 10 * day;
    await call('catalog.saveProduct', {
      product: { ...product, prices: product.prices.map((p) => (p.market === 'DE' ? { ...p, amountMinor: 2990 } : p)) },
    });
    clock.now += day;
    const card = await call('compliance.check', { market: 'DE', language: 'de', text: 'Jetzt 23 % Rabatt!', kind: 'card', productId: product.id, platforms: [] });
    expect(card.findings.map((f) => [f.ruleId, f.severity, f.params.allowed])).toEqual([['eu.omnibus.percent_off_prior_price', 'error', '0']]);

    // "Nur heute" on a card whose product has no deal that ends: banned (UCPD Annex I No. 7).
    const urgent = await call('compliance.check', { market: 'DE', language: 'de', text: 'Nur heute!', kind: 'card', productId: product.id, platforms: [] });
    expect(urgent.findings.map((f) => f.ruleId)).toEqual(['eu.ucpd.false_limited_time']);

    // A deal at 19.90 is 13% below the 30-day low of 22.90: 13% is fine, 30% is not; its end makes "Nur heute" true.
    const { deal } = await call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1990, stock: 20, durationS: 1800 });
    const fine = await call('compliance.check', { market: 'DE', language: 'de', text: 'Nur heute 13 % Rabatt!', kind: 'deal', dealId: deal.id, platforms: [] });
    expect(fine.findings).toEqual([]);
    const tooMuch = await call('compliance.check', { market: 'DE', language: 'de', text: '30 % Rabatt!', kind: 'deal', dealId: deal.id, platforms: [] });
    expect(tooMuch.findings.map((f) => [f.ruleId, f.params.claimed, f.params.allowed, f.params.priorPrice])).toEqual([
      ['eu.omnibus.percent_off_prior_price', '30', '13', '22,90\u00a0€'],
    ]);

    // On TikTok Shop the same deal breaks the flash-deal rules the platform feature checks (no countdown, 30 minutes).
    const tiktok = await call('compliance.check', { market: 'DE', language: 'de', text: '', kind: 'deal', dealId: deal.id, platforms: ['tiktok-shop'] });
    expect(tiktok.findings.map((f) => f.ruleId)).toEqual(['tiktok.flash_deal.countdown', 'tiktok.flash_deal.duration']);
    expect(tiktok.findings[0]!.message).toContain('10 to 300 seconds');

    await expect(call('compliance.check', { market: 'DE', language: 'de', text: 'x', kind: 'deal', dealId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the script check reports compliance findings per variant for the markets chosen in Settings > Compliance', async () => {
    current = await startTestHost();
    const variants = { en: 'Hello!\nThe best tea.', 'zh-CN': '大家好\n这是最好的茶' };
    // Default: the default market (US) only: no CN rule applies.
    const us = await current.call('prompter.lint', { variants, leadLanguage: 'en' });
    expect(us.markets).toEqual(['US']);
    expect(Object.values(us.diagnostics).flat().filter((d) => d.ruleId?.startsWith('cn.'))).toEqual([]);

    await current.call('settings.set', { compliance: { markets: ['CN', 'US'] } });
    const lint = await current.call('prompter.lint', { variants, leadLanguage: 'en' });
    expect(lint.markets).toEqual(['CN', 'US']);
    const zh = lint.diagnostics['zh-CN']!.filter((d) => d.code === 'compliance_finding');
    expect(zh.map((d) => [d.ruleId, d.market, d.severity, d.line, d.column, d.length])).toEqual([['cn.ad_law.absolute_terms', 'CN', 'error', 2, 3, 2]]);
    expect(zh[0]!.message).toMatch(/^CN: "最好" is an absolute claim/);
    expect(zh[0]!.source).toContain('Advertising Law of the PRC');
    expect(lint.diagnostics.en!.some((d) => d.ruleId === 'cn.ad_law.absolute_terms' && d.line === 2)).toBe(true);
    expect(lint.errorCount).toBeGreaterThanOrEqual(2);
  });

  it('custom terms are stored, survive a restart, and are checked in their market', async () => {
    current = await startTestHost({ dataDir: temp.dir });
    await current.call('compliance.setCustomTerms', { terms: [{ market: 'cn', term: '秒杀价', severity: 'warning' }, { market: 'CN', term: '秒杀价' }] });
    await current.stop();
    current = await startTestHost({ dataDir: temp.dir });
    const { terms } = await current.call('compliance.customTerms', {});
    expect(terms).toEqual([{ market: 'CN', term: '秒杀价', severity: 'error', category: 'absolute_claim' }]);
    const r = await current.call('compliance.check', { market: 'CN', language: 'zh-CN', text: '今天秒杀价', platforms: [] });
    expect(r.findings.map((f) => [f.ruleId, f.term])).toEqual([['custom.cn.1', '秒杀价']]);
    await expect(current.call('compliance.setCustomTerms', { terms: [{ market: 'CN', term: '  ' }] })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('compliance.packs lists every pack with its rules, sources and whether each is in force', async () => {
    current = await startTestHost({ now: () => Date.UTC(2026, 5, 1) });
    const { packs } = await current.call('compliance.packs', {});
    expect(packs.map((p) => p.id).sort()).toEqual(['cn', 'eu', 'tiktok-shop', 'uk', 'us']);
    const green = packs.find((p) => p.id === 'eu')!.rules.find((r) => r.id === 'eu.ecgt.generic_environmental_claims')!;
    expect(green).toMatchObject({ validFrom: '2026-09-27', inForce: false });
    expect(packs.find((p) => p.id === 'tiktok-shop')!.rules.find((r) => r.id === 'tiktok.flash_deal.countdown')!.dealRule).toBe('countdown_10_300_s');
  });
});
