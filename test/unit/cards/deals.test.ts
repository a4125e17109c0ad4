import { afterEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

const day = 24 * 3600 * 1000;

/** A host with a clock the test moves; `tick()` runs the deal timers for the new time. */
async function hostWithClock(dataDir: string, clock: { now: number }) {
  const t = await startTestHost({ dataDir, now: () => clock.now });
  const events: HostEvent[] = [];
  t.host.context.bus.subscribeAll((e) => events.push(e));
  const cards = t.host.features.cards;
  return { t, events, tick: () => cards.deals.tick(), names: () => events.map((e) => e.name) };
}

describe('flash deals', () => {
  const temp = tempDir();
  const clock = { now: Date.UTC(2026, 2, 1, 12) };
  let current: TestHost | null = null;
  afterEach(async () => {
    await current?.stop();
    current = null;
  });

  it('runs scheduled -> countdown -> live -> ended on the host clock, and ends on start a deal that expired while closed', async () => {
    const first = await hostWithClock(temp.dir, clock);
    current = first.t;
    const { deal, violations } = await first.t.call('deal.create', {
      sku: 'TEA-JASMINE-100',
      market: 'US',
      dealPriceMinor: 1999,
      stock: 50,
      perBuyerLimit: 2,
      durationS: 120,
      leadInS: 10,
    });
    expect(violations).toEqual([]);
    expect(deal.state).toBe('scheduled');
    const started = await first.t.call('deal.start', { dealId: deal.id });
    expect(started).toMatchObject({ state: 'countdown', countdownEndsAt: clock.now + 10_000, endsAt: clock.now + 130_000 });

    clock.now += 9_000;
    first.tick();
    expect((await first.t.call('deal.list', {})).deals[0]!.state).toBe('countdown');
    clock.now += 1_000;
    first.tick();
    expect((await first.t.call('deal.list', {})).deals[0]!.state).toBe('live');

    const sold = await first.t.call('deal.adjustStock', { dealId: deal.id, sold: 2 });
    expect(sold).toMatchObject({ stock: 48, unitsSold: 2, revenueMinor: 3998 });
    await expect(first.t.call('deal.adjustStock', { dealId: deal.id, sold: 3 })).rejects.toMatchObject({ code: 'bad_request' });
    expect(first.names()).toEqual(expect.arrayContaining(['deal.created', 'deal.countdown', 'deal.started', 'deal.stock.changed']));

    // The app closes while the deal is live, and opens after it should have ended.
    await first.t.stop();
    current = null;
    clock.now += 10 * 60_000;
    const second = await hostWithClock(temp.dir, clock);
    current = second.t;
    const ended = (await second.t.call('deal.list', {})).deals[0]!;
    expect(ended).toMatchObject({ state: 'ended', finishReason: 'while_closed', unitsSold: 2, revenueMinor: 3998 });
    // Logged: the session log subscribes before features start, so the recovery event reached the bus.
    const { rows } = second.t.host.context.db
      .prepare("SELECT count(*) AS rows FROM deals WHERE finish_reason = 'while_closed'")
      .get() as { rows: number };
    expect(rows).toBe(1);
  });

  it('ends a live deal when its time runs out and sells out at zero stock', async () => {
    const h = await hostWithClock(tempDir().dir, clock);
    current = h.t;
    const a = (await h.t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 4900, stock: 3, durationS: 60 })).deal;
    await h.t.call('deal.start', { dealId: a.id });
    await h.t.call('deal.adjustStock', { dealId: a.id, sold: 3 });
    expect((await h.t.call('deal.list', { productId: a.productId })).deals[0]).toMatchObject({ state: 'sold-out', stock: 0 });
    const soldOut = h.events.find((e) => e.name === 'deal.soldOut')!;
    expect(soldOut.payload).toMatchObject({ dealId: a.id, productId: a.productId, unitsSold: 3, revenueMinor: 14700, currency: 'USD' });

    const b = (await h.t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 4900, stock: 3, durationS: 60 })).deal;
    await h.t.call('deal.start', { dealId: b.id });
    clock.now += 60_000;
    h.tick();
    const ended = h.events.find((e) => e.name === 'deal.ended')!;
    expect(ended.payload).toMatchObject({ dealId: b.id, reason: 'time', unitsSold: 0 });
    await expect(h.t.call('deal.start', { dealId: b.id })).rejects.toMatchObject({ code: 'invalid_state' });

    const c = (await h.t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 4900, stock: 3, durationS: 60, leadInS: 30 })).deal;
    await h.t.call('deal.start', { dealId: c.id });
    expect((await h.t.call('deal.cancel', { dealId: c.id, reason: 'wrong product' })).state).toBe('cancelled');
    expect(h.events.find((e) => e.name === 'deal.cancelled')!.payload).toMatchObject({ dealId: c.id, reason: 'wrong product' });
  });

  it('refuses lead-ins outside 10 to 300 s', async () => {
    const h = await hostWithClock(tempDir().dir, clock);
    current = h.t;
    await expect(
      h.t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 100, stock: 1, durationS: 60, leadInS: 5 }),
    ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('10 to 300') });
  });

  it('blocks a price that is not below the regular price or (EU) the 30-day low, unless overridden with a logged reason', async () => {
    const h = await hostWithClock(tempDir().dir, clock);
    current = h.t;
    const tea = await h.t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    // DE was 22.90; 10 days ago it was cut to 19.90, then raised to 29.90 today.
    const setDe = (amountMinor: number) =>
      h.t.call('catalog.saveProduct', { product: { ...tea, prices: tea.prices.map((p) => (p.market === 'DE' ? { ...p, amountMinor } : p)) } });
    clock.now += 20 * day;
    await setDe(1990);
    clock.now += 10 * day;
    await setDe(2990);

    const check = await h.t.call('deal.check', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 2490 });
    expect(check).toMatchObject({ regularPriceMinor: 2990, lowest30dMinor: 1990 });
    expect(check.violations.map((v) => v.rule)).toEqual(['omnibus_30_day_low']);
    // The US has no 30-day rule: 24.90 is below the regular 24.99... and so allowed.
    expect((await h.t.call('deal.check', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 2490 })).violations).toEqual([]);
    expect((await h.t.call('deal.check', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 2499 })).violations[0]!.rule).toBe('below_regular_price');

    // Refused at create, with the same words as at start: a deal that cannot start is not prepared.
    const refused = await h.t
      .call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 2490, stock: 10, durationS: 300 })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'bad_request', message: expect.stringContaining('30 days'), details: { violations: [{ rule: 'omnibus_30_day_low' }] } });
    expect((await h.t.call('deal.list', {})).deals).toEqual([]);

    // A price that was fine at create but breaks a rule by the time it starts is blocked at start.
    const fine = (await h.t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1890, stock: 10, durationS: 300 })).deal;
    await setDe(1790);
    const blocked = await h.t.call('deal.start', { dealId: fine.id }).catch((e: unknown) => e);
    expect(blocked).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('30 days') });
    expect((blocked as Error).message.replace(/18,90|17,90/g, '')).toBe(
      (await h.t.call('deal.check', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1890 })).violations.map((v) => v.message).join(' ').replace(/18,90|17,90/g, '') +
        ' Lower the deal price, or give an override reason (it is logged).',
    );
    expect((await h.t.call('deal.get', { dealId: fine.id })).state).toBe('scheduled');
    await h.t.call('deal.cancel', { dealId: fine.id });

    const { deal } = await h.t.call('deal.create', {
      sku: 'TEA-JASMINE-100',
      market: 'DE',
      dealPriceMinor: 2490,
      stock: 10,
      durationS: 300,
      overrideReason: 'Clearance approved by legal',
    });
    const started = await h.t.call('deal.start', { dealId: deal.id });
    expect(started).toMatchObject({ state: 'live', overrideReason: 'Clearance approved by legal' });
    // 24.90 is now above the regular 17.90 and the 30-day low: both overrides are logged with the reason.
    const overrides = h.events.filter((e) => e.name === 'deal.override').map((e) => e.payload);
    expect(overrides).toEqual([
      { dealId: deal.id, productId: tea.id, reason: 'Clearance approved by legal', rule: 'below_regular_price' },
      { dealId: deal.id, productId: tea.id, reason: 'Clearance approved by legal', rule: 'omnibus_30_day_low' },
    ]);
    const { events } = await import('../../../electron/shared/contract');
    expect(events['deal.override'].logged).toBe(true);
  });
});
