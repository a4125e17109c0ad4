import type { Database } from 'better-sqlite3';

/**
 * A session's review aggregates (spans, points, kind counts, health buckets, product sales) as rows of
 * plain values, from the PC's SQLite tables or from their central copies, in the same order and shape:
 * so a test compares them with one toEqual.
 */

type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const tables = {
  spans: { cols: ['lane', 'from_at', 'seq', 'to_at', 'open_key', 'label', 'product_id', 'outcome'], times: ['from_at', 'to_at'] },
  points: { cols: ['kind', 'at', 'seq', 'payload'], times: ['at'] },
  kinds: { cols: ['kind', 'n'], times: [] },
  health: {
    cols: ['bucket_at', 'samples', 'fps_min', 'fps_sum', 'fps_n', 'cpu_max', 'dropped_max', 'skipped_max', 'congestion_max', 'bps_sum', 'bps_n'],
    times: ['bucket_at'],
  },
  sales: { cols: ['product_id', 'currency', 'deals_run', 'units_sold', 'revenue_minor'], times: [] },
} as const;

const localTable = { spans: 'session_spans', points: 'session_points', kinds: 'session_kind_counts', health: 'session_health', sales: 'session_product_sales' };

/** In one order on both sides (SQLite and PostgreSQL collate text differently). */
const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => [JSON.stringify(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);

export type Aggregates = Record<keyof typeof tables, Record<string, unknown>[]>;

export function localAggregates(db: Database, sessionId: string): Aggregates {
  const out = {} as Aggregates;
  for (const [name, t] of Object.entries(tables) as [keyof typeof tables, (typeof tables)[keyof typeof tables]][]) {
    out[name] = sorted(db.prepare(`SELECT ${t.cols.join(', ')} FROM ${localTable[name]} WHERE session_id = ?`).all(sessionId) as Record<string, unknown>[]);
  }
  return out;
}

export async function centralAggregates(query: Query, sessionId: string): Promise<Aggregates> {
  const out = {} as Aggregates;
  for (const [name, t] of Object.entries(tables) as [keyof typeof tables, (typeof tables)[keyof typeof tables]][]) {
    const cols = t.cols.map((c) =>
      (t.times as readonly string[]).includes(c)
        ? `(extract(epoch FROM ${c}) * 1000)::float8 AS ${c}`
        : c === 'payload'
          ? 'payload::text AS payload'
          : c === 'seq' || c === 'n'
            ? `${c}::float8 AS ${c}`
            : c,
    );
    out[name] = sorted((await query(`SELECT ${cols.join(', ')} FROM fleet.${localTable[name]} WHERE session_id = $1`, [sessionId])).rows);
  }
  return out;
}
