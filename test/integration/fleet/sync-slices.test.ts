import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import { waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';

/**
 * The sync's slices end at their time budget as well as their row limit (a slow machine gets shorter
 * slices, not longer pauses). With a budget of 0 ms every slice is one row: the central rows must still
 * equal the local rows exactly, across batches.
 */
describe('fleet sync slices', () => {
  let cluster: PgCluster;
  let manager: pg.Client;
  let h: TestHost;
  /** Rows in the batch so far, after each slice written into the COPY. */
  const sliceCounts: number[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await setupCentral(admin, { studios: [{ name: 'studio_slices', password: 'pw-s' }], managers: [{ name: 'boss_s', password: 'pw-b' }] });
    await admin.end();
    manager = new pg.Client({ connectionString: cluster.url('boss_s', 'pw-b') });
    await manager.connect();
    h = await startTestHost({
      fleetSync: { sliceRows: 500, sliceMs: 0, batchRows: 700, retryMinMs: 20, retryMaxMs: 200, idleMs: 200, liveDelayMs: 20, onCopySlice: (n) => void sliceCounts.push(n) },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await manager?.end().catch(() => undefined);
    await cluster?.destroy();
  });

  const digest = (rows: { seq: number | string; kind: string; payload: string }[]) =>
    crypto.createHash('md5').update(rows.map((r) => `${r.seq}|${r.kind}|${r.payload}`).join('\n')).digest('hex');

  it('copies every row once when each slice is cut after one row by its time budget', async () => {
    const session = await h.call('session.start', { title: 'Slices', market: 'US' });
    const writer = h.host.features.session.writer;
    const at0 = Date.now() - 10_000;
    for (let i = 0; i < 1500; i++) writer.append(session.id, at0 + i, 'stream.health', null, { fps: 30 - (i % 3), cpuPct: 10 + (i % 7), droppedPct: 0 });
    await h.call('session.end', {});
    const local = h.host.context.db.prepare('SELECT seq, kind, payload FROM session_events WHERE session_id = ? ORDER BY seq').all(session.id) as {
      seq: number;
      kind: string;
      payload: string;
    }[];

    await h.call('fleet.configure', { url: `postgres://studio_slices@127.0.0.1:${cluster.port}/postgres`, password: 'pw-s' });
    const central = await waitFor(async () => {
      const { rows } = await manager.query('SELECT seq::int AS seq, kind, payload::text AS payload FROM fleet.events WHERE session_id = $1 ORDER BY seq', [session.id]);
      return rows.length === local.length ? (rows as typeof local) : false;
    }, 'all rows central');

    expect(central.map((r) => r.seq)).toEqual(local.map((r) => r.seq));
    expect(digest(central)).toBe(digest(local));
    // One row per slice: within a batch the counts go 1, 2, 3...; a batch holds at most batchRows.
    expect(sliceCounts.length).toBe(local.length);
    expect(sliceCounts.every((n, i) => n === 1 || n === sliceCounts[i - 1]! + 1)).toBe(true);
    expect(Math.max(...sliceCounts)).toBe(700);
  });
});
