import type { Database, Statement } from 'better-sqlite3';
import type { MethodOutput } from '../../../../shared/contract';
import type { SalesGroup, SalesSummary, VersionAcross, VersionGroup } from '../../../../shared/contract/audience';
import type { OnAirEvent } from './attribution';
import type { StoredOrder } from './orders-store';
import { countedUnits, versionKey, type VersionOnAir } from '../../../../shared/sales/version-review';

/**
 * The figures of the sales panel and of the review, computed from the stored orders (their lines carry
 * their attribution), the session log's viewer readings and the chat messages of the session.
 *
 * What counts: a line's units are its quantity less refunded units; a cancelled or fully refunded order
 * counts nothing (so an order created then cancelled counts once, then not at all). Revenue is units x
 * unit price (after the line's discounts), per currency: amounts in two currencies are never added.
 * An order counts in `orders` while any of its units count.
 */

export { countedUnits };

type Money = { currency: string; amountMinor: number; minorDigits: number };

class MoneyTotals {
  private readonly byCurrency = new Map<string, Money>();
  add(currency: string, minorDigits: number, amountMinor: number): void {
    const m = this.byCurrency.get(currency) ?? { currency, amountMinor: 0, minorDigits };
    m.amountMinor += amountMinor;
    this.byCurrency.set(currency, m);
  }
  list(): Money[] {
    return [...this.byCurrency.values()].sort((a, b) => b.amountMinor - a.amountMinor || a.currency.localeCompare(b.currency));
  }
}

class Groups {
  private readonly groups = new Map<string, { label: string; orders: Set<string>; units: number; revenue: MoneyTotals }>();
  add(key: string, label: string, order: StoredOrder, units: number, amountMinor: number): void {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { label, orders: new Set(), units: 0, revenue: new MoneyTotals() }));
    g.orders.add(order.key);
    g.units += units;
    g.revenue.add(order.currency, order.minorDigits, amountMinor);
  }
  list(): SalesGroup[] {
    return [...this.groups.entries()]
      .map(([key, g]) => ({ key, label: g.label, orders: g.orders.size, units: g.units, revenue: g.revenue.list() }))
      .sort((a, b) => b.units - a.units || a.key.localeCompare(b.key));
  }
}

/**
 * Viewers over time summed over connections: each reading replaces its connection's last one, and a
 * point is the sum at that reading (a connection whose broadcast ended drops out after `staleMs`).
 */
export function viewersCurve(readings: readonly OnAirEvent[], staleMs = 120_000): { at: number; viewers: number }[] {
  const latest = new Map<string, { viewers: number; at: number }>();
  const curve: { at: number; viewers: number }[] = [];
  for (const r of readings) {
    const connectionId = String(r.payload.connectionId ?? '');
    const viewers = typeof r.payload.viewers === 'number' ? r.payload.viewers : 0;
    const at = typeof r.payload.at === 'number' ? r.payload.at : r.at;
    latest.set(connectionId, { viewers, at });
    let sum = 0;
    for (const v of latest.values()) if (at - v.at <= staleMs) sum += v.viewers;
    curve.push({ at, viewers: sum });
  }
  return curve;
}

export interface ProductLabels {
  product(productId: string): string;
}

export class SalesFigures {
  private readonly recentComments: Statement;
  private readonly allComments: Statement;
  private readonly openQuestionsOf: Statement;
  private readonly perMinute: Statement;
  private readonly questionsOf: Statement;

  constructor(db: Database) {
    // chat_messages belongs to the chat half of the feature; the figures only read it.
    this.recentComments = db.prepare('SELECT count(*) AS n FROM chat_messages WHERE session_id = ? AND at > ?');
    this.allComments = db.prepare('SELECT count(*) AS n, min(at) AS first, max(at) AS last FROM chat_messages WHERE session_id = ?');
    this.openQuestionsOf = db.prepare('SELECT count(*) AS n FROM chat_messages WHERE session_id = ? AND (question = 1 OR starred = 1) AND answered = 0 AND hidden = 0');
    this.perMinute = db.prepare('SELECT (at / 60000) * 60000 AS minute, count(*) AS n FROM chat_messages WHERE session_id = ? GROUP BY minute ORDER BY minute');
    this.questionsOf = db.prepare(
      'SELECT coalesce(sum(question = 1 OR starred = 1), 0) AS asked, coalesce(sum((question = 1 OR starred = 1) AND answered = 1), 0) AS answered FROM chat_messages WHERE session_id = ?',
    );
  }

