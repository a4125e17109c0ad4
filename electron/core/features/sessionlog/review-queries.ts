import type { Database } from 'better-sqlite3';
import type { MethodOutput, MethodParsedInput } from '../../../shared/contract';
import type { ProductSummaryRow, Session, TimelinePoint, TimelineSpan } from '../../../shared/contract/session';
import { healthBucketMs } from './health-sample';
import { timelinePointKinds } from './review-aggregates';

/**
 * The managers' review, answered by SQL over indexes and the pre-aggregated tables (see
 * review-aggregates.ts): nothing here loads or scans a session's events except the one page asked for.
 */

/** Where a session's time axis ends: its end, else its last event, else its start. */
export function sessionEnd(session: Session): number {
  return session.endedAt ?? session.lastEventAt ?? session.startedAt;
}

export class ReviewQueries {
  constructor(private readonly db: Database) {}

  summary(session: Session): MethodOutput<'session.summary'> {
    const id = session.id;
    const kinds = this.db
      .prepare('SELECT kind, n AS count FROM session_kind_counts WHERE session_id = ? ORDER BY n DESC, kind')
      .all(id) as { kind: string; count: number }[];
    const countOf = (kind: string) => kinds.find((k) => k.kind === kind)?.count ?? 0;
    const texts = (kind: string) =>
      (
        this.db
          .prepare(
            `SELECT seq, at, coalesce(json_extract(payload, '$.text'), '') AS text FROM session_points
             WHERE session_id = ? AND kind = ? ORDER BY seq LIMIT 5000`,
          )
          .all(id, kind) as { seq: number; at: number; text: string }[]
      ).map((r) => ({ ...r, text: String(r.text) }));
    return {
      session,
      durationMs: Math.max(0, sessionEnd(session) - session.startedAt),
      kinds,
      products: this.products(session),
      marks: texts('session.mark'),
      notes: texts('session.note'),
      alarms: countOf('stream.alarm'),
      errors: countOf('error'),
    };
  }

  /** Time on air, pins, deals, units and revenue per product, from the span and sales tables. */
  products(session: Session): ProductSummaryRow[] {
    const params = { id: session.id, end: sessionEnd(session) };
    const pins = this.db
      .prepare(
        `SELECT product_id AS productId, sum(max(0, coalesce(to_at, @end) - from_at)) AS onAirMs, count(*) AS timesPinned
         FROM session_spans WHERE session_id = @id AND lane = 'product' GROUP BY product_id`,
      )
      .all(params) as { productId: string; onAirMs: number; timesPinned: number }[];
    const sales = this.db
      .prepare(
        `SELECT product_id AS productId, currency, deals_run AS dealsRun, units_sold AS unitsSold, revenue_minor AS amountMinor
         FROM session_product_sales WHERE session_id = @id ORDER BY currency`,
      )
      .all(params) as { productId: string; currency: string; dealsRun: number; unitsSold: number; amountMinor: number | null }[];

    const rows = new Map<string, ProductSummaryRow>();
    const rowOf = (productId: string) => {
      let row = rows.get(productId);
      if (!row) {
        row = { productId, onAirMs: 0, timesPinned: 0, dealsRun: 0, unitsSold: 0, revenue: [] };
        rows.set(productId, row);
      }
      return row;
    };
    for (const p of pins) Object.assign(rowOf(p.productId), { onAirMs: p.onAirMs, timesPinned: p.timesPinned });
    for (const s of sales) {
      const row = rowOf(s.productId);
      row.dealsRun += s.dealsRun;
      row.unitsSold += s.unitsSold;
      if (s.amountMinor !== null) row.revenue.push({ currency: s.currency, amountMinor: s.amountMinor });
    }
    return [...rows.values()].sort((a, b) => b.onAirMs - a.onAirMs || a.productId.localeCompare(b.productId));
  }

