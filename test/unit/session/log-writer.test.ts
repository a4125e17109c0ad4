import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { busyTimeoutMs, closeDatabase, openDatabase } from '../../../electron/core/db/database';
import { LogWriter } from '../../../electron/core/features/session/log-writer';
import { tempDir } from '../../support/temp';

let temp: ReturnType<typeof tempDir>;
let db: Database;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Lets the writer's timers run until `done` holds (bounded by the test timeout). */
async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
}
/** Records the rows of each commit the writer makes. */
function countCommits(writer: LogWriter): () => number[] {
  const sizes: number[] = [];
  const target = writer as unknown as { writeNextSlice(maxRows?: number, mayWait?: boolean): boolean };
  const original = target.writeNextSlice;
  target.writeNextSlice = function (this: unknown, maxRows?: number, mayWait?: boolean) {
    const before = writer.pending();
    const ok = original.call(this, maxRows, mayWait);
    if (before > writer.pending()) sizes.push(before - writer.pending());
    return ok;
  };
  return () => sizes;
}
const stored = () => (db.prepare(`SELECT count(*) AS n FROM session_events WHERE session_id = 's'`).get() as { n: number }).n;

beforeEach(() => {
  temp = tempDir('broadcart-writer-');
  db = openDatabase(path.join(temp.dir, 'w.db'));
  db.prepare(`INSERT INTO sessions (id, title, market, status, started_at) VALUES ('s', 't', 'US', 'live', 0)`).run();
});
afterEach(() => {
  closeDatabase(db);
  temp.cleanup();
});

describe('LogWriter slices', () => {
  it('writes a burst in bounded turns of the event loop, one small transaction per turn, in order', async () => {
    // A long window, so the catch-up rule (rows about to leave the crash window) never applies here, and
    // slices of exactly 100 rows whatever this machine's speed.
    const writer = new LogWriter(db, { windowMs: 60_000, batchRows: 100, sliceMs: 1000, minSliceRows: 100, maxSliceRows: 100 });
    const commits = countCommits(writer);
    for (let i = 0; i < 1000; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: `m${i}` });
    expect(stored()).toBe(0);
    const seen: number[] = [];
    while (writer.pending() > 0) {
      await nextTurn();
      seen.push(stored());
    }
    // Never more than one transaction of at most 100 rows per turn, so other work runs in between.
    for (let i = 0; i < seen.length; i++) expect(seen[i]! - (seen[i - 1] ?? 0)).toBeLessThanOrEqual(100);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(commits()).toEqual(Array.from({ length: 10 }, () => 100));
    expect(stored()).toBe(1000);
    const seqs = (db.prepare(`SELECT seq FROM session_events WHERE session_id = 's' ORDER BY seq`).all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    writer.close();
  });

  it('leaves fewer rows than a batch waiting for more or for their window, instead of committing a few at a time', async () => {
    // Slices of exactly 100 rows, whatever this machine's speed.
    const writer = new LogWriter(db, { windowMs: 60_000, batchRows: 100, sliceMs: 1000, minSliceRows: 100, maxSliceRows: 100 });
    const commits = countCommits(writer);
    for (let i = 0; i < 150; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
    await nextTurn();
    expect(stored()).toBe(100);
    // A trickle: 10 rows a turn. The 50 left over and the newcomers wait until a batch is complete.
    for (let turn = 0; turn < 4; turn++) {
      for (let i = 0; i < 10; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
      await nextTurn();
      expect(stored()).toBe(100);
    }
    for (let i = 0; i < 10; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
    await nextTurn();
    expect(stored()).toBe(200);
    expect(commits()).toEqual([100, 100]);
    writer.close();
  });

  it('commits a batch that stays below its size when its window ends', async () => {
    const writer = new LogWriter(db, { windowMs: 300, batchRows: 1000 });
    const commits = countCommits(writer);
    for (let i = 0; i < 10; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
    // Not committed on the next turns: the batch waits for more rows or for its window...
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(stored()).toBe(0);
    // ...which ends with one commit of all ten.
    await waitUntil(() => stored() === 10);
    expect(commits()).toEqual([10]);
    writer.close();
  });

  it('sizes slices from the measured cost per row to stay near the target duration', async () => {
    const writer = new LogWriter(db, { windowMs: 60_000, batchRows: 10, sliceMs: 2, minSliceRows: 8, maxSliceRows: 100_000 });
    const sizeOf = () => (writer as unknown as { sliceRows(): number }).sliceRows();
    // Enough rows for the measured cost to settle over many slices; not so many that a slow disk (a
    // commit per slice of 8 rows under load) runs past the test's time.
    for (let i = 0; i < 3_000; i++) writer.append('s', i, 'stream.health', null, { fps: 30, cpuPct: 10 });
    while (writer.pending() > 0) await nextTurn();
    // Whatever this machine's speed, the size follows 2 ms / (ms per row), within the bounds.
    const perRow = (writer as unknown as { msPerRow: number }).msPerRow;
    expect(sizeOf()).toBe(Math.max(8, Math.min(100_000, Math.floor(2 / perRow))));
    expect(perRow).toBeGreaterThan(0);
    writer.close();
  });

  it('writes everything older than the crash window before yielding, even past the slice size', () => {
    const writer = new LogWriter(db, { windowMs: 0, batchRows: 1_000_000, maxSliceRows: 50 });
    for (let i = 0; i < 500; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
    // The window is over at once: one turn of the writer must not leave these rows waiting.
    const queuedBy = performance.now();
    while (performance.now() === queuedBy) {
      // until the clock has moved past the last row's queue time
    }
    (writer as unknown as { tick(): void }).tick();
    expect(stored()).toBe(500);
    writer.close();
  });

  it('steps aside while another connection holds the write lock, without blocking or reporting a failure', async () => {
    const failures: Error[] = [];
    const writer = new LogWriter(db, { windowMs: 5, onFailure: (error) => failures.push(error) });
    // A second connection to the same file takes the write lock, as the checkpointer's RESTART does.
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 300; i++) writer.append('s', i, 'session.mark', null, { sessionId: 's', text: null });
    const heldSince = Date.now();
    await waitUntil(() => writer.busyRetries >= 3 || failures.length > 0);
    // Three tries in far less than one busy timeout: none of them waited in SQLite's busy handler.
    expect(Date.now() - heldSince).toBeLessThan(busyTimeoutMs);
    // Not a failure: no error for the UI, no back-off, nothing dropped.
    expect(failures).toEqual([]);
    expect(writer.backlog()).toMatchObject({ pending: 300, failing: false });
    other.exec('COMMIT');
    other.close();
    await waitUntil(() => writer.pending() === 0);
    expect(stored()).toBe(300);
    expect(failures).toEqual([]);
    writer.close();
  });
});

