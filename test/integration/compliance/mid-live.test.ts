import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTikTokShop } from '../../support/platforms/tiktok-shop';
import { startTestHost, type TestHost } from '../../support/host';

/** A card pinned or a deal started during a session is checked for its market then, not only at pre-flight. */
describe('compliance flags mid-live', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.stop();
  });

  type ProductEdit = { name: Record<string, string>; bullets: Record<string, string[]>; prices: { market: string; amountMinor: number }[] };
  async function editTea(change: (p: ProductEdit) => void) {
    const product = await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    const { id, sku, name, pitch, bullets, images, prices } = product;
    const input = { id, sku, name: { ...name }, pitch: { ...pitch }, bullets: { ...bullets }, images, prices: prices.map((p) => ({ ...p })) };
    change(input);
    return t.call('catalog.saveProduct', { product: input });
  }

  it('refuses to pin a card whose name became an absolute claim; an override pins it and is logged; a warning is logged', async () => {
    const session = await t.call('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'] });
    expect(session.preflight?.errorCount).toBe(0);
    await editTea((p) => {
      p.name['zh-CN'] = '全网最低 茉莉银针茶 100克';
    });

    // Whoever asked (a cue, a key, a REST client), the refusal is said on the bus for the host at the desk.
    const refusals: unknown[] = [];
    const stopListening = t.host.context.bus.on('compliance.refused', (event) => refusals.push(event.payload));
    const refused = await t.call('card.pin', { sku: 'TEA-JASMINE-100' }).catch((e: unknown) => e);
    stopListening();
    expect(refused).toMatchObject({
      key: 'card.refused_compliance',
      message: expect.stringContaining('cn.ad_law.absolute_terms (card TEA-JASMINE-100, name, zh-CN)'),
      details: {
        what: 'card',
        market: 'CN',
        findings: [expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', term: '全网最低', where: expect.objectContaining({ kind: 'card', field: 'name', language: 'zh-CN' }) })],
      },
    });
    expect(refusals).toEqual([(refused as { details: unknown }).details]);
    expect((await t.call('card.current', {})).pins).toEqual([]);

    const reason = 'Legal approved the name for this live on 2 Dec';
    const pinned = await t.call('card.pin', { sku: 'TEA-JASMINE-100', overrideReason: reason });
    expect(pinned.pinned.length).toBeGreaterThan(0);

    // A badge that only needs context: pinned, and the warning is logged.
    await editTea((p) => {
      const q = p;
      q.name['zh-CN'] = '茉莉银针茶 100克';
      q.bullets['zh-CN'] = ['2026年春茶', '品质第一'];
    });
    await t.call('card.pin', { sku: 'TEA-JASMINE-100' });

    await t.call('session.end', {});
    const logged = (await t.call('session.events', { id: session.id, limit: 500 })).events;
    expect(logged.filter((e) => e.kind === 'compliance.refused').map((e) => e.payload)).toEqual(refusals);
    const flagged = logged.filter((e) => e.kind === 'compliance.flagged');
    expect(flagged.map((e) => e.payload)).toEqual([
      expect.objectContaining({ what: 'card', market: 'CN', overrideReason: reason, findings: [expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms' })] }),
      expect.objectContaining({
        what: 'card',
        overrideReason: null,
        findings: [expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms_context', severity: 'warning', term: '第一', where: expect.objectContaining({ field: 'badges' }) })],
      }),
    ]);
  });

  it('outside a session a pin is not held up (the editor and the pre-flight show the findings)', async () => {
    await editTea((p) => {
      p.name['zh-CN'] = '全网最低 茉莉银针茶';
    });
    await expect(t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'CN' })).resolves.toBeDefined();
    const preflight = await t.call('compliance.preflight', { market: 'CN', languages: ['zh-CN'] });
    expect(preflight.checked.cards).toEqual([{ productId: expect.any(String), sku: 'TEA-JASMINE-100' }]);
    expect(preflight.findings).toEqual([expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', where: expect.objectContaining({ kind: 'card', field: 'name' }) })]);
  });

  describe('with a TikTok Shop connection for CN', () => {
    let tiktok: FakeTikTokShop;
    beforeEach(async () => {
      tiktok = new FakeTikTokShop();
      await tiktok.start();
      await t.call('platform.save', {
        platform: 'tiktok-shop',
        label: 'TikTok CN',
        markets: ['CN'],
        apiBase: tiktok.base,
        authBase: tiktok.base,
        credentials: { appKey: tiktok.appKey, appSecret: tiktok.appSecret },
      });
    });
    afterEach(async () => {
      await tiktok.stop();
    });

    it('asks the host to confirm no multistream when OBS is not connected (a warning: the session starts)', async () => {
      const session = await t.call('session.start', { title: 'CN live', market: 'CN' });
      expect(session.preflight).toMatchObject({
        platforms: ['tiktok-shop'],
        errorCount: 0,
        checked: { obs: { state: 'not_connected', outputs: [] } },
        findings: [expect.objectContaining({ ruleId: 'tiktok.live.no_simulcast', severity: 'warning', messageKey: 'preflight_obs_not_connected', where: { kind: 'obs', outputs: [] } })],
      });
    });

    it('a deal whose price became too high after a price cut mid-live is refused at start, with the TikTok rule; an override starts it and is logged', async () => {
      const session = await t.call('session.start', { title: 'CN live', market: 'CN' });
      const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'CN', dealPriceMinor: 10900, stock: 20, durationS: 600, code: 'TEA109' });
      // The regular price is cut below the deal price while live.
      await editTea((p) => {
        p.prices.find((x) => x.market === 'CN')!.amountMinor = 9900;
      });

      await expect(t.call('deal.start', { code: 'TEA109' })).rejects.toMatchObject({
        key: 'deal.refused_compliance',
        details: {
          findings: expect.arrayContaining([
            expect.objectContaining({ ruleId: 'tiktok.flash_deal.below_recent_lowest', severity: 'error', where: expect.objectContaining({ kind: 'deal', dealCode: 'TEA109' }) }),
          ]),
        },
      });
      expect((await t.call('deal.get', { dealId: deal.id })).state).toBe('scheduled');

      const reason = 'Price match promised to followers yesterday';
      const started = await t.call('deal.start', { code: 'TEA109', overrideReason: reason });
      expect(started.state).toBe('live');
      await t.call('session.end', {});
      const flagged = (await t.call('session.events', { id: session.id, limit: 500 })).events.filter((e) => e.kind === 'compliance.flagged');
      expect(flagged.map((e) => e.payload)).toEqual([
        expect.objectContaining({ what: 'deal', dealId: deal.id, overrideReason: reason, findings: expect.arrayContaining([expect.objectContaining({ ruleId: 'tiktok.flash_deal.below_recent_lowest' })]) }),
      ]);
    });
  });
});
