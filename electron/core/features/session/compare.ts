import type { Database } from 'better-sqlite3';
import type { CompareBy, CompareRow, Session } from '../../../shared/contract/session';
import { countedUnits, versionsOnAir, type OnAirEvent } from '../../../shared/sales/version-review';
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

/** One script version in one session (see compareBy `version`). */
export interface VersionFacts {
  /** The script's title (case folded) and the version: the same script in several studios is one row. */
  key: string;
  label: string;
  onAirMs: number;
  deals: number;
  orders: number;
  units: number;
  revenue: Map<string, number>;
  viewersPeak: number | null;
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
  /** Filled only for a comparison by version (it reads the session's prompter, order and viewer events). */
  versions?: VersionFacts[];
}

/** The log kinds a comparison by version reads of each session (by the kind index). */
export const versionFactKinds = ['prompter.loaded', 'prompter.unloaded', 'deal.started', 'order.created', 'order.updated', 'audience.viewers'] as const;

interface LoggedOrder {
  key: string;
  status: string;
  currency: string;
  lines: { quantity: number; refundedQuantity: number; unitPriceMinor: number; attribution?: { scriptVersion?: { scriptId: string; version: string } | null } }[];
}

/**
 * A session's script versions from its log in order (the same reading as its sales review: time in the
 * prompter and deals started from versionsOnAir; orders, units and revenue from the lines attributed to
 * each version, each order in its last logged state; peak viewers of the readings while it was loaded).
 */
export function versionFacts(events: readonly OnAirEvent[], end: number): VersionFacts[] {
  const onAir = versionsOnAir(events, end);
  const titles = new Map<string, string>();
  for (const v of onAir.values()) if (v.title) titles.set(v.scriptId, v.title);
  const rows = new Map<string, VersionFacts & { orderKeys: Set<string> }>();
  const rowOf = (scriptId: string, version: string) => {
    const title = titles.get(scriptId) ?? scriptId;
    const key = `${title.trim().toLocaleLowerCase()}/${version}`;
    let row = rows.get(key);
    if (!row) {
      row = { key, label: `${title} · ${version}`, onAirMs: 0, deals: 0, orders: 0, units: 0, revenue: new Map(), viewersPeak: null, orderKeys: new Set() };
      rows.set(key, row);
    }
    return row;
  };
  for (const v of onAir.values()) {
    const row = rowOf(v.scriptId, v.version);
    row.onAirMs += v.onAirMs;
    row.deals += v.dealsStarted;
  }
  const orders = new Map<string, LoggedOrder>();
  let loaded: { scriptId: string; version: string } | null = null;
  for (const e of events) {
    const p = e.payload;
    if (e.kind === 'prompter.loaded') {
      loaded = typeof p.scriptId === 'string' && typeof p.version === 'string' && p.version !== '' ? { scriptId: p.scriptId, version: p.version } : null;
    } else if (e.kind === 'prompter.unloaded') {
      loaded = null;
    } else if (e.kind === 'audience.viewers' && loaded && typeof p.viewers === 'number') {
      const row = rowOf(loaded.scriptId, loaded.version);
      row.viewersPeak = Math.max(row.viewersPeak ?? 0, p.viewers);
    } else if (e.kind === 'order.created' || e.kind === 'order.updated') {
      const order = (e.kind === 'order.created' ? p : p.order) as LoggedOrder | undefined;
      if (order && typeof order.key === 'string') orders.set(order.key, order);
    }
  }
  for (const order of orders.values()) {
    for (const line of order.lines ?? []) {
      const v = line.attribution?.scriptVersion;
      const n = countedUnits(order, line);
      if (!v || n === 0) continue;
      const row = rowOf(v.scriptId, v.version);
      row.orderKeys.add(order.key);
      row.units += n;
      row.revenue.set(order.currency, (row.revenue.get(order.currency) ?? 0) + n * line.unitPriceMinor);
    }
  }
  return [...rows.values()].map(({ orderKeys, ...row }) => ({ ...row, orders: orderKeys.size }));
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
    if (by === 'version') {
      for (const v of s.versions ?? []) {
        const row = rowOf(v.key, v.label);
        if (!row.seen.has(s.id)) {
          row.seen.add(s.id);
          row.sessions++;
        }
        row.onAirMs += v.onAirMs;
        row.deals += v.deals;
        row.orders += v.orders;
        row.units += v.units;
        if (v.viewersPeak !== null) row.viewersPeak = Math.max(row.viewersPeak ?? 0, v.viewersPeak);
        addRevenue(row.revenueBy, v.revenue);
      }
      continue;
    }
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
export function localFacts(db: Database, store: SessionStore, filter: ListFilter, studio: { id: string; name: string }, withVersions = false): SessionFacts[] {
  const { sessions } = store.list({ ...filter, offset: 0, limit: compareSessionLimit });
  const versionEvents = prepared(
    db,
    `SELECT at, kind, payload FROM session_events INDEXED BY session_events_by_kind
     WHERE session_id = ? AND kind IN (${versionFactKinds.map((k) => `'${k}'`).join(', ')}) ORDER BY seq`,
  );
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
      ...(withVersions ? { versions: versionFacts(onAirEvents(versionEvents.all(s.id) as { at: number; kind: string; payload: string }[]), sessionEnd(s)) } : {}),
    };
  });
}

/** Logged rows (payload as text) as the version reading takes them. */
export function onAirEvents(rows: readonly { at: number; kind: string; payload: string }[]): OnAirEvent[] {
  return rows.map((r) => ({ at: r.at, kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}
