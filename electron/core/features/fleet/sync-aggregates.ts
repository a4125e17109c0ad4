import type { Database, Statement } from 'better-sqlite3';
import type pg from 'pg';

/**
 * The review aggregates of a session (the session log's own tables: session_spans, session_kind_counts,
 * session_health, session_product_sales; see db/migrations/003_sessionlog.ts), read from SQLite and
 * upserted into their central copies (central-schema.ts, version 3) by a sync batch.
 *
 * A batch sends the rows its events can have changed, with their values as they are now (never an
 * increment), so sending a batch again (a retry after a crash) converges on the same rows:
 * - spans opened by the batch (seq after the cursor) or closed by it (a span closes at its closing
 *   event's time, which is at or after the batch's earliest event);
 * - health buckets from the one holding the batch's earliest event on;
 * - every kind count and product sale of the session (a few dozen rows).
 * A full read (every row) is for a session whose events went central before its aggregates did.
 */

export interface AggregateRows {
  spans: { lane: string; from_at: number; seq: number; to_at: number | null; open_key: string | null; label: string; product_id: string | null; outcome: string | null }[];
  kinds: { kind: string; n: number }[];
  health: {
    bucket_at: number;
    samples: number;
    fps_min: number | null;
    fps_sum: number | null;
    fps_n: number;
    cpu_max: number | null;
    dropped_max: number | null;
    skipped_max: number | null;
    congestion_max: number | null;
    bps_sum: number | null;
    bps_n: number;
  }[];
  sales: { product_id: string; currency: string; deals_run: number; units_sold: number; revenue_minor: number | null }[];
  /** Only on a full read: the highest viewer count of the session's events (a batch takes it from its own events). */
  viewersPeak: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class LocalAggregates {
  private readonly spans: Statement;
  private readonly kinds: Statement;
  private readonly health: Statement;
  private readonly sales: Statement;
  private readonly viewers: Statement;

  constructor(db: Database) {
    // @afterSeq -1 and @fromAt -far: every row (a full read).
    this.spans = db.prepare(
      `SELECT lane, from_at, seq, to_at, open_key, label, product_id, outcome FROM session_spans
       WHERE session_id = @id AND (seq > @afterSeq OR to_at >= @fromAt)`,
    );
    this.kinds = db.prepare('SELECT kind, n FROM session_kind_counts WHERE session_id = ?');
    this.health = db.prepare(
      `SELECT bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max, skipped_max, congestion_max, bps_sum, bps_n
       FROM session_health WHERE session_id = @id
         AND bucket_at >= coalesce((SELECT max(bucket_at) FROM session_health WHERE session_id = @id AND bucket_at <= @fromAt), @fromAt)`,
    );
    this.sales = db.prepare('SELECT product_id, currency, deals_run, units_sold, revenue_minor FROM session_product_sales WHERE session_id = ?');
    this.viewers = db.prepare(
      `SELECT max(json_extract(payload, '$.viewers')) AS v FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind = 'audience.viewers'`,
    );
  }

  /** The rows a batch of events after `afterSeq`, the earliest at `fromAt`, can have changed; `null`: all. */
  read(sessionId: string, since: { afterSeq: number; fromAt: number } | null): AggregateRows {
    const range = since ?? { afterSeq: -1, fromAt: -Number.MAX_SAFE_INTEGER };
    const peak = since ? null : (this.viewers.get(sessionId) as { v: unknown }).v;
    return {
      spans: this.spans.all({ id: sessionId, ...range }) as AggregateRows['spans'],
      kinds: this.kinds.all(sessionId) as AggregateRows['kinds'],
      health: this.health.all({ id: sessionId, fromAt: range.fromAt }) as AggregateRows['health'],
      sales: this.sales.all(sessionId) as AggregateRows['sales'],
      viewersPeak: typeof peak === 'number' ? peak : null,
    };
  }
}

/** Upserts the rows into the central tables (inside the batch's transaction); unchanged rows are not rewritten. */
export async function sendAggregates(client: pg.Client, studioId: string, sessionId: string, rows: AggregateRows): Promise<void> {
  const { spans, kinds, health, sales } = rows;
  if (spans.length > 0) {
    await client.query(
      `INSERT INTO fleet.session_spans AS t (studio_id, session_id, lane, from_at, seq, to_at, open_key, label, product_id, outcome)
       SELECT $1, $2, r.* FROM unnest($3::text[], $4::timestamptz[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS r (lane, from_at, seq, to_at, open_key, label, product_id, outcome)
       ON CONFLICT (studio_id, session_id, lane, from_at, seq) DO UPDATE SET to_at = excluded.to_at, open_key = excluded.open_key,
         label = excluded.label, product_id = excluded.product_id, outcome = excluded.outcome
         WHERE (t.to_at, t.open_key, t.label, t.product_id, t.outcome) IS DISTINCT FROM
               (excluded.to_at, excluded.open_key, excluded.label, excluded.product_id, excluded.outcome)`,
      [studioId, sessionId, spans.map((r) => r.lane), spans.map((r) => iso(r.from_at)), spans.map((r) => r.seq), spans.map((r) => iso(r.to_at)),
        spans.map((r) => r.open_key), spans.map((r) => r.label), spans.map((r) => r.product_id), spans.map((r) => r.outcome)],
    );
  }
  if (kinds.length > 0) {
    await client.query(
      `INSERT INTO fleet.session_kind_counts AS t (studio_id, session_id, kind, n)
       SELECT $1, $2, r.* FROM unnest($3::text[], $4::bigint[]) AS r (kind, n)
       ON CONFLICT (studio_id, session_id, kind) DO UPDATE SET n = excluded.n WHERE t.n <> excluded.n`,
      [studioId, sessionId, kinds.map((r) => r.kind), kinds.map((r) => r.n)],
    );
  }
  if (health.length > 0) {
    const col = <K extends keyof AggregateRows['health'][number]>(k: K) => health.map((r) => r[k]);
    await client.query(
      `INSERT INTO fleet.session_health AS t (studio_id, session_id, bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max,
                                              skipped_max, congestion_max, bps_sum, bps_n)
       SELECT $1, $2, r.* FROM unnest($3::timestamptz[], $4::int[], $5::float8[], $6::float8[], $7::int[], $8::float8[], $9::float8[],
                                      $10::float8[], $11::float8[], $12::float8[], $13::int[])
         AS r (bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max, skipped_max, congestion_max, bps_sum, bps_n)
       ON CONFLICT (studio_id, session_id, bucket_at) DO UPDATE SET samples = excluded.samples, fps_min = excluded.fps_min,
         fps_sum = excluded.fps_sum, fps_n = excluded.fps_n, cpu_max = excluded.cpu_max, dropped_max = excluded.dropped_max,
         skipped_max = excluded.skipped_max, congestion_max = excluded.congestion_max, bps_sum = excluded.bps_sum, bps_n = excluded.bps_n
         WHERE t.samples <> excluded.samples`,
      [studioId, sessionId, health.map((r) => iso(r.bucket_at)), col('samples'), col('fps_min'), col('fps_sum'), col('fps_n'), col('cpu_max'),
        col('dropped_max'), col('skipped_max'), col('congestion_max'), col('bps_sum'), col('bps_n')],
    );
  }
  if (sales.length > 0) {
    await client.query(
      `INSERT INTO fleet.session_product_sales AS t (studio_id, session_id, product_id, currency, deals_run, units_sold, revenue_minor)
       SELECT $1, $2, r.* FROM unnest($3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[]) AS r (product_id, currency, deals_run, units_sold, revenue_minor)
       ON CONFLICT (studio_id, session_id, product_id, currency) DO UPDATE SET deals_run = excluded.deals_run,
         units_sold = excluded.units_sold, revenue_minor = excluded.revenue_minor
         WHERE (t.deals_run, t.units_sold, t.revenue_minor) IS DISTINCT FROM (excluded.deals_run, excluded.units_sold, excluded.revenue_minor)`,
      [studioId, sessionId, sales.map((r) => r.product_id), sales.map((r) => r.currency), sales.map((r) => r.deals_run),
        sales.map((r) => r.units_sold), sales.map((r) => r.revenue_minor)],
    );
  }
}
