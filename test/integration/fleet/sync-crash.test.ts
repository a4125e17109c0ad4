import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import { waitFor } from '../../support/events';
import { centralAggregates, localAggregates } from '../../support/fleet-aggregates';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';
import { tempDir } from '../../support/temp';

/**
 * The studio PC dies in the middle of a sync: a real host in a child process syncs a data folder with
 * big past sessions to a real PostgreSQL and is SIGKILLed once the server holds some but not all of
 * their rows. A host started again on the same folder resumes from its durable cursors; afterwards the
 * central rows equal the local ones exactly: count and hash per session, seq unique and 1..n.
 */
const child = path.join(import.meta.dirname, 'sync-crash-child.ts');
/** Events per past session, oldest first: enough that the sync takes several batches (20,000 each). */
const sizes = [45_000, 25_000];

describe('fleet sync after a SIGKILL of the host mid-sync', () => {
  let cluster: PgCluster;
  let manager: pg.Client;
  let studioUrl: string;
  const temp = tempDir('broadcart-fleet-crash-');
  let host: TestHost | null = null;

  beforeAll(async () => {
    cluster = await startPostgres();
    const root = new pg.Client({ connectionString: cluster.adminUrl });
    await root.connect();
    await root.query('CREATE DATABASE fleet_crash');
    await root.end();
    const admin = new pg.Client({ connectionString: cluster.url('postgres', undefined, 'fleet_crash') });
    await admin.connect();
    await setupCentral(admin, { studios: [{ name: 'studio_one', password: 'pw-one' }], managers: [{ name: 'boss', password: 'pw-boss' }] });
    await admin.end();
    manager = new pg.Client({ connectionString: cluster.url('boss', 'pw-boss', 'fleet_crash') });
    await manager.connect();
    studioUrl = `postgres://studio_one@127.0.0.1:${cluster.port}/fleet_crash`;
  });
  afterAll(async () => {
    await host?.stop();
    await manager?.end().catch(() => undefined);
    await cluster?.destroy();
    temp.cleanup();
  });

  /** The data folder: past sessions with health samples, a mark every 100 events, a card pin every 250, a product pin and a deal every 1000. */
  async function pastSessions(): Promise<string[]> {
    const h = await startTestHost({ dataDir: temp.dir, seedDemo: true });
    try {
      const productId = (h.host.context.db.prepare('SELECT id FROM products ORDER BY sku LIMIT 1').get() as { id: string }).id;
      const writer = h.host.features.session.writer;
      const ids: string[] = [];
      for (const [k, n] of sizes.entries()) {
        const session = await h.call('session.start', { title: `Past ${k + 1}`, market: 'DE', hosts: ['Lena'] });
        const at0 = Date.now();
        for (let i = 0; i < n; i++) {
          if (i % 100 === 99) writer.append(session.id, at0 + i, 'session.mark', null, { sessionId: session.id, text: `mark ${i}` });
          else if (i % 250 === 0) writer.append(session.id, at0 + i, 'card.pinned', productId, { productId, output: 'overlay', tab: 'a\tb\\c\nd' });
          else if (i % 1000 === 125) writer.append(session.id, at0 + i, 'product.pinned', productId, { productId, output: 'overlay' });
          else if (i % 1000 === 130) writer.append(session.id, at0 + i, 'deal.started', productId, { dealId: `d${i}`, productId, currency: 'EUR' });
          else if (i % 1000 === 990) writer.append(session.id, at0 + i, 'deal.ended', productId, { dealId: `d${i - 860}`, productId, currency: 'EUR', unitsSold: 1, revenueMinor: 500 });
          else writer.append(session.id, at0 + i, 'stream.health', null, { fps: 30 - (i % 3), cpuPct: 12.5, droppedPct: 0 });
          if (i % 5000 === 4999) writer.flushAll();
        }
        await h.call('session.end', {});
        ids.push(session.id);
      }
      return ids;
    } finally {
      await h.stop();
    }
  }

  /** Runs the child until the server holds some but not all events, SIGKILLs it, and returns the count then. */
  async function syncAndKill(total: number): Promise<number> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, temp.dir, studioUrl, 'pw-one'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.resume();
    let exitedEarly = false;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      proc.once('exit', (_code, signal) => {
        exitedEarly = signal !== 'SIGKILL';
        resolve(signal);
      }),
    );
    try {
      const seen = await waitFor(
        async () => {
          if (exitedEarly) throw new Error(`the child exited before it was killed: ${stderr}`);
          const n = await centralCount();
          return n > 0 && n < total ? n : false;
        },
        'some but not all events central',
        40_000,
      );
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const after = await centralCount();
      console.log(`killed the host with ${seen} of ${total} events central (${after} once it was dead)`);
      return after;
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  }

  const centralCount = async () => (await manager.query('SELECT count(*)::int AS n FROM fleet.events')).rows[0].n as number;

  function hashOf(lines: string[]): string | null {
    return lines.length ? crypto.createHash('md5').update(lines.join('\n')).digest('hex') : null;
  }

  function local(db: BetterSqlite3.Database, sessionId: string) {
    const events = db
      .prepare('SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as { seq: number; at: number; kind: string; product_id: string | null; payload: string }[];
    const points = db.prepare('SELECT kind, at, seq, payload FROM session_points WHERE session_id = ? ORDER BY seq, kind').all(sessionId) as {
      kind: string;
      at: number;
      seq: number;
      payload: string;
    }[];
    return {
      n: events.length,
      hash: hashOf(events.map((r) => `${r.seq}|${r.at}|${r.kind}|${r.product_id ?? ''}|${r.payload}`)),
      points: points.length,
      pointsHash: hashOf(points.map((p) => `${p.seq}|${p.kind}|${p.at}|${p.payload}`)),
    };
  }

  async function central(sessionId: string) {
    const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::bigint`;
    const events = (
      await manager.query(
        `SELECT count(*)::int AS n, count(DISTINCT (studio_id, session_id, seq))::int AS distinct_keys, min(seq)::int AS min_seq, max(seq)::int AS max_seq,
                md5(string_agg(seq || '|' || ${ms('at')} || '|' || kind || '|' || coalesce(product_id, '') || '|' || payload::text, E'\\n' ORDER BY seq)) AS hash
           FROM fleet.events WHERE session_id = $1`,
        [sessionId],
      )
    ).rows[0] as { n: number; distinct_keys: number; min_seq: number; max_seq: number; hash: string | null };
    const points = (
      await manager.query(
        `SELECT count(*)::int AS n, md5(string_agg(seq || '|' || kind || '|' || ${ms('at')} || '|' || payload::text, E'\\n' ORDER BY seq, kind)) AS hash
           FROM fleet.session_points WHERE session_id = $1`,
        [sessionId],
      )
    ).rows[0] as { n: number; hash: string | null };
    const session = (await manager.query('SELECT status, event_count::int AS n FROM fleet.sessions WHERE session_id = $1', [sessionId])).rows[0] as
      | { status: string; n: number }
      | undefined;
    return { events, points, session };
  }

  it('a host started again on the same folder resumes: every session central exactly once, no gap', { timeout: 90_000 }, async () => {
    const ids = await pastSessions();
    // Each session also logged its start and end.
    const total = sizes.reduce((n, s) => n + s + 2, 0);

    const atKill = await syncAndKill(total);
    expect(atKill, 'the host died in the middle of the sync').toBeLessThan(total);

    // What the crash left: on the server whole batches only (a prefix 1..m of each session, the open
    // transaction rolled back); in the SQLite file cursors that never claim more than the server has.
    const raw = new BetterSqlite3(path.join(temp.dir, 'broadcart.db'));
    const cursors = new Map(
      (raw.prepare('SELECT session_id, synced_seq FROM fleet_cursors').all() as { session_id: string; synced_seq: number }[]).map((c) => [c.session_id, c.synced_seq]),
    );
    raw.close();
    let cursorSum = 0;
    for (const id of ids) {
      const { events } = await central(id);
      expect(events.distinct_keys).toBe(events.n);
      expect(events.max_seq ?? 0).toBe(events.n);
      const cursor = cursors.get(id) ?? 0;
      expect(cursor).toBeLessThanOrEqual(events.n);
      cursorSum += cursor;
    }

    // Counts the rows the new host copies (onCopySlice reports the rows of the batch so far).
    let copied = 0;
    let inBatch = 0;
    const onCopySlice = (rows: number) => {
      copied += rows > inBatch ? rows - inBatch : rows;
      inBatch = rows;
    };
    host = await startTestHost({ dataDir: temp.dir, seedDemo: false, fleetSync: { retryMinMs: 20, retryMaxMs: 200, onCopySlice } });
    const h = host;
    expect(h.host.context.previousRunCrashed).toBe(true);
    const status = await waitFor(
      async () => {
        const s = (await h.call('fleet.status')) as FleetStatus;
        return s.state === 'upToDate' ? s : false;
      },
      'fleet.status up to date after the restart',
      60_000,
    );
    expect(status).toMatchObject({ sessionsTotal: ids.length, sessionsBehind: 0, eventsBehind: 0, problem: null });

    const db = h.host.context.db as unknown as BetterSqlite3.Database;
    for (const [k, id] of ids.entries()) {
      const mine = local(db, id);
      const theirs = await central(id);
      expect(mine.n).toBe(sizes[k]! + 2);
      // No duplicate, no gap: every key once, seq 1..n, and the rows themselves equal.
      expect(theirs.events).toEqual({ n: mine.n, distinct_keys: mine.n, min_seq: 1, max_seq: mine.n, hash: mine.hash });
      expect(mine.points).toBeGreaterThan(sizes[k]! / 100 - 1);
      expect(theirs.points).toEqual({ n: mine.points, hash: mine.pointsHash });
      expect(theirs.session).toEqual({ status: 'ended', n: mine.n });
      // The aggregates too: the batch the kill cut off left none of its upserts, the retry converged.
      const aggregates = localAggregates(db, id);
      expect(aggregates.sales).toEqual([{ product_id: expect.any(String), currency: 'EUR', deals_run: sizes[k]! / 1000, units_sold: sizes[k]! / 1000, revenue_minor: sizes[k]! / 2 }]);
      expect(await centralAggregates((sql, params) => manager.query(sql, params), id)).toEqual(aggregates);
    }
    expect(await centralCount()).toBe(total);
    // Resumed from the cursors, not from the start: exactly the rows they did not cover were copied again.
    expect(copied).toBe(total - cursorSum);
    console.log(`the cursors covered ${cursorSum} events; the new host copied ${copied}`);
  });
});
