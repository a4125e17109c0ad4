import type { Database, Statement } from 'better-sqlite3';
import type { MethodOutput, MethodParsedInput } from '../../../shared/contract';
import type { ProductLabel, ProductSummaryRow, Session, TimelineGap, TimelinePoint, TimelineSpan } from '../../../shared/contract/session';
import { prepared } from '../../db/prepared';
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
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly kindCounts: Statement;
  private readonly pointTexts: Statement;
  private readonly obsLossCount: Statement;
  private readonly catalogLabels: Statement;
  private readonly pinnedSkus: Statement;
  private readonly gapPoints: Statement;
  private readonly productPins: Statement;
  private readonly productSales: Statement;
  private readonly eventPage: Statement;
  private readonly laneSpans: Statement;
  private readonly timelinePoints: Statement;
  private readonly healthBuckets: Statement;
  private readonly healthAlarms: Statement;

  constructor(private readonly db: Database) {
    this.kindCounts = db.prepare('SELECT kind, n AS count FROM session_kind_counts WHERE session_id = ? ORDER BY n DESC, kind');
    this.pointTexts = db.prepare(
      `SELECT seq, at, coalesce(json_extract(payload, '$.text'), '') AS text FROM session_points
       WHERE session_id = ? AND kind = ? ORDER BY seq LIMIT 5000`,
    );
    this.obsLossCount = db.prepare(
      `SELECT count(*) AS n FROM session_points WHERE session_id = ? AND kind = 'obs.connection.changed'
         AND json_extract(payload, '$.lost') = 1`,
    );
    this.catalogLabels = db.prepare(`SELECT id, sku, name FROM products WHERE id IN (SELECT value FROM json_each(?))`);
    this.pinnedSkus = db.prepare(
      `SELECT product_id AS id, json_extract(payload, '$.sku') AS sku FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind = 'product.pinned' AND product_id IN (SELECT value FROM json_each(?)) GROUP BY product_id`,
    );
    this.gapPoints = db.prepare(
      `SELECT at, kind, json_extract(payload, '$.state') AS state, json_extract(payload, '$.lost') AS lost FROM session_points
       WHERE session_id = ? AND kind IN ('session.interrupted', 'session.resumed', 'obs.connection.changed') ORDER BY seq`,
    );
    this.productPins = db.prepare(
      `SELECT product_id AS productId, sum(max(0, coalesce(to_at, @end) - from_at)) AS onAirMs, count(*) AS timesPinned
       FROM session_spans WHERE session_id = @id AND lane = 'product' GROUP BY product_id`,
    );
    this.productSales = db.prepare(
      `SELECT product_id AS productId, currency, deals_run AS dealsRun, units_sold AS unitsSold, revenue_minor AS amountMinor
       FROM session_product_sales WHERE session_id = @id ORDER BY currency`,
    );
    this.eventPage = db.prepare(
      `SELECT seq, at, kind, product_id AS productId, payload FROM session_events
       WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    // Spans overlapping [from, to]; the primary key is ordered by start, so this stops at `to`.
    this.laneSpans = db.prepare(
      `SELECT from_at AS "from", coalesce(to_at, @end) AS "to",
              label || CASE WHEN outcome IS NULL THEN '' ELSE ' · ' || outcome END AS label, product_id AS productId, outcome
       FROM session_spans WHERE session_id = @id AND lane = @lane AND from_at <= @to AND coalesce(to_at, @end) >= @from
       ORDER BY from_at, seq LIMIT @limit`,
    );
    this.timelinePoints = db.prepare(
      `SELECT seq, at, kind, payload FROM session_points
       WHERE session_id = ? AND kind IN (${timelinePointKinds.map(() => '?').join(', ')}) AND at BETWEEN ? AND ? ORDER BY at, seq LIMIT ?`,
    );
    this.healthBuckets = db.prepare(
      `SELECT (bucket_at / @bucketMs) * @bucketMs AS at, sum(samples) AS samples, min(fps_min) AS fpsMin,
              sum(fps_sum) / nullif(sum(fps_n), 0) AS fpsAvg, max(cpu_max) AS cpuMax, max(dropped_max) AS droppedMax,
              max(skipped_max) AS skippedMax, max(congestion_max) AS congestionMax,
              sum(bps_sum) / nullif(sum(bps_n), 0) * 8 / 1000 AS kbpsAvg
       FROM session_health WHERE session_id = @id GROUP BY 1 ORDER BY 1`,
    );
    this.healthAlarms = db.prepare(
      `SELECT at, coalesce(json_extract(payload, '$.metric'), '') AS metric, json_extract(payload, '$.valuePct') AS valuePct
       FROM session_points WHERE session_id = ? AND kind = 'stream.alarm' ORDER BY seq LIMIT 5000`,
    );
  }

  summary(session: Session): MethodOutput<'session.summary'> {
    const id = session.id;
    const kinds = this.kindCounts.all(id) as { kind: string; count: number }[];
    const countOf = (kind: string) => kinds.find((k) => k.kind === kind)?.count ?? 0;
    const texts = (kind: string) =>
      (this.pointTexts.all(id, kind) as { seq: number; at: number; text: string }[]).map((r) => ({ ...r, text: String(r.text) }));
    return {
      session,
      durationMs: Math.max(0, sessionEnd(session) - session.startedAt),
      kinds,
      products: this.products(session),
      marks: texts('session.mark'),
      notes: texts('session.note'),
      alarms: countOf('stream.alarm'),
      errors: countOf('error'),
      obsLosses: (this.obsLossCount.get(id) as { n: number }).n,
      interruptions: countOf('session.interrupted'),
    };
  }

  /**
   * SKU and name of each product id, from the catalog, else from the SKU the session's pins recorded (an
   * imported session's products may not be in this PC's catalog), else unknown.
   */
  productLabels(session: Session, ids: Iterable<string>): Record<string, ProductLabel> {
    const wanted = [...new Set(ids)];
    const labels: Record<string, ProductLabel> = {};
    if (wanted.length === 0) return labels;
    const rows = this.catalogLabels.all(JSON.stringify(wanted)) as { id: string; sku: string; name: string }[];
    for (const r of rows) labels[r.id] = { sku: r.sku, name: JSON.parse(r.name) as Record<string, string> };
    const missing = wanted.filter((id) => !labels[id]);
    if (missing.length > 0) {
      const pinned = this.pinnedSkus.all(session.id, JSON.stringify(missing)) as { id: string; sku: unknown }[];
      for (const r of pinned) labels[r.id] = { sku: typeof r.sku === 'string' ? r.sku : null, name: {} };
      for (const id of missing) labels[id] ??= { sku: null, name: {} };
    }
    return labels;
  }

  /**
   * Stretches with nothing recorded: the host down (from the last event before a crash, which the
   * `session.interrupted` event carries as its time, to the next resume or the session's end) and OBS
   * lost (from the change that lost the link to the next `connected`).
   */
  gaps(session: Session): TimelineGap[] {
    const end = sessionEnd(session);
    const rows = this.gapPoints.all(session.id) as { at: number; kind: string; state: unknown; lost: unknown }[];
    const gaps: TimelineGap[] = [];
    let hostDown: number | null = null;
    let obsLost: number | null = null;
    for (const r of rows) {
      if (r.kind === 'session.interrupted') {
        hostDown ??= r.at;
        // A crash also ends an OBS outage as far as this log can tell: the next run reconnects anew.
        if (obsLost !== null) gaps.push({ from: obsLost, to: r.at, kind: 'obs' });
        obsLost = null;
      } else if (r.kind === 'session.resumed') {
        if (hostDown !== null) gaps.push({ from: hostDown, to: r.at, kind: 'host' });
        hostDown = null;
      } else if (r.lost === 1) {
        obsLost ??= r.at;
      } else if (r.state === 'connected' && obsLost !== null) {
        gaps.push({ from: obsLost, to: r.at, kind: 'obs' });
        obsLost = null;
      }
    }
    if (hostDown !== null) gaps.push({ from: hostDown, to: Math.max(hostDown, end), kind: 'host' });
    if (obsLost !== null) gaps.push({ from: obsLost, to: Math.max(obsLost, end), kind: 'obs' });
    return gaps.sort((a, b) => a.from - b.from);
  }

  /** Time on air, pins, deals, units and revenue per product, from the span and sales tables. */
  products(session: Session): ProductSummaryRow[] {
    const params = { id: session.id, end: sessionEnd(session) };
    const pins = this.productPins.all(params) as { productId: string; onAirMs: number; timesPinned: number }[];
    const sales = this.productSales.all(params) as { productId: string; currency: string; dealsRun: number; unitsSold: number; amountMinor: number | null }[];

    const rows = new Map<string, ProductSummaryRow>();
    const rowOf = (productId: string) => {
      let row = rows.get(productId);
      if (!row) {
        row = { productId, sku: null, name: {}, onAirMs: 0, timesPinned: 0, dealsRun: 0, unitsSold: 0, revenue: [] };
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
    const labels = this.productLabels(session, rows.keys());
    return [...rows.values()]
      .map((row) => ({ ...row, ...labels[row.productId]! }))
      .sort((a, b) => b.onAirMs - a.onAirMs || a.productId.localeCompare(b.productId));
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
      rows = this.eventPage.all(session.id, input.offset, input.limit) as Row[];
      total = session.eventCount;
    } else {
      // One placeholder per kind: one kept statement per number of kinds (at most 50).
      const marks = input.kinds.map(() => '?').join(', ');
      rows = prepared(
        this.db,
        `SELECT seq, at, kind, product_id AS productId, payload FROM session_events INDEXED BY session_events_by_kind
         WHERE session_id = ? AND kind IN (${marks}) ORDER BY seq LIMIT ? OFFSET ?`,
      ).all(session.id, ...input.kinds, input.limit, input.offset) as Row[];
      total = (
        prepared(this.db, `SELECT coalesce(sum(n), 0) AS n FROM session_kind_counts WHERE session_id = ? AND kind IN (${marks})`).get(
          session.id,
          ...input.kinds,
        ) as { n: number }
      ).n;
    }
    const productLabels = this.productLabels(session, rows.flatMap((r) => (r.productId === null ? [] : [r.productId])));
    return { events: rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })), total, productLabels };
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

    const gaps = this.gaps(session);
    // Bars stop where the host stopped and go on after the resume: nothing was on air while it was dead.
    const hostGaps = gaps.filter((g) => g.kind === 'host');
    const spansOf = (name: string) => cap(splitAtGaps(this.laneSpans.all({ ...params, lane: name }) as TimelineSpan[], hostGaps));
    const scenes = spansOf('scene');
    const products = spansOf('product');
    const deals = spansOf('deal');
    const pointRows = this.timelinePoints
      .all(session.id, ...timelinePointKinds, from, to, limit + 1) as { seq: number; at: number; kind: string; payload: string }[];
    const points: TimelinePoint[] = cap(pointRows).map((r) => ({ seq: r.seq, at: r.at, kind: r.kind, label: pointLabel(r.kind, r.payload) }));
    const productIds = [...products, ...deals].flatMap((span) => (span.productId === null ? [] : [span.productId]));
    return { from, to, scenes, products, deals, points, gaps, productLabels: this.productLabels(session, productIds), truncated };
  }

  health(session: Session, points: number): MethodOutput<'session.health'> {
    const duration = Math.max(1, sessionEnd(session) - session.startedAt);
    const bucketMs = Math.max(healthBucketMs, Math.ceil(duration / points / healthBucketMs) * healthBucketMs);
    const rows = this.healthBuckets.all({ id: session.id, bucketMs }) as MethodOutput<'session.health'>['points'];
    const alarms = this.healthAlarms.all(session.id) as { at: number; metric: string; valuePct: number | null }[];
    return { bucketMs, points: withGaps(rows, bucketMs), alarms: alarms.map((a) => ({ ...a, metric: String(a.metric) })) };
  }
}

/** Spans with the parts inside the gaps cut out (a span across a gap becomes two). */
function splitAtGaps(spans: TimelineSpan[], gaps: TimelineGap[]): TimelineSpan[] {
  if (gaps.length === 0) return spans;
  const out: TimelineSpan[] = [];
  for (const span of spans) {
    let from = span.from;
    for (const gap of gaps) {
      if (gap.to <= from || gap.from >= span.to) continue;
      if (gap.from > from) out.push({ ...span, from, to: gap.from });
      from = Math.max(from, gap.to);
    }
    if (from < span.to) out.push({ ...span, from });
  }
  return out;
}

type HealthRow = MethodOutput<'session.health'>['points'][number];
/**
 * A bucket with no samples (OBS lost, host dead) becomes an empty point, so the chart draws a gap there
 * instead of a straight line from the last sample before to the first after.
 */
function withGaps(rows: HealthRow[], bucketMs: number): HealthRow[] {
  const out: HealthRow[] = [];
  for (const row of rows) {
    const previous = out.at(-1);
    if (previous && row.at - previous.at > bucketMs) {
      out.push({ at: previous.at + bucketMs, samples: 0, fpsMin: null, fpsAvg: null, cpuMax: null, droppedMax: null, skippedMax: null, congestionMax: null, kbpsAvg: null });
    }
    out.push(row);
  }
  return out;
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
