import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obsCardText } from '../../../electron/core/features/cards/outputs/obs-native-output';
import { startTestHost, type TestHost } from '../../support/host';

const day = 24 * 3600 * 1000;

/** Deal price rules against real SQLite price history, on a clock the test moves. */
describe('deal price rules', () => {
  const clock = { now: Date.UTC(2026, 4, 4, 12) };
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost({ now: () => clock.now });
  });
  afterEach(async () => {
    await t.stop();
  });

  const setDe = async (amountMinor: number) => {
    const tea = await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    await t.call('catalog.saveProduct', { product: { ...tea, prices: tea.prices.map((p) => (p.market === 'DE' ? { ...p, amountMinor } : p)) } });
  };
  const check = (dealPriceMinor: number) => t.call('deal.check', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor });
  const deDeal = { sku: 'TEA-JASMINE-100', market: 'DE', stock: 10, durationS: 300 };

  it('counts a low price that ended between 7 and 30 days ago as the 30-day low', async () => {
    // DE 22.90 (seeded) -> 19.90 from 25 days ago -> 24.90 from 15 days ago, until now.
    clock.now += 5 * day;
    await setDe(1990);
    clock.now += 10 * day;
    await setDe(2490);
    clock.now += 15 * day;
    const result = await check(2190);
    expect(result).toMatchObject({ regularPriceMinor: 2490, lowest30dMinor: 1990 });
    expect(result.violations.map((v) => v.rule)).toEqual(['omnibus_30_day_low']);
    await expect(t.call('deal.create', { ...deDeal, dealPriceMinor: 2190 })).rejects.toMatchObject({ code: 'bad_request' });
    // Once 19.90 ended more than 30 days ago it no longer counts: 24.90 has been the only price since.
    clock.now += 16 * day;
    expect((await check(2190)).violations).toEqual([]);
  });

  it('refuses a deal price exactly equal to the 30-day low, though it is below the regular price', async () => {
    clock.now += 5 * day;
    await setDe(1990);
    clock.now += 10 * day;
    await setDe(2490);
    const atLow = await check(1990);
    expect(atLow.violations).toEqual([
      expect.objectContaining({ rule: 'omnibus_30_day_low', limitMinor: 1990, message: expect.stringContaining('not below the lowest price of the last 30 days') }),
    ]);
    expect((await check(1989)).violations).toEqual([]);
  });

  it('refuses at create a price equal to the regular price and the 30-day low, with the same words as start', async () => {
    const refused = await t.call('deal.create', { ...deDeal, dealPriceMinor: 2290 }).catch((e: unknown) => e);
    const expected = (await check(2290)).violations;
    expect(expected.map((v) => v.rule)).toEqual(['below_regular_price', 'omnibus_30_day_low']);
    expect(refused).toMatchObject({
      code: 'bad_request',
      message: `${expected.map((v) => v.message).join(' ')} Lower the deal price, or give an override reason (it is logged).`,
      details: { violations: expected },
    });
    expect((await t.call('deal.list', {})).deals).toEqual([]);
  });

  it('refuses an override reason shorter than the minimum and says the minimum', async () => {
    for (const reason of ['ok', 'approved']) {
      const error = await t.call('deal.create', { ...deDeal, dealPriceMinor: 2290, overrideReason: reason }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('at least 10 characters') });
    }
    const fine = (await t.call('deal.create', { ...deDeal, dealPriceMinor: 1990 })).deal;
    const error = await t.call('deal.start', { dealId: fine.id, overrideReason: 'ok' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('at least 10 characters') });
    expect((await t.call('deal.get', { dealId: fine.id })).state).toBe('scheduled');
  });

  it('never strikes through a reference price that is not above the deal price (overlay and OBS scene)', async () => {
    const { deal } = await t.call('deal.create', { ...deDeal, dealPriceMinor: 2290, overrideReason: 'Price match approved by the shop owner' });
    await t.call('deal.start', { dealId: deal.id });
    const { card } = await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE' });
    expect(card.deal).toMatchObject({ priceText: '22,90\u00a0€', referencePriceText: null, percentOff: 0 });
    expect(obsCardText(card, clock.now).split('\n')[1]).toBe('22,90\u00a0€');
    await t.host.features.cards.idle();
  });

  it('strikes through the 30-day low in the EU (not the regular price), on the overlay and in the OBS scene', async () => {
    clock.now += 5 * day;
    await setDe(1990);
    clock.now += 10 * day;
    await setDe(2490);
    const { deal } = await t.call('deal.create', { ...deDeal, dealPriceMinor: 1790 });
    await t.call('deal.start', { dealId: deal.id });
    const { card } = await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE' });
    expect(card.deal).toMatchObject({ priceText: '17,90\u00a0€', referencePriceText: '19,90\u00a0€', percentOff: 10 });
    expect(obsCardText(card, clock.now).split('\n')[1]).toBe('17,90\u00a0€  (19,90\u00a0€)  -10%');
  });
});
