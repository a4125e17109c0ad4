import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { sessionFeatureOf } from './helpers';

let host: TestHost;
let id: string;
let t0: number;

/**
 * A broadcast written through the real writer with the kinds other features publish (OBS, cards, deals),
 * at known times, so every figure of the review can be checked by hand.
 */
beforeAll(async () => {
  // The host's clock is ours: the broadcast below lasts 100 s without the test waiting for it.
  let clock = Date.UTC(2025, 5, 1, 18, 0, 0);
  host = await startTestHost({ seedDemo: false, now: () => clock });
  const log = sessionFeatureOf(host);
  const session = await host.call('session.start', { title: 'Review', market: 'US' });
  id = session.id;
  t0 = session.startedAt;
  const at = (s: number) => t0 + s * 1000;
  const add = (s: number, kind: string, payload: Record<string, unknown>) =>
    log.writer.append(id, at(s), kind, typeof payload.productId === 'string' ? payload.productId : null, payload);
  add(1, 'obs.scene.changed', { sceneName: 'Intro' });
  add(10, 'obs.scene.changed', { sceneName: 'Product' });
  add(10, 'product.pinned', { productId: 'tea', sku: 'TEA-1', output: 'main', market: 'US' });
  add(20, 'deal.started', { dealId: 'd1', productId: 'tea' });
  add(30, 'deal.soldOut', { dealId: 'd1', productId: 'tea', unitsSold: 40, revenueMinor: 79960, currency: 'USD' });
  add(40, 'product.pinned', { productId: 'cup', sku: 'CUP-1', output: 'main', market: 'US' }); // replaces tea on "main"
  add(45, 'session.mark', { sessionId: id, text: 'cup demo' });
  add(50, 'product.unpinned', { productId: 'cup', output: 'main' });
  add(55, 'stream.alarm', { metric: 'dropped', valuePct: 2.5, thresholdPct: 0.1 });
  add(60, 'product.pinned', { productId: 'tea', sku: 'TEA-1', output: 'main', market: 'US' });
  add(61, 'deal.started', { dealId: 'd2', productId: 'tea' });
  add(70, 'deal.ended', { dealId: 'd2', productId: 'tea', unitsSold: 5, revenueMinor: 9995, currency: 'USD' });
  add(71, 'deal.started', { dealId: 'd3', productId: 'cup' });
  add(71.5, 'deal.started', { dealId: 'd4', productId: 'cup' });
  add(71.8, 'deal.cancelled', { dealId: 'd4', productId: 'cup', unitsSold: 1, revenueMinor: 1500, currency: 'EUR' });
  add(72, 'deal.ended', { dealId: 'd3', productId: 'cup', unitsSold: 2, revenueMinor: 3000, currency: 'EUR' });
  add(75, 'product.unpinned', { productId: 'tea', output: 'main' });
  add(80, 'error', { source: 'obs', code: 'x', message: 'encoder overloaded' });
  for (let s = 0; s < 90; s++) add(s, 'stream.health', { fps: s === 33 ? 12 : 30, cpuPct: 10 + (s % 5), droppedPct: s === 55 ? 2.5 : 0, renderSkippedPct: 0, outputSkippedPct: 0.1, congestion: 0, bytesPerSec: 750_000 });
  add(90, 'obs.scene.changed', { sceneName: 'Outro' });
  log.writer.flushAll();
  clock += 100_000;
  await host.call('session.end');
});
afterAll(async () => {
  await host.stop();
});

describe('session review', () => {
  it('computes the per-product table in SQL: time on air, pins, deals, units and revenue', async () => {
    const summary = await host.call('session.summary', { id });
    expect(summary.products).toEqual([
      { productId: 'tea', sku: 'TEA-1', name: {}, onAirMs: 30_000 + 15_000, timesPinned: 2, dealsRun: 2, unitsSold: 45, revenue: [{ currency: 'USD', amountMinor: 89955 }] },
      { productId: 'cup', sku: 'CUP-1', name: {}, onAirMs: 10_000, timesPinned: 1, dealsRun: 2, unitsSold: 3, revenue: [{ currency: 'EUR', amountMinor: 4500 }] },
    ]);
    expect(summary.marks).toEqual([{ seq: expect.any(Number), at: t0 + 45_000, text: 'cup demo' }]);
    expect(summary.alarms).toBe(1);
    expect(summary.errors).toBe(1);
    expect(summary.kinds.find((k) => k.kind === 'stream.health')?.count).toBe(90);
    expect(summary.session.eventCount).toBe(1 + 18 + 90 + 1 + 1);
  });

  it('draws scenes, products on air and deals as spans, and marks, alarms and errors as points', async () => {
    const tl = await host.call('session.timeline', { id });
    const rel = (v: number) => (v - t0) / 1000;
    expect(tl.scenes.map((s) => [s.label, rel(s.from), rel(s.to)])).toEqual([
      ['Intro', 1, 10],
      ['Product', 10, 90],
      ['Outro', 90, 100],
    ]);
    expect(tl.products.map((s) => [s.productId, rel(s.from), rel(s.to)])).toEqual([
      ['tea', 10, 40],
      ['cup', 40, 50],
      ['tea', 60, 75],
    ]);
    expect(tl.deals.map((s) => [s.label, s.productId, rel(s.from), rel(s.to)])).toEqual([
      ['d1 · deal.soldOut', 'tea', 20, 30],
      ['d2 · deal.ended', 'tea', 61, 70],
      ['d3 · deal.ended', 'cup', 71, 72],
      ['d4 · deal.cancelled', 'cup', 71.5, 71.8],
    ]);
    const points = tl.points.map((p) => [p.kind, p.label]);
    expect(points).toContainEqual(['session.mark', 'cup demo']);
    expect(points).toContainEqual(['stream.alarm', 'dropped 2.5%']);
    expect(points).toContainEqual(['error', 'obs: encoder overloaded']);
    expect(tl.truncated).toBe(false);

    const window = await host.call('session.timeline', { id, from: t0 + 41_000, to: t0 + 56_000, limitPerLane: 1 });
    expect(window.products.map((s) => s.productId)).toEqual(['cup']);
    expect(window.points.map((p) => p.kind)).toEqual(['session.mark']);
    expect(window.truncated).toBe(true);
  });

  it('charts health from the pre-aggregated buckets', async () => {
    const health = await host.call('session.health', { id, points: 600 });
    expect(health.bucketMs).toBe(5000);
    expect(health.points.reduce((n, p) => n + p.samples, 0)).toBe(90);
    const dip = health.points.find((p) => p.fpsMin === 12)!;
    expect(dip.at).toBe(Math.floor((t0 + 33_000) / 5000) * 5000);
    expect(health.points.every((p) => p.kbpsAvg === 6000)).toBe(true);
    expect(health.alarms).toEqual([{ at: t0 + 55_000, metric: 'dropped', valuePct: 2.5 }]);
    expect(Math.max(...health.points.map((p) => p.droppedMax ?? 0))).toBe(2.5);
  });

  it('pages events by row number and filters them by kind', async () => {
    const all = await host.call('session.events', { id, offset: 0, limit: 1000 });
    expect(all.total).toBe(all.events.length);
    const page = await host.call('session.events', { id, offset: 50, limit: 10 });
    expect(page.events.map((e) => e.seq)).toEqual(all.events.slice(50, 60).map((e) => e.seq));
    const deals = await host.call('session.events', { id, kinds: ['deal.started'], limit: 2, offset: 1 });
    expect(deals.total).toBe(4);
    expect(deals.events.map((e) => (e.payload as { dealId: string }).dealId)).toEqual(['d2', 'd3']);
    expect(deals.events[0]!.productId).toBe('tea');
  });
});