  summary(
    sessionId: string | null,
    orders: readonly StoredOrder[],
    readings: readonly OnAirEvent[],
    live: boolean,
    now: number,
    labels: ProductLabels,
  ): SalesSummary {
    const revenue = new MoneyTotals();
    const products = new Groups();
    let counted = 0;
    let units = 0;
    for (const order of orders) {
      let orderUnits = 0;
      for (const line of order.lines) {
        const n = countedUnits(order, line);
        if (n === 0) continue;
        orderUnits += n;
        revenue.add(order.currency, order.minorDigits, n * line.unitPriceMinor);
        if (line.productId) products.add(line.productId, labels.product(line.productId), order, n, n * line.unitPriceMinor);
      }
      if (orderUnits > 0) counted++;
      units += orderUnits;
    }
    const curve = viewersCurve(readings);
    const viewersNow = curve.length > 0 && (!live || now - curve.at(-1)!.at <= 120_000) ? curve.at(-1)!.viewers : null;
    const peak = curve.length > 0 ? Math.max(...curve.map((p) => p.viewers)) : null;
    let commentsPerMinute = 0;
    let openQuestions = 0;
    if (sessionId) {
      if (live) commentsPerMinute = (this.recentComments.get(sessionId, now - 60_000) as { n: number }).n;
      else {
        const all = this.allComments.get(sessionId) as { n: number; first: number | null; last: number | null };
        const minutes = all.first !== null && all.last !== null ? Math.max(1, (all.last - all.first) / 60_000) : 1;
        commentsPerMinute = Math.round((all.n / minutes) * 10) / 10;
      }
      openQuestions = (this.openQuestionsOf.get(sessionId) as { n: number }).n;
    }
    return {
      sessionId,
      revenue: revenue.list(),
      orders: counted,
      units,
      topProducts: products
        .list()
        .slice(0, 5)
        .map((g) => ({ productId: g.key, units: g.units, revenue: g.revenue })),
      viewersNow,
      peakViewers: peak,
      // At most ~ one point a reading per connection; a long show is thinned to 600 points for the panel.
      viewersCurve: thin(curve, 600),
      commentsPerMinute,
      openQuestions,
      conversion: peak ? Math.round((counted / peak) * 100 * 100) / 100 : null,
      updatedAt: now,
    };
  }

  /**
   * One script's A/B versions over several sessions: each session's versions table (as its review has it)
   * for that script, added up; revenue stays per currency; `sessions` counts those the version was on air in.
   */
  versionsAcross(scriptId: string, perSession: readonly { orders: readonly StoredOrder[]; onAir: ReadonlyMap<string, VersionOnAir> }[]): VersionAcross[] {
    const totals = new Map<string, { row: VersionAcross; revenue: MoneyTotals; orderKeys: Set<string> }>();
    const totalOf = (version: string, title: string) => {
      const key = versionKey(scriptId, version);
      let t = totals.get(key);
      if (!t) {
        const row = { key, label: '', orders: 0, units: 0, revenue: [], scriptId, title, version, onAirMs: 0, dealsStarted: 0, sessions: 0 };
        totals.set(key, (t = { row, revenue: new MoneyTotals(), orderKeys: new Set() }));
      }
      if (title) t.row.title = title;
      return t;
    };
    for (const session of perSession) {
      for (const v of session.onAir.values()) {
        if (v.scriptId !== scriptId) continue;
        const t = totalOf(v.version, v.title);
        t.row.onAirMs += v.onAirMs;
        t.row.dealsStarted += v.dealsStarted;
        t.row.sessions++;
      }
      for (const order of session.orders) {
        for (const line of order.lines) {
          const n = countedUnits(order, line);
          const v = line.attribution.scriptVersion;
          if (n === 0 || !v || v.scriptId !== scriptId) continue;
          const t = totalOf(v.version, '');
          t.orderKeys.add(order.key);
          t.row.units += n;
          t.revenue.add(order.currency, order.minorDigits, n * line.unitPriceMinor);
        }
      }
    }
    return [...totals.values()]
      .map(({ row, revenue, orderKeys }) => ({ ...row, label: `${row.title || scriptId} · ${row.version}`, orders: orderKeys.size, revenue: revenue.list() }))
      .sort((a, b) => a.version.localeCompare(b.version));
  }

