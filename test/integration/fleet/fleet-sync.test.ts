import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import { latestCentralVersion } from '../../../electron/core/features/fleet/central-schema';
import type { Database } from 'better-sqlite3';
import { waitFor } from '../../support/events';
import { centralAggregates, localAggregates } from '../../support/fleet-aggregates';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';

/**
 * A studio host syncing its session log to a real PostgreSQL (a throwaway cluster): past and live
 * sessions, the server stopped and started, the server SIGKILLed in the middle of a COPY. Every check
 * compares the central rows with the local ones: count, a hash per session, no duplicate seq.
 */
describe('fleet sync', () => {
  let cluster: PgCluster;
  let manager: pg.Client;
  let admin: pg.Client;
  let h: TestHost;
  /** Set by a test to act in the middle of a COPY (after each slice written). */
  let onSlice: ((rows: number) => Promise<void>) | null = null;
  let studioUrl: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    const root = new pg.Client({ connectionString: cluster.adminUrl });
    await root.connect();
    await root.query('CREATE DATABASE fleet_sync');
    await root.end();
    admin = new pg.Client({ connectionString: cluster.url('postgres', undefined, 'fleet_sync') });
    admin.on('error', () => undefined);
    await admin.connect();
    await setupCentral(admin, { studios: [{ name: 'studio_one', password: 'pw-one' }], managers: [{ name: 'boss', password: 'pw-boss' }] });
    manager = new pg.Client({ connectionString: cluster.url('boss', 'pw-boss', 'fleet_sync') });
    manager.on('error', () => undefined);
    await manager.connect();
    studioUrl = `postgres://studio_one@127.0.0.1:${cluster.port}/fleet_sync`;
    h = await startTestHost({
      fleetSync: { sliceRows: 500, batchRows: 4000, retryMinMs: 20, retryMaxMs: 200, idleMs: 200, liveDelayMs: 20, onCopySlice: (n) => onSlice?.(n) },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await manager?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await cluster?.destroy();
  });

  const writer = () => h.host.features.session.writer;
  const status = () => h.call('fleet.status') as Promise<FleetStatus>;

  function localRows(sessionId: string) {
    const rows = h.host.context.db
      .prepare('SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as { seq: number; at: number; kind: string; product_id: string | null; payload: string }[];
    const text = rows.map((r) => `${r.seq}|${r.at}|${r.kind}|${r.product_id ?? ''}|${r.payload}`).join('\n');
    return { n: rows.length, hash: rows.length ? crypto.createHash('md5').update(text).digest('hex') : null };
  }

  /** Queries as the manager (or `admin`), connecting again after a server restart. */
  async function asManager(sql: string, params: unknown[] = []) {
    try {
      return await manager.query(sql, params);
    } catch {
      await manager.end().catch(() => undefined);
      manager = new pg.Client({ connectionString: cluster.url('boss', 'pw-boss', 'fleet_sync') });
      manager.on('error', () => undefined);
      await manager.connect();
      return manager.query(sql, params);
    }
  }
  async function asAdmin(sql: string) {
    try {
      return await admin.query(sql);
    } catch {
      await admin.end().catch(() => undefined);
      admin = new pg.Client({ connectionString: cluster.url('postgres', undefined, 'fleet_sync') });
      admin.on('error', () => undefined);
      await admin.connect();
      return admin.query(sql);
    }
  }

  async function centralRows(sessionId: string) {
    const { rows } = await asManager(
      `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq,
              md5(string_agg(seq || '|' || (extract(epoch FROM at) * 1000)::bigint || '|' || kind || '|' || coalesce(product_id, '') || '|' || payload::text,
                             E'\\n' ORDER BY seq)) AS hash
         FROM fleet.events WHERE session_id = $1`,
      [sessionId],
    );
    return rows[0] as { n: number; distinct_seq: number; hash: string | null };
  }

  /** Waits until the server holds exactly the session's local rows and its current status. */
  async function synced(sessionId: string, timeoutMs = 20_000) {
    writer().flushAll();
    let last = '';
    return waitFor(
      async () => {
        const local = localRows(sessionId);
        const central = await centralRows(sessionId).catch(() => null);
        last = JSON.stringify({ local, central, status: await status() });
        const session = h.host.features.session.store.get(sessionId);
        const row = (await asManager('SELECT status, event_count::int AS n FROM fleet.sessions WHERE session_id = $1', [sessionId]).catch(() => ({ rows: [] }))).rows[0];
        return central !== null && central.n === local.n && central.hash === local.hash && row?.status === session.status && row?.n === session.eventCount
          ? { local, central }
          : false;
      },
      `session ${sessionId} synced`,
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; ${last}`);
    });
  }

  const localAgg = (id: string) => localAggregates(h.host.context.db as unknown as Database, id);
  const centralAgg = (id: string) => centralAggregates(asManager, id);

  let productId: string;
  const pastIds: string[] = [];
  let liveId: string;

  /**
   * A past session: `n` events (health samples, marks every 100, a card pin every 250, a product pin
   * and a deal started and ended every 1000, so spans and sales change across batches), ended.
   */
  async function pastSession(title: string, n: number, firstAt?: number): Promise<string> {
    const session = await h.call('session.start', { title, market: 'DE', hosts: ['Lena'] });
    const at0 = firstAt ?? Date.now();
    for (let i = 0; i < n; i++) {
      if (i % 100 === 99) writer().append(session.id, at0 + i, 'session.mark', null, { sessionId: session.id, text: `mark ${i}` });
      else if (i % 250 === 0) writer().append(session.id, at0 + i, 'card.pinned', productId, { productId, output: 'overlay', tab: 'a\tb\\c\nd' });
      else if (i % 1000 === 125) writer().append(session.id, at0 + i, 'product.pinned', productId, { productId, output: 'overlay' });
      else if (i % 1000 === 130) writer().append(session.id, at0 + i, 'deal.started', productId, { dealId: `d${i}`, productId, currency: 'EUR' });
      else if (i % 1000 === 990) writer().append(session.id, at0 + i, 'deal.ended', productId, { dealId: `d${i - 860}`, productId, currency: 'EUR', unitsSold: 2, revenueMinor: 999 });
      else writer().append(session.id, at0 + i, 'stream.health', null, { fps: 30 - (i % 3), cpuPct: 12.5, droppedPct: 0 });
    }
    await h.call('session.end', {});
    return session.id;
  }

  it('copies past sessions and a live one; the central rows equal the local rows; a new mark is central within seconds', async () => {
    productId = (h.host.context.db.prepare('SELECT id FROM products ORDER BY sku LIMIT 1').get() as { id: string }).id;
    // The first one's events lie in a month no partition was made for (fleet:setup makes a year back).
    pastIds.push(await pastSession('Tea morning', 3000, Date.UTC(2023, 0, 15)));
    pastIds.push(await pastSession('Silk evening', 2500));
    liveId = (await h.call('session.start', { title: 'Live now', market: 'US' })).id;
    await h.call('session.mark', { text: 'first' });
    await h.call('settings.set', { studio: { name: 'Berlin room 1' } });

    const configured = await h.call('fleet.configure', { url: studioUrl, password: 'pw-one' });
    expect(configured).toMatchObject({ enabled: true, hasPassword: true, url: studioUrl, studioName: 'Berlin room 1' });
    expect(JSON.stringify(configured)).not.toContain('pw-one');

    for (const id of [...pastIds, liveId]) await synced(id);
    const st = await waitFor(async () => ((await status()).state === 'upToDate' ? status() : false), 'up to date');
    expect(st).toMatchObject({ sessionsBehind: 0, eventsBehind: 0, problem: null, offlineSince: null });
    expect(st.lastSyncAt).not.toBeNull();

    // Marks and notes, the product the events name, the studio with its name.
    const localPoints = (h.host.context.db.prepare('SELECT count(*) AS n FROM session_points WHERE session_id = ?').get(pastIds[0]) as { n: number }).n;
    expect(localPoints).toBeGreaterThanOrEqual(30);
    expect((await asManager('SELECT count(*)::int AS n FROM fleet.session_points WHERE session_id = $1', [pastIds[0]])).rows[0].n).toBe(localPoints);
    expect((await asManager('SELECT count(*)::int AS n FROM fleet.products WHERE product_id = $1', [productId])).rows[0].n).toBe(1);
    expect((await asManager('SELECT studio_id, name FROM fleet.studios')).rows).toEqual([{ studio_id: st.studioId, name: 'Berlin room 1' }]);

    // The review aggregates, equal to the PC's tables row for row.
    for (const id of [...pastIds, liveId]) expect(await centralAgg(id)).toEqual(localAgg(id));
    const agg = localAgg(pastIds[0]!);
    expect(agg.spans.map((r) => r.lane).sort()).toEqual(['deal', 'deal', 'deal', 'product', 'product', 'product']);
    expect(agg.sales).toEqual([{ product_id: productId, currency: 'EUR', deals_run: 3, units_sold: 6, revenue_minor: 2997 }]);
    expect(agg.health.length).toBeGreaterThan(0);

    // Live: a mark reaches the server while the session goes on.
    await h.call('session.mark', { text: 'second' });
    await synced(liveId);
    expect(await centralAgg(liveId)).toEqual(localAgg(liveId));
    expect((await asManager(`SELECT payload->>'text' AS t FROM fleet.events WHERE session_id = $1 AND kind = 'session.mark' ORDER BY seq`, [liveId])).rows.map((r) => r.t)).toEqual(['first', 'second']);
  });

  it('the server stopped during the live session: the log goes on, the status says offline since when, and the sync catches up', async () => {
    await cluster.stop();
    const before = localRows(liveId).n;
    for (let i = 0; i < 50; i++) await h.call('session.mark', { text: `offline ${i}` });
    writer().flushAll();
    expect(localRows(liveId).n).toBe(before + 50);
    expect((await h.call('session.current')).backlog.failing).toBe(false);
    const offline = await waitFor(async () => {
      const s = await status();
      return s.state === 'offline' ? s : false;
    }, 'offline status');
    expect(offline.problem?.key).toBe('fleet.unreachable');
    expect(offline.offlineSince).toEqual(expect.any(Number));

    await cluster.start();
    await synced(liveId);
    await waitFor(async () => (await status()).state === 'upToDate', 'up to date again');
    expect((await status()).offlineSince).toBeNull();
    await h.call('session.end', {});
    await synced(liveId);
    expect(await centralAgg(liveId)).toEqual(localAgg(liveId));
  });

  it('SIGKILL of PostgreSQL in the middle of a COPY: after the restart, no duplicate and no gap', async () => {
    let killed = false;
    await h.call('fleet.configure', { url: studioUrl, enabled: false });
    const id = await pastSession('Big one', 12_000);
    onSlice = async (rowsInBatch) => {
      const cursor = h.host.context.db.prepare('SELECT synced_seq FROM fleet_cursors WHERE session_id = ?').get(id) as { synced_seq: number } | undefined;
      // One batch of this session is central already; the next is half-way through its COPY.
      if (!killed && (cursor?.synced_seq ?? 0) > 0 && rowsInBatch >= 1500) {
        killed = true;
        await cluster.kill();
      }
    };
    await h.call('fleet.configure', { url: studioUrl, enabled: true });
    await waitFor(() => killed, 'the kill mid-COPY');
    const partial = await waitFor(async () => {
      const s = await status();
      return s.state === 'offline' ? s : false;
    }, 'offline after the kill');
    expect(partial.eventsBehind).toBeGreaterThan(0);
    onSlice = null;
    await cluster.start();
    const { central, local } = await synced(id);
    expect(central.distinct_seq).toBe(local.n);
    // 12,000 events and the session's start and end.
    expect(central.n).toBe(12_002);
    // The batch the kill cut off upserted nothing; its retry wrote the aggregates once.
    expect(await centralAgg(id)).toEqual(localAgg(id));
    expect(localAgg(id).sales[0]).toMatchObject({ deals_run: 12, units_sold: 24 });
  });

  it('a cursor lost between the central commit and the local write re-sends without duplicating', async () => {
    await h.call('fleet.configure', { url: studioUrl, enabled: false });
    h.host.context.db.prepare('DELETE FROM fleet_cursors').run();
    await h.call('fleet.configure', { url: studioUrl, enabled: true });
    for (const id of pastIds) {
      const { central, local } = await synced(id);
      expect(central.distinct_seq).toBe(local.n);
    }
    await waitFor(async () => (await status()).state === 'upToDate', 'up to date after the re-send');
    // Sent again, not added again: counts, sales and health buckets as they were.
    for (const id of pastIds) expect(await centralAgg(id)).toEqual(localAgg(id));
  });

  it('sessions whose events went central before their aggregates (an older app) get them in full once', async () => {
    await h.call('fleet.configure', { url: studioUrl, enabled: false });
    const id = pastIds[1]!;
    for (const table of ['session_spans', 'session_kind_counts', 'session_health', 'session_product_sales']) {
      await asAdmin(`DELETE FROM fleet.${table} WHERE session_id = '${id}'`);
    }
    expect((await centralAgg(id)).kinds).toEqual([]);
    // As local migration 12 leaves the cursors of an older app: events central, aggregates not sent.
    h.host.context.db.prepare('UPDATE fleet_cursors SET aggregates_sent = 0, synced_meta = NULL WHERE session_id = ?').run(id);
    await h.call('fleet.configure', { url: studioUrl, enabled: true });
    await waitFor(async () => (await status()).state === 'upToDate', 'up to date after the full send');
    expect(await centralAgg(id)).toEqual(localAgg(id));
    expect((h.host.context.db.prepare('SELECT aggregates_sent FROM fleet_cursors WHERE session_id = ?').get(id) as { aggregates_sent: number }).aggregates_sent).toBe(1);
    const { central, local } = await synced(id);
    expect(central.n).toBe(local.n);
  });

  it('says why the server refuses: wrong password, a schema newer than the app', async () => {
    await h.call('fleet.configure', { url: studioUrl, password: 'wrong' });
    const wrong = await waitFor(async () => {
      const s = await status();
      return s.problem?.key === 'fleet.wrong_password' ? s : false;
    }, 'wrong password');
    expect(wrong.state).toBe('error');
    expect(wrong.problem?.message).toMatch(/studio_one/);

    await asAdmin(`INSERT INTO fleet.schema_version (version, name) VALUES (${latestCentralVersion + 1}, 'future')`);
    await h.call('fleet.configure', { url: studioUrl, password: 'pw-one' });
    const tooNew = await waitFor(async () => {
      const s = await status();
      return s.problem?.key === 'fleet.schema_too_new' ? s : false;
    }, 'schema too new');
    expect(tooNew.problem?.message).toMatch(/Update Broadcart Studio/);
    await asAdmin(`DELETE FROM fleet.schema_version WHERE version > ${latestCentralVersion}`);
    await h.call('fleet.configure', { url: studioUrl });
    await waitFor(async () => (await status()).state === 'upToDate', 'up to date after the fixes');
  });

  it('refuses a URL with a password or a wrong sslmode, and an unreadable CA file, changing nothing', async () => {
    await expect(h.call('fleet.configure', { url: `postgres://studio_one:pw@127.0.0.1:${cluster.port}/fleet_sync` })).rejects.toMatchObject({ key: 'fleet.bad_url' });
    await expect(h.call('fleet.configure', { url: `${studioUrl}?sslmode=sometimes` })).rejects.toThrow(/sslmode=sometimes/);
    await expect(h.call('fleet.configure', { url: studioUrl, caFile: '/nonexistent/ca.pem' })).rejects.toMatchObject({ key: 'fleet.ca_file_unreadable' });
    expect(await status()).toMatchObject({ url: studioUrl, caFile: null, hasPassword: true, state: 'upToDate' });
  });
});
