import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import { actionFor, runCueAction } from '../../../electron/core/features/prompter/cue-actions';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { FakeTwitch } from '../../support/platforms/twitch';
import { startTestHost, type TestHost } from '../../support/host';

/** Deals and announcements through the real platform feature (real registry and adapters) in an in-process host. */
describe('deal pushes in the host', () => {
  let t: TestHost;
  let shopify: ShopifyFake;
  let twitch: FakeTwitch;
  let events: HostEvent[];
  let shopId: string;
  let channelId: string;
  let twitchBases: { apiBase: string; authBase: string };

  beforeEach(async () => {
    shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'USD' });
    shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.99' }] });
    twitch = new FakeTwitch();
    twitch.addClient('studio-client');
    twitch.deviceIntervalSeconds = 0.05;
    const bases = (twitchBases = await twitch.start());
    t = await startTestHost();
    events = [];
    t.host.context.bus.subscribeAll((e) => events.push(e));
    shopId = (
      await t.call('platform.save', {
        platform: 'shopify',
        label: 'Tea shop',
        markets: ['US'],
        apiBase: shopify.base,
        credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
      })
    ).id;
    await t.call('platform.matchProducts', { connectionId: shopId });
    channelId = (
      await t.call('platform.save', { platform: 'twitch', label: 'Tea channel', markets: ['US'], apiBase: bases.apiBase, authBase: bases.authBase, credentials: { clientId: 'studio-client' } })
    ).id;
    const { next } = await t.call('platform.authorize', { connectionId: channelId });
    if (next.kind !== 'deviceCode') throw new Error('expected a device code');
    twitch.approveDevice(next.userCode);
    await new Promise<void>((resolve) => {
      const check = () => (t.host.features.platform.registry.get(channelId)?.state === 'connected' ? resolve() : setTimeout(check, 20));
      check();
    });
  });

  afterEach(async () => {
    await t.stop();
    await shopify.stop();
    await twitch.stop();
  });

  const settled = () =>
    new Promise<void>((resolve) => {
      const check = () => (t.host.features.platform.pushes.engine.pushes({ limit: 1 }).pending === 0 ? resolve() : setTimeout(check, 20));
      check();
    });

  it('a [[deal:CODE]] prompter cue starts the deal: the Shopify code is made and the start announced with it, each once', async () => {
    const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 30, durationS: 300, code: 'TEA10' });
    const action = actionFor({ type: 'deal', argument: 'tea10' })!;
    expect(await runCueAction(t.host.context, action.method, action.input)).toEqual({ result: 'done' });
    await settled();
    const live = await t.call('deal.get', { code: 'TEA10' });
    expect(live.id).toBe(deal.id);
    const shop = live.platforms.find((p) => p.connectionId === shopId)!;
    expect(shop).toMatchObject({ platform: 'shopify', state: 'live', code: expect.stringMatching(/^TEA10-/) });
    expect(shopify.discounts.map((d) => d.code)).toEqual([shop.code]);
    expect(twitch.announcements.map((a) => a.message)).toEqual([`Flash deal! Jasmine Silver Needle Tea, 100 g now $19.99 with code ${shop.code}. Limited stock!`]);
    // Every push is a logged event of the session log.
    const pushed = events.filter((e) => e.name === 'platform.pushed').map((e) => e.payload as { action: string; outcome: string });
    expect(pushed).toEqual([expect.objectContaining({ action: 'promotion.create', outcome: 'ok' }), expect.objectContaining({ action: 'announcement', outcome: 'ok' })]);
  });

  it('edits announcement templates (checked for length and placeholders) and honours a connection\'s switches', async () => {
    const defaults = (await t.call('platform.templates', {})).templates;
    expect(defaults.dealStart.en).toContain('{product}');
    expect(defaults.dealStart['zh-CN']).toContain('{price}');
    await expect(t.call('platform.setTemplates', { templates: { dealStart: { en: 'Deal on {produkt}!' } } })).rejects.toMatchObject({
      key: 'platform.template_placeholder',
      message: expect.stringContaining('{produkt}'),
    });
    await expect(t.call('platform.setTemplates', { templates: { dealEnd: { en: `${'Very long text '.repeat(30)}{product}` } } })).rejects.toMatchObject({
      key: 'platform.template_too_long',
      message: expect.stringContaining('at most 500'),
    });
    const saved = await t.call('platform.setTemplates', { templates: { dealStart: { en: 'Now {price}: {product}[, code {code}]' } } });
    expect(saved.templates.dealStart.en).toBe('Now {price}: {product}[, code {code}]');
    expect(saved.templates.dealStart.de).toBe(defaults.dealStart.de);
    // The channel announces no end.
    const channel = t.host.features.platform.registry.get(channelId)!;
    await t.call('platform.save', { id: channelId, platform: 'twitch', label: channel.label, markets: ['US'], ...twitchBases, announce: { dealEnd: false } });

    const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 30, durationS: 300 });
    await t.call('deal.start', { dealId: deal.id });
    await settled();
    await t.call('deal.end', { dealId: deal.id });
    await settled();
    const code = shopify.discounts[0]!.code;
    expect(twitch.announcements.map((a) => a.message)).toEqual([`Now $19.99: Jasmine Silver Needle Tea, 100 g, code ${code}`]);
    expect(twitch.chatMessages).toEqual([]);
    expect(shopify.discounts[0]!.deactivatedAt).not.toBeNull();
  });
});
