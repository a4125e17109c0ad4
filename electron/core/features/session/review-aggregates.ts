import type { Database, Statement } from 'better-sqlite3';

/**
 * The review's pre-aggregated tables for the rare kinds: timeline spans (scenes, products on air, deals),
 * timeline points (marks, alarms, errors...) and per-product sales. The writer calls `apply` for each
 * event inside the transaction that inserts it, so the tables always agree with the committed events
 * (a rolled-back batch rolls them back too). Only a few events in a hundred are of these kinds.
 */

/** Kinds drawn as points on the timeline (spans come from scenes, pins and deals). */
export const timelinePointKinds = [
  'session.started',
  'session.ended',
  'session.mark',
  'session.note',
  'session.interrupted',
  'session.resumed',
  'stream.alarm',
  'error',
  'obs.stream.changed',
  'obs.record.changed',
  'obs.connection.changed',
  'prompter.started',
  'prompter.paused',
] as const;

const pointKinds = new Set<string>(timelinePointKinds);
const dealEndKinds = new Set(['deal.ended', 'deal.soldOut', 'deal.cancelled']);
const spanKinds = new Set(['obs.scene.changed', 'product.pinned', 'product.unpinned', 'deal.started', ...dealEndKinds]);

/** Every kind `apply` does something with. */
export const aggregatedKinds: readonly string[] = [...pointKinds, ...spanKinds];

/** True for the kinds `apply` does something with (the writer skips the rest without parsing). */
export function isAggregatedKind(kind: string): boolean {
  return pointKinds.has(kind) || spanKinds.has(kind);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// INDEXED BY: without statistics the planner prefers the primary key's (session_id, lane) prefix, which
// walks every span of the lane so far (thousands of scenes in a long broadcast) on each close.
export const closeSpanSql = `UPDATE session_spans INDEXED BY session_spans_open SET to_at = @at, open_key = NULL, outcome = @outcome
  WHERE session_id = @id AND lane = @lane AND open_key = @key`;
export const closeProductSpanSql = `UPDATE session_spans INDEXED BY session_spans_open SET to_at = @at, open_key = NULL
  WHERE session_id = @id AND lane = 'product' AND open_key = @key AND product_id = @productId`;

export class ReviewAggregates {
  private readonly insertPoint: Statement;
  private readonly openSpan: Statement;
  private readonly closeSpan: Statement;
  private readonly closeProductSpan: Statement;
  private readonly addSale: Statement;

  constructor(db: Database) {
    this.insertPoint = db.prepare('INSERT OR IGNORE INTO session_points (session_id, kind, at, seq, payload) VALUES (?, ?, ?, ?, ?)');
    this.openSpan = db.prepare(
      `INSERT OR IGNORE INTO session_spans (session_id, lane, from_at, seq, to_at, open_key, label, product_id)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
    );
    this.closeSpan = db.prepare(closeSpanSql);
    this.closeProductSpan = db.prepare(closeProductSpanSql);
    this.addSale = db.prepare(
      `INSERT INTO session_product_sales (session_id, product_id, currency, deals_run, units_sold, revenue_minor)
       VALUES (@id, @productId, @currency, @deals, @units, @revenue)
       ON CONFLICT (session_id, product_id, currency) DO UPDATE SET
         deals_run = deals_run + excluded.deals_run,
         units_sold = units_sold + excluded.units_sold,
         revenue_minor = CASE WHEN excluded.revenue_minor IS NULL THEN revenue_minor
                              ELSE coalesce(revenue_minor, 0) + excluded.revenue_minor END`,
    );
  }

  /** Updates the tables for one event (call inside the transaction that inserts it, in seq order). */
  apply(sessionId: string, seq: number, at: number, kind: string, productId: string | null, payloadText: string): void {
    if (pointKinds.has(kind)) {
      this.insertPoint.run(sessionId, kind, at, seq, payloadText);
      return;
    }
    if (!spanKinds.has(kind)) return;
    const p = parse(payloadText);
    const id = sessionId;
    switch (kind) {
      case 'obs.scene.changed':
        // A scene lasts until the next scene change.
        this.closeSpan.run({ id, lane: 'scene', key: '', at, outcome: null });
        this.openSpan.run(id, 'scene', at, seq, '', str(p.sceneName) ?? '', null);
        return;
      case 'product.pinned': {
        if (productId === null) return;
        // A pin replaces whatever card was on that output.
        const output = str(p.output) ?? '';
        this.closeSpan.run({ id, lane: 'product', key: output, at, outcome: null });
        this.openSpan.run(id, 'product', at, seq, output, productId, productId);
        return;
      }
      case 'product.unpinned':
        if (productId === null) return;
        this.closeProductSpan.run({ id, key: str(p.output) ?? '', productId, at });
        return;
      case 'deal.started': {
        const dealId = str(p.dealId) ?? '';
        // The same deal started again ends the earlier run (drawn as "· deal.started").
        this.closeSpan.run({ id, lane: 'deal', key: dealId, at, outcome: kind });
        this.openSpan.run(id, 'deal', at, seq, dealId, dealId, productId);
        if (productId !== null) this.addSale.run({ id, productId, currency: str(p.currency) ?? '', deals: 1, units: 0, revenue: null });
        return;
      }
      default: {
        // deal.ended / deal.soldOut / deal.cancelled
        this.closeSpan.run({ id, lane: 'deal', key: str(p.dealId) ?? '', at, outcome: kind });
        if (productId !== null) {
          this.addSale.run({ id, productId, currency: str(p.currency) ?? '', deals: 0, units: num(p.unitsSold) ?? 0, revenue: num(p.revenueMinor) });
        }
      }
    }
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Recomputes the tables above for one session from its events (after an import), by replaying the rare
 * kinds through the same `apply` in seq order; the kind index makes that a few thousand rows.
 */
export function rebuildReviewAggregates(db: Database, sessionId: string): void {
  for (const table of ['session_spans', 'session_points', 'session_product_sales']) {
    db.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(sessionId);
  }
  const kinds = [...pointKinds, ...spanKinds];
  const rows = db
    .prepare(
      `SELECT seq, at, kind, product_id, payload FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY seq`,
    )
    .raw()
    .iterate(sessionId, ...kinds) as IterableIterator<[number, number, string, string | null, string]>;
  const aggregates = new ReviewAggregates(db);
  const all = [...rows];
  for (const [seq, at, kind, productId, payload] of all) aggregates.apply(sessionId, seq, at, kind, productId, payload);
}
