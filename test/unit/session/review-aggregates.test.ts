import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../electron/core/db/database';
import { closeProductSpanSql, closeSpanSql, ReviewAggregates } from '../../../electron/core/features/session/review-aggregates';
import { tempDir } from '../../support/temp';

let temp: ReturnType<typeof tempDir>;
let db: Database;
beforeEach(() => {
  temp = tempDir('broadcart-aggregates-');
  db = openDatabase(path.join(temp.dir, 'a.db'), { checkpointInWorker: false });
  db.prepare(`INSERT INTO sessions (id, title, market, status, started_at) VALUES ('s', 't', 'US', 'live', 0)`).run();
});
afterEach(() => {
  closeDatabase(db);
  temp.cleanup();
});

const plan = (sql: string, params: Record<string, unknown>) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join('; ');

it('closes a span through the index of open spans, not by walking every span of its lane', () => {
  // Thousands of closed scene spans, as in a long broadcast, and one open one.
  const aggregates = new ReviewAggregates(db);
  for (let seq = 1; seq <= 3000; seq++) aggregates.apply('s', seq, seq * 1000, 'obs.scene.changed', null, JSON.stringify({ sceneName: `Scene ${seq % 6}` }));
  expect(plan(closeSpanSql, { at: 1, outcome: null, id: 's', lane: 'scene', key: '' })).toContain('USING INDEX session_spans_open');
  expect(plan(closeProductSpanSql, { at: 1, id: 's', key: 'main', productId: 'p' })).toContain('USING INDEX session_spans_open');
  // And the spans are right: every scene closed at the next change, the last one still open.
  const open = db.prepare(`SELECT count(*) AS n FROM session_spans WHERE session_id = 's' AND to_at IS NULL`).get() as { n: number };
  expect(open.n).toBe(1);
  const last = db.prepare(`SELECT from_at, to_at FROM session_spans WHERE session_id = 's' AND seq = 2999`).get() as { from_at: number; to_at: number };
  expect(last).toEqual({ from_at: 2_999_000, to_at: 3_000_000 });
});