  /**
   * A page of events. Without a kind filter the offset is a sequence number (seqs run from 1 without
   * gaps), so a page deep in a million-event session is one primary-key seek, not an OFFSET scan.
   */
  events(session: Session, input: MethodParsedInput<'session.events'>): MethodOutput<'session.events'> {
    type Row = { seq: number; at: number; kind: string; productId: string | null; payload: string };
    let rows: Row[];
    let total: number;
    if (!input.kinds || input.kinds.length === 0) {
      rows = this.db
        .prepare(
          `SELECT seq, at, kind, product_id AS productId, payload FROM session_events
           WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
        )
        .all(session.id, input.offset, input.limit) as Row[];
      total = session.eventCount;
    } else {
      const marks = input.kinds.map(() => '?').join(', ');
      rows = this.db
        .prepare(
          `SELECT seq, at, kind, product_id AS productId, payload FROM session_events INDEXED BY session_events_by_kind
           WHERE session_id = ? AND kind IN (${marks}) ORDER BY seq LIMIT ? OFFSET ?`,
        )
        .all(session.id, ...input.kinds, input.limit, input.offset) as Row[];
      total = (
        this.db
          .prepare(`SELECT coalesce(sum(n), 0) AS n FROM session_kind_counts WHERE session_id = ? AND kind IN (${marks})`)
          .get(session.id, ...input.kinds) as { n: number }
      ).n;
    }
    return { events: rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })), total };
  }

  timeline(session: Session, input: MethodParsedInput<'session.timeline'>): MethodOutput<'session.timeline'> {
    const from = input.from ?? session.startedAt;
    const to = input.to ?? sessionEnd(session);
    const limit = input.limitPerLane;
    const params = { id: session.id, end: sessionEnd(session), from, to, limit: limit + 1 };
    let truncated = false;
    const cap = <T>(rows: T[]): T[] => {
      if (rows.length > limit) truncated = true;
      return rows.slice(0, limit);
    };

    // Spans overlapping [from, to]; the primary key is ordered by start, so this stops at `to`.
    const lane = this.db.prepare(
      `SELECT from_at AS "from", coalesce(to_at, @end) AS "to",
              label || CASE WHEN outcome IS NULL THEN '' ELSE ' · ' || outcome END AS label, product_id AS productId
       FROM session_spans WHERE session_id = @id AND lane = @lane AND from_at <= @to AND coalesce(to_at, @end) >= @from
       ORDER BY from_at, seq LIMIT @limit`,
    );
    const scenes = cap(lane.all({ ...params, lane: 'scene' }) as TimelineSpan[]);
    const products = cap(lane.all({ ...params, lane: 'product' }) as TimelineSpan[]);
    const deals = cap(lane.all({ ...params, lane: 'deal' }) as TimelineSpan[]);
    const marks = timelinePointKinds.map(() => '?').join(', ');
    const pointRows = this.db
      .prepare(
        `SELECT seq, at, kind, payload FROM session_points
         WHERE session_id = ? AND kind IN (${marks}) AND at BETWEEN ? AND ? ORDER BY at, seq LIMIT ?`,
      )
      .all(session.id, ...timelinePointKinds, from, to, limit + 1) as { seq: number; at: number; kind: string; payload: string }[];
    const points: TimelinePoint[] = cap(pointRows).map((r) => ({ seq: r.seq, at: r.at, kind: r.kind, label: pointLabel(r.kind, r.payload) }));
    return { from, to, scenes, products, deals, points, truncated };
  }

  health(session: Session, points: number): MethodOutput<'session.health'> {
    const duration = Math.max(1, sessionEnd(session) - session.startedAt);
    const bucketMs = Math.max(healthBucketMs, Math.ceil(duration / points / healthBucketMs) * healthBucketMs);
    const rows = this.db
      .prepare(
        `SELECT (bucket_at / @bucketMs) * @bucketMs AS at, sum(samples) AS samples, min(fps_min) AS fpsMin,
                sum(fps_sum) / nullif(sum(fps_n), 0) AS fpsAvg, max(cpu_max) AS cpuMax, max(dropped_max) AS droppedMax,
                max(skipped_max) AS skippedMax, max(congestion_max) AS congestionMax,
                sum(bps_sum) / nullif(sum(bps_n), 0) * 8 / 1000 AS kbpsAvg
         FROM session_health WHERE session_id = @id GROUP BY 1 ORDER BY 1`,
      )
      .all({ id: session.id, bucketMs }) as MethodOutput<'session.health'>['points'];
    const alarms = this.db
      .prepare(
        `SELECT at, coalesce(json_extract(payload, '$.metric'), '') AS metric, json_extract(payload, '$.valuePct') AS valuePct
         FROM session_points WHERE session_id = ? AND kind = 'stream.alarm' ORDER BY seq LIMIT 5000`,
      )
      .all(session.id) as { at: number; metric: string; valuePct: number | null }[];
    return { bucketMs, points: rows, alarms: alarms.map((a) => ({ ...a, metric: String(a.metric) })) };
  }
}

function pointLabel(kind: string, payloadText: string): string {
  let p: Record<string, unknown> = {};
  try {
    p = JSON.parse(payloadText) as Record<string, unknown>;
  } catch {
    return '';
  }
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  switch (kind) {
    case 'session.mark':
    case 'session.note':
      return s(p.text);
    case 'stream.alarm':
      return `${s(p.metric)} ${s(p.valuePct)}%`.trim();
    case 'error':
      return `${s(p.source)}: ${s(p.message)}`;
    case 'obs.stream.changed':
    case 'obs.record.changed':
    case 'obs.connection.changed':
      return s(p.state);
    case 'session.started':
      return s(p.title);
    default:
      return '';
  }
}
