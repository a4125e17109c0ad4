import fs from 'node:fs';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareRow, Session } from '../../../electron/shared/contract/session';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import type { Database } from 'better-sqlite3';
import { waitFor } from '../../support/events';
import { centralAggregates, localAggregates } from '../../support/fleet-aggregates';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';
import { tempDir } from '../../support/temp';

/**
 * The manager's review on the central store: two studio hosts (two data folders) sync to one real
 * PostgreSQL, and a third host started with `central` (the manager login) answers the Sessions page's
 * methods from it. Every per-session figure is compared with what the studio PC itself answers.
 */
describe('central review', () => {
  let cluster: PgCluster;
  let a: TestHost;
  let b: TestHost;
  let manager: TestHost;
  let sessionA: string;
  let sessionB: string;
  let skuA: string;

  const fast = { sliceRows: 500, batchRows: 4000, retryMinMs: 20, retryMaxMs: 200, idleMs: 200, liveDelayMs: 20 };

  /**
   * A session with scenes, pins, two deals (sold units and revenue), orders, viewers, health and a mark;
   * `cues` more events (prompter cues, with commas, quotes, line breaks and Chinese in their payload).
   */
  async function broadcast(h: TestHost, title: string, market: string, hosts: string[], units: [number, number], revenue: [number, number], cues = 0) {
    const session = await h.call('session.start', { title, market, hosts });
    const products = h.host.context.db.prepare('SELECT id, sku FROM products ORDER BY sku LIMIT 2').all() as { id: string; sku: string }[];
    const w = h.host.features.session.writer;
    const t0 = session.startedAt;
    let t = t0;
    const log = (kind: string, productId: string | null, payload: Record<string, unknown>) => w.append(session.id, (t += 40), kind, productId, payload);
    products.forEach((p, i) => {
      log('obs.scene.changed', null, { sceneName: `Scene ${i}` });
      log('product.pinned', p.id, { productId: p.id, sku: p.sku, output: 'overlay' });
      log('deal.started', p.id, { dealId: `deal-${i}`, productId: p.id, currency: 'EUR' });
      for (let k = 0; k < 30; k++) log('stream.health', null, { fps: 30 - (k % 4), cpuPct: 10 + k, droppedPct: k % 5 === 0 ? 1 : 0, bytesPerSec: 500_000 });
      log('order.created', p.id, { key: `o-${title}-${i}`, sessionId: session.id });
      log('audience.viewers', null, { connectionId: 'c', platform: 'youtube', viewers: 100 * (i + 1) + units[i]!, at: t });
      log('deal.ended', p.id, { dealId: `deal-${i}`, productId: p.id, currency: 'EUR', unitsSold: units[i], revenueMinor: revenue[i] });
      log('product.unpinned', p.id, { productId: p.id, output: 'overlay' });
    });
    for (let k = 0; k < cues; k++) {
      w.append(session.id, (t += 1), 'prompter.cue.reached', null, { cueType: 'pin', argument: `SKU-${k % 9}`, lane: 'main', text: `line ${k}, "quoted"\n下一行` });
    }
    await h.call('session.mark', { text: `mark of ${title}` });
    await h.call('session.end', {});
    return { id: session.id, sku: products[0]!.sku };
  }

  beforeAll(async () => {
    cluster = await startPostgres();
    const root = new pg.Client({ connectionString: cluster.adminUrl });
    await root.connect();
    await root.query('CREATE DATABASE fleet_review');
    await root.end();
    const admin = new pg.Client({ connectionString: cluster.url('postgres', undefined, 'fleet_review') });
    await admin.connect();
    await setupCentral(admin, {
      studios: [
        { name: 'studio_a', password: 'pw-a' },
        { name: 'studio_b', password: 'pw-b' },
      ],
      managers: [{ name: 'boss', password: 'pw-boss' }],
    });
    await admin.end();

    a = await startTestHost({ fleetSync: fast });
    b = await startTestHost({ fleetSync: fast });
    await a.call('settings.set', { studio: { name: 'Berlin room' } });
    await b.call('settings.set', { studio: { name: 'Shanghai room' } });
    // Over 10,000 events: the export reads and renders it in more than one chunk.
    const one = await broadcast(a, 'Tea morning', 'DE', ['Lena', 'Jonas'], [3, 5], [3000, 7500], 12_000);
    sessionA = one.id;
    skuA = one.sku;
    sessionB = (await broadcast(b, 'Silk evening', 'CN', ['Mei'], [10, 2], [20_000, 1800])).id;
    await a.call('fleet.configure', { url: `postgres://studio_a@127.0.0.1:${cluster.port}/fleet_review`, password: 'pw-a' });
    await b.call('fleet.configure', { url: `postgres://studio_b@127.0.0.1:${cluster.port}/fleet_review`, password: 'pw-b' });
    for (const h of [a, b]) await waitFor(async () => (await h.call('fleet.status')).state === 'upToDate', 'studio synced', 20_000);

    manager = await startTestHost({ central: { url: `postgres://boss@127.0.0.1:${cluster.port}/fleet_review`, password: 'pw-boss' } });
  });
  const files = tempDir('broadcart-central-export-');
  afterAll(async () => {
    files.cleanup();
    await manager?.stop();
    await a?.stop();
    await b?.stop();
    await cluster?.destroy();
  });

  const withoutStudio = ({ studio: _studio, ...session }: Session) => session;

  it('lists both studios\' sessions with their studio names, and filters by studio, market, host and product', async () => {
    const all = await manager.call('session.list', {});
    expect(all.source).toBe('central');
    expect(all.total).toBe(2);
    expect(all.studios.map((s) => s.name).sort()).toEqual(['Berlin room', 'Shanghai room']);
    const byId = new Map(all.sessions.map((s) => [s.id, s]));
    expect(byId.get(sessionA)?.studio?.name).toBe('Berlin room');
    expect(byId.get(sessionB)?.studio?.name).toBe('Shanghai room');
    // The session as the studio PC lists it.
    expect(withoutStudio(byId.get(sessionA)!)).toEqual(withoutStudio((await a.call('session.get', { id: sessionA }))));

    const berlin = all.studios.find((s) => s.name === 'Berlin room')!.id;
    expect((await manager.call('session.list', { studio: berlin })).sessions.map((s) => s.id)).toEqual([sessionA]);
    expect((await manager.call('session.list', { market: 'cn' })).sessions.map((s) => s.id)).toEqual([sessionB]);
    expect((await manager.call('session.list', { host: 'jon' })).sessions.map((s) => s.id)).toEqual([sessionA]);
    expect((await manager.call('session.list', { host: 'nobody' })).total).toBe(0);
    expect((await manager.call('session.list', { product: skuA })).total).toBe(2);
    expect((await manager.call('session.list', { product: 'NO-SUCH-SKU' })).total).toBe(0);
    // The local list filters by product the same way.
    expect((await a.call('session.list', { product: skuA })).sessions.map((s) => s.id)).toEqual([sessionA]);
    expect((await a.call('session.list', {})).source).toBe('local');
  });

  it('each session\'s review aggregates are central, equal to the studio PC\'s tables', async () => {
    const boss = new pg.Client({ connectionString: cluster.url('boss', 'pw-boss', 'fleet_review') });
    await boss.connect();
    try {
      for (const [h, id] of [
        [a, sessionA],
        [b, sessionB],
      ] as const) {
        const local = localAggregates(h.host.context.db as unknown as Database, id);
        expect(await centralAggregates((sql, params) => boss.query(sql, params), id)).toEqual(local);
        expect(local.spans.map((r) => r.lane).sort()).toEqual(['deal', 'deal', 'product', 'product', 'scene', 'scene']);
        expect(local.sales).toHaveLength(2);
        expect(local.health.length).toBeGreaterThan(0);
      }
      // The comparison's viewers: the highest count the events reported.
      expect((await boss.query('SELECT session_id, viewers_peak FROM fleet.sessions ORDER BY viewers_peak')).rows).toEqual([
        { session_id: sessionB, viewers_peak: 202 },
        { session_id: sessionA, viewers_peak: 205 },
      ]);
    } finally {
      await boss.end();
    }
  });

  it('one session\'s summary, per-product figures, timeline, health and event pages equal the studio PC\'s', async () => {
    for (const [h, id] of [
      [a, sessionA],
      [b, sessionB],
    ] as const) {
      const central = await manager.call('session.summary', { id });
      const local = await h.call('session.summary', { id });
      expect({ ...central, session: withoutStudio(central.session) }).toEqual(local);
      expect(central.products).toHaveLength(2);
      expect(central.marks.map((m) => m.text)).toEqual([expect.stringContaining('mark of')]);

      expect(await manager.call('session.timeline', { id })).toEqual(await h.call('session.timeline', { id }));
      expect(await manager.call('session.health', { id, points: 50 })).toEqual(await h.call('session.health', { id, points: 50 }));
      expect(await manager.call('session.events', { id, offset: 5, limit: 20 })).toEqual(await h.call('session.events', { id, offset: 5, limit: 20 }));
      const kinds = ['deal.ended', 'product.pinned'];
      expect(await manager.call('session.events', { id, kinds })).toEqual(await h.call('session.events', { id, kinds }));
    }
    await expect(manager.call('session.summary', { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('compares per host, market, studio and product with the right sums', async () => {
    const row = (rows: CompareRow[], key: string) => rows.find((r) => r.key === key);
    const hosts = await manager.call('session.compare', { by: 'host' });
    expect(hosts.sessions).toBe(2);
    expect(hosts.rows.map((r) => r.key).sort()).toEqual(['Jonas', 'Lena', 'Mei']);
    expect(row(hosts.rows, 'Lena')).toMatchObject({ sessions: 1, deals: 2, orders: 2, units: 8, revenue: [{ currency: 'EUR', amountMinor: 10_500 }], viewersPeak: 205 });
    expect(row(hosts.rows, 'Mei')).toMatchObject({ sessions: 1, deals: 2, orders: 2, units: 12, revenue: [{ currency: 'EUR', amountMinor: 21_800 }], viewersPeak: 202 });
    // Time on air per host: the session's duration as the PC has it.
    const localA = await a.call('session.compare', { by: 'host' });
    expect(row(hosts.rows, 'Lena')).toEqual(row(localA.rows, 'Lena'));

    const markets = await manager.call('session.compare', { by: 'market' });
    expect(markets.rows.map((r) => [r.key, r.units])).toEqual(expect.arrayContaining([['DE', 8], ['CN', 12]]));
    const studios = await manager.call('session.compare', { by: 'studio' });
    expect(studios.rows.map((r) => r.label).sort()).toEqual(['Berlin room', 'Shanghai room']);

    // Per product (by SKU, across studios): the sums of each PC's own comparison.
    const products = await manager.call('session.compare', { by: 'product' });
    const localProducts = [...(await a.call('session.compare', { by: 'product' })).rows, ...(await b.call('session.compare', { by: 'product' })).rows];
    expect(products.rows).toHaveLength(2);
    for (const r of products.rows) {
      const parts = localProducts.filter((l) => l.key === r.key);
      expect(parts).toHaveLength(2);
      expect(r.sessions).toBe(2);
      expect(r.units).toBe(parts[0]!.units + parts[1]!.units);
      expect(r.deals).toBe(2);
      expect(r.onAirMs).toBe(parts[0]!.onAirMs + parts[1]!.onAirMs);
      expect(r.revenue[0]!.amountMinor).toBe(parts[0]!.revenue[0]!.amountMinor + parts[1]!.revenue[0]!.amountMinor);
    }
    expect(row(products.rows, skuA)?.units).toBe(3 + 10);

    // Filters narrow the comparison as they narrow the list.
    expect((await manager.call('session.compare', { by: 'host', market: 'DE' })).rows.map((r) => r.key).sort()).toEqual(['Jonas', 'Lena']);
  });

  it('exports a studio\'s session as CSV, JSON and archive with the rows its PC exports', async () => {
    const read = (file: string) => fs.readFileSync(file, 'utf8');
    const csvRows = (file: string) => Papa.parse<string[]>(read(file), { skipEmptyLines: true }).data;
    for (const [h, id] of [
      [a, sessionA],
      [b, sessionB],
    ] as const) {
      const count = (await h.call('session.get', { id })).eventCount;
      const exported = async (format: 'csv' | 'json' | 'archive') => {
        const central = await manager.call('session.export', { id, format, folder: `${files.dir}/central` });
        const local = await h.call('session.export', { id, format, folder: `${files.dir}/local` });
        expect(central.rows).toBe(count);
        expect(central.rows).toBe(local.rows);
        expect(central.fileName).toBe(local.fileName);
        return { central, local };
      };

      const csv = await exported('csv');
      const rows = csvRows(csv.central.path);
      expect(rows).toHaveLength(count + 1);
      expect(rows).toEqual(csvRows(csv.local.path));
      // Byte for byte: the same SKU column from the synced catalog, the same payload text.
      expect(read(csv.central.path)).toBe(read(csv.local.path));
      expect(rows.filter((r) => r[4] === 'product.pinned').every((r) => r[6] !== '')).toBe(true);

      const json = await exported('json');
      const parsed = JSON.parse(read(json.central.path)) as { session: Session; events: { seq: number }[] };
      expect(parsed.events.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(parsed).toEqual(JSON.parse(read(json.local.path)));

      const archive = await exported('archive');
      const lines = (file: string) => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
      const [head, ...rest] = lines(archive.central.path);
      const [localHead, ...localRest] = lines(archive.local.path);
      // Only the time of the export differs.
      expect({ ...JSON.parse(head!), exportedAt: 0 }).toEqual({ ...JSON.parse(localHead!), exportedAt: 0 });
      expect(rest).toEqual(localRest);
      expect(rest).toHaveLength(count + 2);

      // The browser UI downloads the central export through the manager's host.
      const res = await fetch(`${manager.baseUrl}${csv.central.downloadPath}?token=${manager.token}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(read(csv.local.path));
    }
    expect((await manager.call('session.export', { id: sessionA, format: 'csv', folder: files.dir })).rows).toBeGreaterThan(12_000);
    await expect(manager.call('session.export', { id: '00000000-0000-4000-8000-000000000000', format: 'csv' })).rejects.toMatchObject({ code: 'not_found' });
  });

  /**
   * A session with an A/B script: version A then B in the prompter (B of the same script title on the other
   * studio, under that PC's own script id), orders attributed to each (one cancelled later), viewer readings,
   * and the platforms the log names (orders on TikTok Shop here, a pre-flight listing Shopify there).
   */
  async function abBroadcast(h: TestHost, title: string, market: string, plan: { versions: string[]; scriptId: string; orders: { key: string; version: string; quantity: number; price: number; currency: string; platform: string; cancel?: boolean }[]; viewers: number; preflightPlatforms?: string[] }) {
    const session = await h.call('session.start', { title, market, hosts: ['Ana'] });
    const w = h.host.features.session.writer;
    let t = session.startedAt;
    const log = (kind: string, payload: Record<string, unknown>, step = 10) => w.append(session.id, (t += step), kind, null, payload);
    if (plan.preflightPlatforms) log('session.preflight', { sessionId: session.id, market, platforms: plan.preflightPlatforms, errorCount: 0, warningCount: 1, findings: [], override: null });
    for (const [i, version] of plan.versions.entries()) {
      log('prompter.loaded', { scriptId: plan.scriptId, title: 'Jasmine pitch', version, languages: [], leadLanguage: 'en', pickedBy: 'host', reason: 'load' }, 100);
      if (i === 0) log('deal.started', { dealId: `deal-${title}`, productId: 'p', currency: plan.orders[0]!.currency });
      log('audience.viewers', { connectionId: 'yt', platform: 'youtube', viewers: plan.viewers + i, at: t });
      for (const o of plan.orders.filter((x) => x.version === version)) {
        const order = {
          key: o.key, connectionId: 'shop', platform: o.platform, orderId: o.key, placedAt: t, updatedAt: t, status: 'paid', currency: o.currency, minorDigits: 2,
          totalMinor: o.quantity * o.price, sessionId: session.id,
          lines: [{ lineId: 'l1', productId: null, sku: null, remoteProductId: null, remoteSkuId: null, quantity: o.quantity, refundedQuantity: 0, unitPriceMinor: o.price,
            attribution: { pinnedProductId: null, dealId: null, cueId: null, scriptId: plan.scriptId, scriptVersion: { scriptId: plan.scriptId, version }, hosts: ['Ana'], market } }],
        };
        log('order.created', order);
        if (o.cancel) log('order.updated', { order: { ...order, status: 'cancelled' }, previousStatus: 'paid' });
      }
    }
    log('prompter.unloaded', { scriptId: plan.scriptId, version: plan.versions.at(-1) }, 200);
    // The log's times ran ahead of the clock: the session ends after its last event, as a real one does.
    await waitFor(() => Date.now() > t + 1, 'the clock past the last event', 5000);
    await h.call('session.end', {});
    return session.id;
  }

  it('filters by platform and compares per script version, locally and centrally alike', async () => {
    const abA = await abBroadcast(a, 'Jasmine launch', 'DE', {
      versions: ['A', 'B'],
      scriptId: 'script-on-a',
      viewers: 50,
      orders: [
        { key: 'a-1', version: 'A', quantity: 2, price: 1000, currency: 'EUR', platform: 'tiktok-shop' },
        { key: 'a-2', version: 'B', quantity: 1, price: 1500, currency: 'EUR', platform: 'tiktok-shop' },
        { key: 'a-3', version: 'B', quantity: 3, price: 1500, currency: 'EUR', platform: 'tiktok-shop', cancel: true },
      ],
    });
    const abB = await abBroadcast(b, 'Jasmine evening', 'CN', {
      versions: ['B'],
      scriptId: 'script-on-b',
      viewers: 80,
      preflightPlatforms: ['shopify'],
      orders: [{ key: 'b-1', version: 'B', quantity: 4, price: 500, currency: 'CNY', platform: 'shopify' }],
    });
    await waitFor(async () => (await manager.call('session.list', {})).total === 4, 'both A/B sessions synced', 20_000);
    for (const [h, id] of [[a, abA], [b, abB]] as const) {
      const count = (await h.call('session.get', { id })).eventCount;
      await waitFor(async () => (await manager.call('session.get', { id })).eventCount === count && (await manager.call('session.get', { id })).status === 'ended', 'events synced', 20_000);
    }

    // Platform: the orders' platform on one PC, the pre-flight's on the other; the viewer readings' on every session.
    const ids = async (h: TestHost, platform: 'tiktok-shop' | 'shopify' | 'youtube' | 'twitch') => (await h.call('session.list', { platform })).sessions.map((s) => s.id).sort();
    expect(await ids(a, 'tiktok-shop')).toEqual([abA]);
    expect(await ids(b, 'shopify')).toEqual([abB]);
    expect(await ids(a, 'youtube')).toEqual([sessionA, abA].sort());
    expect(await ids(a, 'twitch')).toEqual([]);
    expect(await ids(manager, 'tiktok-shop')).toEqual([abA]);
    expect(await ids(manager, 'shopify')).toEqual([abB]);
    expect(await ids(manager, 'youtube')).toEqual([sessionA, sessionB, abA, abB].sort());
    expect(await ids(manager, 'twitch')).toEqual([]);
    expect((await manager.call('session.compare', { by: 'market', platform: 'shopify' })).rows.map((r) => r.key)).toEqual(['CN']);
    await expect(manager.call('session.list', { platform: 'myspace' as 'twitch' })).rejects.toMatchObject({ code: 'bad_request' });

    // Per version: A only on one PC; B on both under one row (same script title), cancelled order left out.
    const byKey = (rows: CompareRow[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
    const localA = byKey((await a.call('session.compare', { by: 'version' })).rows);
    const localB = byKey((await b.call('session.compare', { by: 'version' })).rows);
    expect(Object.keys(localA).sort()).toEqual(['jasmine pitch/A', 'jasmine pitch/B']);
    expect(localA['jasmine pitch/A']).toMatchObject({ label: 'Jasmine pitch · A', sessions: 1, onAirMs: 130, deals: 1, orders: 1, units: 2, revenue: [{ currency: 'EUR', amountMinor: 2000 }], viewersPeak: 50 });
    expect(localA['jasmine pitch/B']).toMatchObject({ sessions: 1, onAirMs: 240, deals: 0, orders: 1, units: 1, revenue: [{ currency: 'EUR', amountMinor: 1500 }], viewersPeak: 51 });
    expect(localB['jasmine pitch/B']).toMatchObject({ sessions: 1, deals: 1, orders: 1, units: 4, revenue: [{ currency: 'CNY', amountMinor: 2000 }], viewersPeak: 80 });

    const central = await manager.call('session.compare', { by: 'version' });
    expect(central.sessions).toBe(4);
    const rows = byKey(central.rows);
    expect(Object.keys(rows).sort()).toEqual(['jasmine pitch/A', 'jasmine pitch/B']);
    expect(rows['jasmine pitch/A']).toEqual(localA['jasmine pitch/A']);
    expect(rows['jasmine pitch/B']).toEqual({
      key: 'jasmine pitch/B',
      label: 'Jasmine pitch · B',
      sessions: 2,
      onAirMs: localA['jasmine pitch/B']!.onAirMs + localB['jasmine pitch/B']!.onAirMs,
      deals: 1,
      orders: 2,
      units: 5,
      revenue: [{ currency: 'CNY', amountMinor: 2000 }, { currency: 'EUR', amountMinor: 1500 }],
      viewersPeak: 80,
    });
    // The filters narrow it as they narrow the list.
    expect((await manager.call('session.compare', { by: 'version', platform: 'tiktok-shop' })).rows.map((r) => [r.key, r.units])).toEqual([
      ['jasmine pitch/B', 1],
      ['jasmine pitch/A', 2],
    ]);
    expect((await manager.call('session.compare', { by: 'version', market: 'CN' })).rows.map((r) => r.key)).toEqual(['jasmine pitch/B']);
  });

  it('a studio PC switched in Settings reviews the central store with a manager login, kept across a restart, and back to its own log', async () => {
    const folder = tempDir('broadcart-review-switch-');
    const url = `postgres://boss@127.0.0.1:${cluster.port}/fleet_review`;
    let pc = await startTestHost({ dataDir: folder.dir });
    try {
      const own = await pc.call('session.start', { title: 'This PC only', market: 'US', hosts: ['Ana'] });
      await pc.call('session.end', {});
      // A wrong password is refused with the reason, and nothing is switched or kept.
      await expect(pc.call('fleet.configureReview', { url, password: 'wrong', enabled: true })).rejects.toMatchObject({ key: 'fleet.wrong_password' });
      expect((await pc.call('fleet.status')).review).toEqual({ enabled: false, fixed: false, url: null, caFile: null, hasPassword: false });
      expect((await pc.call('session.list', {})).source).toBe('local');

      const on = await pc.call('fleet.configureReview', { url, password: 'pw-boss', enabled: true });
      expect(on.review).toEqual({ enabled: true, fixed: false, url, caFile: null, hasPassword: true });
      expect(JSON.stringify(on)).not.toContain('pw-boss');
      const central = await pc.call('session.list', {});
      expect(central.source).toBe('central');
      // What the manager's host lists, every studio's sessions, and not this PC's own one (it does not sync).
      const managers = await manager.call('session.list', {});
      expect(central.sessions.map((s) => s.id)).toEqual(managers.sessions.map((s) => s.id));
      expect(central.sessions.map((s) => s.id)).toEqual(expect.arrayContaining([sessionA, sessionB]));
      expect(central.sessions.map((s) => s.id)).not.toContain(own.id);
      expect((await pc.call('session.summary', { id: sessionB })).session.id).toBe(sessionB);
      // The log here keeps its own session; only the review reads elsewhere.
      await expect(pc.call('session.get', { id: own.id })).rejects.toMatchObject({ code: 'not_found' });

      // The switch and the login survive a restart.
      await pc.stop();
      pc = await startTestHost({ dataDir: folder.dir });
      expect((await pc.call('fleet.status')).review.enabled).toBe(true);
      expect((await pc.call('session.list', {})).total).toBe(managers.total);

      const off = await pc.call('fleet.configureReview', { url, enabled: false });
      expect(off.review).toMatchObject({ enabled: false, hasPassword: true });
      const local = await pc.call('session.list', {});
      expect(local.source).toBe('local');
      expect(local.sessions.map((s) => s.id)).toEqual([own.id]);
    } finally {
      await pc.stop();
      folder.cleanup();
    }
    // A manager's host started with --central keeps it for the run.
    expect((await manager.call('fleet.status')).review).toMatchObject({ enabled: true, fixed: true });
    await expect(manager.call('fleet.configureReview', { url, enabled: false })).rejects.toMatchObject({ key: 'fleet.review_fixed' });
    expect((await manager.call('session.list', {})).source).toBe('central');
  });
});