  review(
    sessionId: string,
    orders: readonly StoredOrder[],
    readings: readonly OnAirEvent[],
    labels: ProductLabels & { cue(cueId: string): string; segmentOf(scriptId: string | null): { key: string; label: string } | null },
    versions: ReadonlyMap<string, VersionOnAir>,
  ): MethodOutput<'sales.review'> {
    const byProduct = new Groups();
    const bySegment = new Groups();
    const byCue = new Groups();
    const byVersion = new Groups();
    const byHost = new Groups();
    for (const order of orders) {
      for (const line of order.lines) {
        const n = countedUnits(order, line);
        if (n === 0) continue;
        const amount = n * line.unitPriceMinor;
        const a = line.attribution;
        if (line.productId) byProduct.add(line.productId, labels.product(line.productId), order, n, amount);
        else byProduct.add('unlinked', line.sku ?? line.remoteSkuId ?? 'unlinked', order, n, amount);
        const segment = labels.segmentOf(a.scriptId);
        bySegment.add(segment?.key ?? 'none', segment?.label ?? '', order, n, amount);
        byCue.add(a.cueId ?? 'none', a.cueId ? labels.cue(a.cueId) : '', order, n, amount);
        const v = a.scriptVersion;
        byVersion.add(v ? versionKey(v.scriptId, v.version) : 'none', '', order, n, amount);
        if (a.hosts.length === 0) byHost.add('none', '', order, n, amount);
        for (const host of a.hosts) byHost.add(host, host, order, n, amount);
      }
    }
    const chat = (this.perMinute.all(sessionId) as { minute: number; n: number }[]).map((r) => ({ at: r.minute, messages: r.n }));
    const q = this.questionsOf.get(sessionId) as { asked: number; answered: number };
    return {
      byProduct: byProduct.list(),
      bySegment: bySegment.list(),
      byCue: byCue.list(),
      byVersion: versionRows(byVersion.list(), versions),
      byHost: byHost.list(),
      viewers: thin(viewersCurve(readings), 2000),
      chatPerMinute: chat,
      questions: { asked: q.asked, answered: q.answered },
    };
  }
}

/**
 * The versions table: every version on air (sales or not) and every version lines were attributed to,
 * labelled "<title> · <version>", grouped by script (then by version name) so A and B of a script sit together.
 */
function versionRows(sales: SalesGroup[], onAir: ReadonlyMap<string, VersionOnAir>): VersionGroup[] {
  const bySales = new Map(sales.map((g) => [g.key, g]));
  const keys = new Set([...onAir.keys(), ...bySales.keys()]);
  const rows: VersionGroup[] = [];
  for (const key of keys) {
    const g = bySales.get(key);
    const v = onAir.get(key);
    const [scriptId, version] = key === 'none' ? ['', ''] : [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    const title = v?.title ?? '';
    rows.push({
      key,
      label: key === 'none' ? '' : `${title || scriptId} · ${version}`,
      orders: g?.orders ?? 0,
      units: g?.units ?? 0,
      revenue: g?.revenue ?? [],
      scriptId,
      title,
      version,
      onAirMs: v?.onAirMs ?? 0,
      dealsStarted: v?.dealsStarted ?? 0,
    });
  }
  const none = rows.filter((r) => r.key === 'none');
  const named = rows.filter((r) => r.key !== 'none').sort((a, b) => (a.title || a.scriptId).localeCompare(b.title || b.scriptId) || a.scriptId.localeCompare(b.scriptId) || a.version.localeCompare(b.version));
  return [...named, ...none];
}

/** Keeps at most `max` points, evenly, always the last. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor(i * step)]!);
  out.push(points.at(-1)!);
  return out;
}
