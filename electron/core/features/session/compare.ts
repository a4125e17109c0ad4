import type { Database } from 'better-sqlite3';
import type { CompareBy, CompareRow, Session } from '../../../shared/contract/session';
import { prepared } from '../../db/prepared';
import { sessionEnd } from './review-queries';
import type { SessionStore, ListFilter } from './session-store';

/**
 * The comparison across sessions (session.compare). Both sources (this PC's log, the central store)
 * reduce each session to the same facts (SessionFacts), and one function groups them: so a host's
 * figures mean the same whichever store they come from.
 */

export interface ProductFacts {
  /** The SKU when known (the same product across studios), else the product id. */
  key: string;
  label: string;
  onAirMs: number;
  deals: number;
  units: number;
  revenue: Map<string, number>;
}

export interface SessionFacts {
  id: string;
  hosts: string[];
  market: string;
  studio: { id: string; name: string };
  durationMs: number;
  orders: number;
  viewersPeak: number | null;
  products: ProductFacts[];
}

/** At most this many sessions are compared at once (the newest first); narrow by date beyond that. */
export const compareSessionLimit = 5000;

export function groupFacts(by: CompareBy, sessions: readonly SessionFacts[]): CompareRow[] {
  const rows = new Map<string, CompareRow & { revenueBy: Map<string, number>; seen: Set<string> }>();
  const rowOf = (key: string, label: string) => {
    let row = rows.get(key);
    if (!row) {
      row = { key, label, sessions: 0, onAirMs: 0, deals: 0, orders: 0, units: 0, revenue: [], viewersPeak: null, revenueBy: new Map(), seen: new Set() };
      rows.set(key, row);
    }
    return row;
  };
  const addRevenue = (target: Map<string, number>, from: Map<string, number>) => {
    for (const [currency, amount] of from) target.set(currency, (target.get(currency) ?? 0) + amount);
  };
  for (const s of sessions) {
    if (by === 'product') {
      for (const p of s.products) {
        const row = rowOf(p.key, p.label);
        if (!row.seen.has(s.id)) {
          row.seen.add(s.id);
          row.sessions++;
        }
        row.onAirMs += p.onAirMs;
        row.deals += p.deals;
        row.units += p.units;
        addRevenue(row.revenueBy, p.revenue);
      }
      continue;
    }
    const keys: [string, string][] =
      by === 'host' ? s.hosts.map((h) => [h, h]) : by === 'market' ? [[s.market, s.market]] : [[s.studio.id, s.studio.name || s.studio.id]];
    for (const [key, label] of keys) {
      const row = rowOf(key, label);
      row.sessions++;
      row.onAirMs += s.durationMs;
      row.orders += s.orders;
      if (s.viewersPeak !== null) row.viewersPeak = Math.max(row.viewersPeak ?? 0, s.viewersPeak);
      for (const p of s.products) {
        row.deals += p.deals;
        row.units += p.units;
        addRevenue(row.revenueBy, p.revenue);
      }
    }
  }
  return [...rows.values()]
    .map(({ revenueBy, seen: _seen, ...row }) => ({
      ...row,
      revenue: [...revenueBy].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor })),
    }))
    .sort((a, b) => b.onAirMs - a.onAirMs || a.label.localeCompare(b.label));
}

/** A product's label: its SKU and a name (English first, else any). */
export function productLabel(sku: string | null, name: Record<string, string>, fallback: string): string {
  const shown = name.en ?? Object.values(name)[0];
  if (sku && shown) return `${sku} · ${shown}`;
  return sku ?? shown ?? fallback;
}

/** This PC's sessions as facts, from its review tables (no scan of the events). */
export function localFacts(db: Database, store: SessionStore, filter: ListFilter, studio: { id: string; name: string }): SessionFacts[] {
  const { sessions } = store.list({ ...filter, offset: 0, limit: compareSessionLimit });
  const pins = prepared(
    db,
    `SELECT product_id AS productId, sum(max(0, coalesce(to_at, @end) - from_at)) AS onAirMs
     FROM session_spans WHERE session_id = @id AND lane = 'product' GROUP BY product_id`,
  );
  const sales = prepared(
    db,
    `SELECT product_id AS productId, currency, deals_run AS deals, units_sold AS units, revenue_minor AS revenue
     FROM session_product_sales WHERE session_id = ?`,
  );
  const orders = prepared(db, `SELECT coalesce(sum(n), 0) AS n FROM session_kind_counts WHERE session_id = ? AND kind = 'order.created'`);
  const viewers = prepared(
    db,
    `SELECT max(json_extract(payload, '$.viewers')) AS v FROM session_events INDEXED BY session_events_by_kind
     WHERE session_id = ? AND kind = 'audience.viewers'`,
  );
  const labels = prepared(db, 'SELECT sku, name FROM products WHERE id = ?');
  const labelOf = new Map<string, { key: string; label: string }>();
  const keyOf = (productId: string) => {
    let known = labelOf.get(productId);
    if (!known) {
      const row = labels.get(productId) as { sku: string; name: string } | undefined;
      known = row
        ? { key: row.sku, label: productLabel(row.sku, JSON.parse(row.name) as Record<string, string>, productId) }
        : { key: productId, label: productId };
      labelOf.set(productId, known);
    }
    return known;
  };
  return sessions.map((s: Session) => {
    const products = new Map<string, ProductFacts>();
    const productOf = (productId: string) => {
      const { key, label } = keyOf(productId);
      let p = products.get(key);
      if (!p) {
        p = { key, label, onAirMs: 0, deals: 0, units: 0, revenue: new Map() };
        products.set(key, p);
      }
      return p;
    };
    for (const r of pins.all({ id: s.id, end: sessionEnd(s) }) as { productId: string; onAirMs: number }[]) productOf(r.productId).onAirMs += r.onAirMs;
    for (const r of sales.all(s.id) as { productId: string; currency: string; deals: number; units: number; revenue: number | null }[]) {
      const p = productOf(r.productId);
      p.deals += r.deals;
      p.units += r.units;
      if (r.revenue !== null) p.revenue.set(r.currency, (p.revenue.get(r.currency) ?? 0) + r.revenue);
    }
    const peak = (viewers.get(s.id) as { v: number | null }).v;
    return {
      id: s.id,
      hosts: s.hosts,
      market: s.market,
      studio,
      durationMs: Math.max(0, sessionEnd(s) - s.startedAt),
      orders: (orders.get(s.id) as { n: number }).n,
      viewersPeak: typeof peak === 'number' ? peak : null,
      products: [...products.values()],
    };
  });
}
