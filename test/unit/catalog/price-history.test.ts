import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';

const day = 24 * 3600 * 1000;

describe('price history', () => {
  let t: TestHost;
  let clock = Date.UTC(2026, 0, 1);
  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 1);
    t = await startTestHost({ now: () => clock });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('keeps every price change with its date and finds the lowest price of a window', async () => {
    const tea = await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    const de = tea.prices.find((p) => p.market === 'DE')!;
    const setDe = async (amountMinor: number) => {
      const prices = tea.prices.map((p) => (p.market === 'DE' ? { ...de, amountMinor } : p));
      await t.call('catalog.saveProduct', { product: { ...tea, prices } });
    };
    clock += 5 * day;
    await setDe(1990);
    clock += 5 * day;
    await setDe(2490);
    clock += 1 * day;
    await setDe(2490); // unchanged: no new entry
    const { entries } = await t.call('catalog.priceHistory', { productId: tea.id, market: 'DE' });
    expect(entries.map((e) => [e.amountMinor, e.source, e.changedAt])).toEqual([
      [2290, 'seed', Date.UTC(2026, 0, 1)],
      [1990, 'edit', Date.UTC(2026, 0, 6)],
      [2490, 'edit', Date.UTC(2026, 0, 11)],
    ]);
    const feature = t.host.features.catalog;
    expect(feature.store.lowestPrice(tea.id, 'DE', clock - 30 * day, clock)).toBe(1990);
    // 40 days later the 19.90 left the window: the price in force at its start (24.90) is the low.
    clock += 40 * day;
    expect(feature.store.lowestPrice(tea.id, 'DE', clock - 30 * day, clock)).toBe(2490);
  });
});
