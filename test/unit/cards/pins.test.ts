import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';

describe('product cards', () => {
  let t: TestHost;
  let events: HostEvent[];
  beforeEach(async () => {
    t = await startTestHost();
    events = [];
    t.host.context.bus.subscribeAll((e) => events.push(e));
  });
  afterEach(async () => {
    await t.stop();
  });

  it('pins one card per output, replaces it on a new pin, and draws it per market with Intl formatting', async () => {
    const pinned = await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE' });
    expect(pinned.pinned.map((p) => p.output)).toEqual(['obs-native', 'overlay']);
    expect(pinned.card).toMatchObject({ name: 'Jasmine Silver Needle Tea, 100 g', priceText: '22,90\u00a0€', shippingTime: '5-8 Tage' });
    expect(pinned.card.qrImage).toMatch(/^data:image\/png;base64,/);

    await t.call('card.pin', { sku: 'SILK-SCARF-RED', output: 'overlay' });
    const overlay = await t.call('card.current', { output: 'overlay', market: 'CN' });
    expect(overlay.card).toMatchObject({ sku: 'SILK-SCARF-RED', name: '桑蚕丝围巾 · 绯红', priceText: '¥329.00' });
    const obs = await t.call('card.current', { output: 'obs-native' });
    expect(obs.card?.sku).toBe('TEA-JASMINE-100');

    const pinnedEvents = events.filter((e) => e.name === 'product.pinned').map((e) => e.payload);
    expect(pinnedEvents).toEqual([
      { productId: pinned.card.productId, sku: 'TEA-JASMINE-100', output: 'all', market: 'DE' },
      expect.objectContaining({ sku: 'SILK-SCARF-RED', output: 'overlay', market: 'US' }),
    ]);

    await t.host.features.cards.idle();
    const states = events.filter((e) => e.name === 'card.state' && (e.payload as { market: string }).market === 'US');
    expect((states.at(-1)!.payload as { card: { sku: string } }).card.sku).toBe('SILK-SCARF-RED');

    expect(await t.call('card.unpin', { output: 'all' })).toEqual({ unpinned: ['overlay', 'obs-native'] });
    expect((await t.call('card.current', { output: 'overlay' })).card).toBeNull();
    expect(events.filter((e) => e.name === 'product.unpinned')).toHaveLength(2);
  });

  it('shows the live deal on the card, and refuses a market the product is not sold in', async () => {
    const { deal } = await t.call('deal.create', { sku: 'CERAMIC-MUG-CELADON', market: 'US', dealPriceMinor: 1200, stock: 20, durationS: 300 });
    await t.call('deal.start', { dealId: deal.id });
    const { card } = await t.call('card.pin', { sku: 'CERAMIC-MUG-CELADON', market: 'US' });
    expect(card.deal).toMatchObject({ dealId: deal.id, state: 'live', priceText: '$12.00', percentOff: 33, stock: 20 });
    await expect(t.call('card.pin', { sku: 'CERAMIC-MUG-CELADON', market: 'MX' })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('keeps an ordered rundown with current and next product, reordered by move', async () => {
    await t.call('rundown.addItem', { kind: 'segment', title: 'Welcome' });
    await t.call('rundown.addItem', { kind: 'product', sku: 'TEA-JASMINE-100', scriptId: 'script-tea' });
    await t.call('rundown.addItem', { kind: 'segment', title: 'Q&A' });
    let r = await t.call('rundown.addItem', { kind: 'product', sku: 'SILK-SCARF-RED' });
    expect(r.items.map((i) => i.title || i.sku)).toEqual(['Welcome', 'TEA-JASMINE-100', 'Q&A', 'SILK-SCARF-RED']);
    r = await t.call('rundown.setCurrent', { itemId: r.items[1]!.id });
    const scarf = (await t.call('catalog.getProduct', { sku: 'SILK-SCARF-RED' })).id;
    expect(r.nextProductId).toBe(scarf);
    expect(r.items[1]!.scriptId).toBe('script-tea');
    r = await t.call('rundown.move', { itemId: r.items[3]!.id, toIndex: 0 });
    expect(r.items.map((i) => i.title || i.sku)).toEqual(['SILK-SCARF-RED', 'Welcome', 'TEA-JASMINE-100', 'Q&A']);
    expect(r.items.map((i) => i.position)).toEqual([0, 1, 2, 3]);
    expect(r.nextProductId).toBeNull();
    r = await t.call('rundown.removeItem', { itemId: r.items[1]!.id });
    expect(r.items.map((i) => i.position)).toEqual([0, 1, 2]);
    await expect(t.call('rundown.addItem', { kind: 'segment', title: ' ' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
