import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents, sessionFeatureOf, waitFor } from './helpers';

let host: TestHost;
beforeEach(async () => {
  host = await startTestHost({ seedDemo: false });
});
afterEach(async () => {
  await host.stop();
});

function markCount(sessionId: string): number {
  const row = host.host.context.db
    .prepare(`SELECT count(*) AS n FROM session_events WHERE session_id = ? AND kind = 'session.mark'`)
    .get(sessionId) as { n: number };
  return row.n;
}

/** Real SQLite failures on the real file: a size cap (SQLITE_FULL) and a read-only connection (SQLITE_READONLY). */
const failures = [
  {
    name: 'a full disk (SQLITE_FULL)',
    code: 'SQLITE_FULL',
    break: (h: TestHost) => h.host.context.db.pragma(`max_page_count = ${h.host.context.db.pragma('page_count', { simple: true }) as number}`),
    repair: (h: TestHost) => h.host.context.db.pragma('max_page_count = 1073741823'),
  },
  {
    name: 'a read-only database (SQLITE_READONLY)',
    code: 'SQLITE_READONLY',
    break: (h: TestHost) => h.host.context.db.pragma('query_only = ON'),
    repair: (h: TestHost) => h.host.context.db.pragma('query_only = OFF'),
  },
];

describe('the write path when the database refuses writes', () => {
  for (const failure of failures) {
    it(`keeps events in memory on ${failure.name}, shows an error, and writes them all once it works again`, async () => {
      const log = sessionFeatureOf(host);
      const session = await host.call('session.start', { title: 'Disk trouble', market: 'US' });
      log.writer.flushAll();
      const rec = recordEvents(host);
      failure.break(host);
      for (let i = 1; i <= 3000; i++) host.host.context.bus.publish('session.mark', { sessionId: session.id, text: `m${i}` });
      await waitFor(() => log.writer.backlog().failing, 'the writer to report the failure');

      const errors = rec.events.filter((e) => e.name === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.payload).toMatchObject({ source: 'session', code: failure.code });
      expect((errors[0]!.payload as { message: string }).message).toMatch(/kept in memory/);
      const current = await host.call('session.current');
      expect(current.backlog.failing).toBe(true);
      expect(current.backlog.pending).toBe(3000);
      expect(current.backlog.lastError).toContain(failure.code);
      expect(current.session!.eventCount).toBe(3001);
      expect(rec.events.some((e) => e.name === 'session.changed' && (e.payload as { backlog: { failing: boolean } }).backlog.failing)).toBe(true);
      // Ending now would lose events: refused with a clear message, the session stays live.
      await expect(host.call('session.end')).rejects.toMatchObject({ code: 'unavailable' });
      expect((await host.call('session.current')).session?.status).toBe('live');

      failure.repair(host);
      await waitFor(() => log.writer.pending() === 0, 'the backlog to drain');
      rec.stop();
      expect(log.writer.backlog()).toEqual({ pending: 0, failing: false, lastError: null });
      expect(markCount(session.id)).toBe(3000);
      // The error about the log itself is not written into the log.
      const logged = host.host.context.db.prepare(`SELECT count(*) AS n FROM session_events WHERE kind = 'error'`).get() as { n: number };
      expect(logged.n).toBe(0);
      // The seq stayed gap-free and in publication order through the failure.
      const texts = (await host.call('session.events', { id: session.id, offset: 0, limit: 1000 })).events.slice(1).map((e) => (e.payload as { text: string }).text);
      expect(texts.slice(0, 3)).toEqual(['m1', 'm2', 'm3']);
      const ended = await host.call('session.end');
      expect(ended.eventCount).toBe(3002);
    });
  }

  it('writes every queued event when the host stops', async () => {
    const session = await host.call('session.start', { title: 'Stop flush', market: 'US' });
    for (let i = 0; i < 2500; i++) host.host.context.bus.publish('session.mark', { sessionId: session.id, text: null });
    const dataDir = host.dataDir;
    await host.host.stop();
    const again = await startTestHost({ dataDir, seedDemo: false });
    try {
      const rows = again.host.context.db.prepare(`SELECT count(*) AS n FROM session_events WHERE session_id = ? AND kind = 'session.mark'`).get(session.id) as { n: number };
      expect(rows.n).toBe(2500);
    } finally {
      await again.stop();
    }
  });

  it('keeps the pre-aggregated tables equal to a recount after a burst', async () => {
    const log = sessionFeatureOf(host);
    const session = await host.call('session.start', { title: 'Aggregates', market: 'US' });
    const t0 = Date.now();
    for (let i = 0; i < 5000; i++) {
      log.writer.append(session.id, t0 + i * 100, 'stream.health', null, {
        fps: 30 - (i % 7),
        cpuPct: i % 50,
        renderSkippedPct: (i % 11) / 10,
        outputSkippedPct: (i % 13) / 10,
        droppedPct: (i % 5) / 10,
        congestion: (i % 10) / 10,
        bytesPerSec: 750_000 + i,
      });
      if (i % 10 === 0) log.writer.append(session.id, t0 + i * 100, 'session.mark', null, { sessionId: session.id, text: null });
    }
    // (Bounded turns are checked deterministically in test/unit/session/log-writer.test.ts: here the
    // appends may take longer than the crash window on a loaded machine, which rightly writes them all.)
    await waitFor(() => log.writer.pending() === 0, 'the writer to drain');
    await host.call('session.end');

    const db = host.host.context.db;
    const snapshot = () => ({
      kinds: db.prepare('SELECT kind, n FROM session_kind_counts WHERE session_id = ? ORDER BY kind').all(session.id),
      health: db.prepare('SELECT * FROM session_health WHERE session_id = ? ORDER BY bucket_at').all(session.id),
      session: db.prepare('SELECT event_count, last_event_at FROM sessions WHERE id = ?').get(session.id),
    });
    const incremental = snapshot();
    log.store.rebuildAggregates(session.id);
    const recount = snapshot();
    expect(incremental.kinds).toEqual(recount.kinds);
    expect(incremental.session).toEqual(recount.session);
    expect(incremental.health.length).toBe(recount.health.length);
    for (const [i, row] of (incremental.health as Record<string, number>[]).entries()) {
      const other = (recount.health as Record<string, number>[])[i]!;
      for (const key of Object.keys(row)) {
        if (typeof row[key] === 'number') expect(row[key]).toBeCloseTo(other[key]!, 6);
        else expect(row[key]).toEqual(other[key]);
      }
    }
  });
});