describe('pre-aggregated review tables', () => {
  it('kept by the writer event by event, equal to the same tables rebuilt from the events', () => {
    const db = host.host.context.db;
    const snapshot = () =>
      ['session_spans', 'session_points', 'session_product_sales', 'session_kind_counts', 'session_health'].map((table) =>
        (db.prepare(`SELECT * FROM ${table} WHERE session_id = ?`).all(id) as object[]).map((r) => JSON.stringify(r)).sort(),
      );
    const incremental = snapshot();
    expect(incremental[0]!.length).toBeGreaterThan(0);
    sessionFeatureOf(host).store.rebuildAggregates(id);
    expect(snapshot()).toEqual(incremental);
  });
});

describe('outages in the review', () => {
  let outages: TestHost;
  let sid: string;
  let start: number;
  beforeAll(async () => {
    let clock = Date.UTC(2025, 5, 2, 18, 0, 0);
    outages = await startTestHost({ seedDemo: false, now: () => clock });
    const log = sessionFeatureOf(outages);
    const session = await outages.call('session.start', { title: 'Outages', market: 'DE' });
    sid = session.id;
    start = session.startedAt;
    const add = (s: number, kind: string, payload: Record<string, unknown>) => log.writer.append(sid, start + s * 1000, kind, null, payload);
    add(1, 'obs.connection.changed', { state: 'connected', message: 'Connected.' });
    // OBS lost for 25 s: the change that lost the link, a failed retry, then connected again.
    add(20, 'obs.connection.changed', { state: 'disconnected', message: 'Lost the connection to OBS. Reconnecting…', lost: true });
    add(30, 'obs.connection.changed', { state: 'disconnected', message: 'Lost the connection to OBS. OBS is not running.' });
    add(45, 'obs.connection.changed', { state: 'connected', message: 'Connected.' });
    // A deliberate disconnect is not a loss.
    add(80, 'obs.connection.changed', { state: 'disconnected', message: 'Disconnected from OBS.' });
    for (let s = 0; s < 80; s += 2) {
      if (s >= 20 && s < 45) continue;
      add(s, 'stream.health', { fps: 30, cpuPct: 10, droppedPct: 0, renderSkippedPct: 0, outputSkippedPct: 0, congestion: 0, bytesPerSec: 500_000 });
    }
    log.writer.flushAll();
    clock += 90_000;
    await outages.call('session.end');
  });
  afterAll(async () => {
    await outages.stop();
  });

  it('counts OBS losses on their own (not as errors) and marks the outage as a gap', async () => {
    const summary = await outages.call('session.summary', { id: sid });
    expect(summary.obsLosses).toBe(1);
    expect(summary.interruptions).toBe(0);
    expect(summary.errors).toBe(0);
    const tl = await outages.call('session.timeline', { id: sid });
    expect(tl.gaps).toEqual([{ from: start + 20_000, to: start + 45_000, kind: 'obs' }]);
  });

  it('gives the health chart empty points where no samples came, so it draws a gap instead of a line', async () => {
    const health = await outages.call('session.health', { id: sid, points: 600 });
    const empty = health.points.filter((p) => p.samples === 0);
    expect(empty.length).toBeGreaterThan(0);
    for (const p of empty) {
      expect(p.fpsAvg).toBeNull();
      expect(p.at).toBeGreaterThanOrEqual(start + 20_000 - 5000);
      expect(p.at).toBeLessThan(start + 45_000);
    }
    // Two buckets with samples more than a bucket apart always have an empty point between them.
    for (let i = 1; i < health.points.length; i++) {
      const [before, after] = [health.points[i - 1]!, health.points[i]!];
      if (after.at - before.at > health.bucketMs) expect(before.samples).toBe(0);
    }
  });
});
