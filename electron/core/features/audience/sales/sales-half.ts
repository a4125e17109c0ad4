import { HostError } from '../../../../shared/contract';
import type { Attribution, OrderStatus } from '../../../../shared/contract/audience';
import type { PlatformId } from '../../../../shared/contract/platform';
import type { Feature, HostContext } from '../../../context';
import type { CatalogGateway, DealStockGateway, DealsGateway, MatchedOrder } from '../../gateways';
import { attribute, type OnAirEvent } from './attribution';
import { OnAirLog, type OnAirLogReads } from './on-air-log';
import { OrdersStore, type StoredLine, type StoredOrder } from './orders-store';
import { countedUnits, SalesFigures } from './sales-figures';
import { versionsOnAir } from '../../../../shared/sales/version-review';

export interface SalesDeps {
  catalog: Pick<CatalogGateway, 'get'>;
  deals: Pick<DealsGateway, 'get'> & DealStockGateway;
  /** The session log's reads (the session feature owns its tables). */
  sessionLog: OnAirLogReads;
}

export interface SalesHalf {
  /** AudienceGateway.receiveOrders: what the platform feature's order readers and webhook hand in. */
  receiveOrders(connectionId: string, platform: PlatformId, orders: readonly MatchedOrder[]): Promise<{ created: number; updated: number; unchanged: number }>;
  readonly store: OrdersStore;
  readonly handlers: Pick<Feature['handlers'], 'sales.summary' | 'sales.orders' | 'sales.review' | 'sales.versions'>;
  start(): void;
  stop(): void;
}

/** How often sales.changed goes out at most: a burst of orders, readings and comments is one update. */
const changedEveryMs = 100;

/**
 * The audience feature's sales half: orders in (deduplicated by connection and order id, updated on
 * payment, cancellation and refund), each line attributed to what was on air (attribution.ts), a live
 * deal's stock moved by its orders (in the same transaction as the order, so a crash neither loses nor
 * doubles a unit), and the figures of the sales panel and the review. No buyer data reaches it.
 */
export function salesHalf(ctx: HostContext, deps: SalesDeps): SalesHalf {
  const store = new OrdersStore(ctx.db);
  const log = new OnAirLog(deps.sessionLog, ctx.bus);
  const figures = new SalesFigures(ctx.db);
  let changedTimer: NodeJS.Timeout | null = null;
  const unsubscribe: (() => void)[] = [];

  const productLabel = (productId: string): string => {
    try {
      const p = deps.catalog.get({ id: productId });
      return p.name.en ?? Object.values(p.name)[0] ?? p.sku;
    } catch {
      return productId;
    }
  };

  /** The units a line's deal should have taken now: all counted units, or none once cancelled or refunded. */
  function moveStock(line: StoredLine, status: OrderStatus): void {
    const target = countedUnits({ status }, line);
    if (line.stock) {
      const delta = target - line.stock.units;
      if (delta !== 0) line.stock = { ...line.stock, units: line.stock.units + deps.deals.orderUnits(line.stock.dealId, delta) };
      return;
    }
    const dealId = line.attribution.dealId;
    if (!dealId || target === 0) return;
    let state: string;
    try {
      state = deps.deals.get(dealId).state;
    } catch {
      return;
    }
    if (state === 'live') line.stock = { dealId, units: deps.deals.orderUnits(dealId, target) };
  }

  function sameContent(a: StoredOrder, b: MatchedOrder): boolean {
    if (a.status !== b.status || a.totalMinor !== b.totalMinor || a.lines.length !== b.lines.length) return false;
    return b.lines.every((l) => {
      const old = a.lines.find((x) => x.lineId === l.lineId);
      return old !== undefined && old.quantity === l.quantity && old.refundedQuantity === l.refundedQuantity && old.productId === l.productId;
    });
  }

  async function receiveOrders(connectionId: string, platform: PlatformId, orders: readonly MatchedOrder[]) {
    const result = { created: 0, updated: 0, unchanged: 0 };
    for (const incoming of orders) {
      const existing = store.get(connectionId, incoming.orderId);
      // A late repeat (a webhook after the poll saw a newer state) or the same state again: nothing to do.
      if (existing && (incoming.updatedAt < existing.updatedAt || sameContent(existing, incoming))) {
        result.unchanged++;
        continue;
      }
      const sessionId = existing ? existing.sessionId : log.sessionAtTime(incoming.placedAt);
      let events: OnAirEvent[] | null = null;
      const attributionOf = (productId: string | null): Attribution => {
        if (!sessionId) return { pinnedProductId: null, dealId: null, cueId: null, scriptId: null, scriptVersion: null, hosts: [], market: null };
        events ??= log.events(sessionId, incoming.placedAt);
        return attribute(events, incoming.placedAt, productId);
      };
      const lines: StoredLine[] = incoming.lines.map((l) => {
        const old = existing?.lines.find((x) => x.lineId === l.lineId);
        // A line keeps the attribution it got when the order was placed (the log before placedAt does not change).
        const attribution = old && old.productId === l.productId ? old.attribution : attributionOf(l.productId);
        return { ...l, attribution, stock: old?.stock ?? null };
      });
      const order: StoredOrder = {
        key: `${connectionId}:${incoming.orderId}`,
        connectionId,
        platform,
        orderId: incoming.orderId,
        placedAt: incoming.placedAt,
        updatedAt: incoming.updatedAt,
        status: incoming.status,
        currency: incoming.currency,
        minorDigits: incoming.minorDigits,
        totalMinor: incoming.totalMinor,
        lines,
        sessionId,
      };
      ctx.db.transaction(() => {
        for (const line of order.lines) moveStock(line, order.status);
        store.save(order);
        // Logged at the time it happened on the shop, not when the poll or webhook brought it: an order read
        // after session.end sits inside its session on the timeline. Never later than now (a shop clock ahead).
        const now = ctx.now();
        if (existing) ctx.bus.publish('order.updated', { order, previousStatus: existing.status }, Math.min(order.updatedAt, now));
        else ctx.bus.publish('order.created', order, Math.min(order.placedAt, now));
      })();
      if (existing) result.updated++;
      else result.created++;
    }
    if (result.created + result.updated > 0) scheduleChanged();
    return result;
  }

  function summaryOf(sessionId: string | null) {
    const live = sessionId !== null && sessionId === log.live();
    const orders = sessionId ? store.ofSessionInOrder(sessionId) : [];
    const readings = sessionId ? log.viewerReadings(sessionId) : [];
    return figures.summary(sessionId, orders, readings, live, ctx.now(), { product: productLabel });
  }

  function scheduleChanged(): void {
    if (changedTimer) return;
    changedTimer = setTimeout(() => {
      changedTimer = null;
      const sessionId = log.live();
      if (!sessionId) return;
      try {
        ctx.bus.publish('sales.changed', summaryOf(sessionId));
      } catch (error) {
        ctx.reportError('sales', 'summary_failed', `The sales panel could not be updated: ${(error as Error).message}`);
      }
    }, changedEveryMs);
    changedTimer.unref?.();
  }

  function sessionOrLive(sessionId: string | undefined): string | null {
    if (sessionId !== undefined) {
      if (!log.sessionExists(sessionId)) throw new HostError('session.not_found', { id: sessionId });
      return sessionId;
    }
    return log.live();
  }

  /** Segment of each script (prompter.listScripts), read once per review. */
  async function segments(): Promise<Map<string, { key: string; label: string }>> {
    const call = ctx.dispatcher.client();
    const map = new Map<string, { key: string; label: string }>();
    try {
      const { scripts } = await call('prompter.listScripts', {});
      for (const s of scripts) if (s.segmentId) map.set(s.id, { key: s.segmentId, label: s.segmentId });
    } catch {
      // No prompter in this host: every line is in no segment.
    }
    return map;
  }

  const handlers: SalesHalf['handlers'] = {
    'sales.summary': (input) => summaryOf(sessionOrLive(input.sessionId)),
    'sales.orders': (input) => {
      const sessionId = sessionOrLive(input.sessionId);
      return { orders: sessionId ? store.latest(sessionId, input.limit) : [] };
    },
    'sales.versions': ({ scriptId }) => {
      // Each session that ran the script, as its own review computes it, then added up.
      const perSession = log.sessionsRunning(scriptId).map((sessionId) => ({
        orders: store.ofSessionInOrder(sessionId),
        onAir: versionsOnAir(log.events(sessionId, Number.MAX_SAFE_INTEGER), log.sessionEnd(sessionId, ctx.now())),
      }));
      return { scriptId, versions: figures.versionsAcross(scriptId, perSession) };
    },
    'sales.review': async (input) => {
      const sessionId = sessionOrLive(input.sessionId)!;
      const bySegment = await segments();
      const cues = new Map<string, string>();
      const events = log.events(sessionId, Number.MAX_SAFE_INTEGER);
      for (const e of events) {
        if (e.kind === 'prompter.cue.reached' && typeof e.payload.cueId === 'string' && !cues.has(e.payload.cueId)) {
          cues.set(e.payload.cueId, `[[${String(e.payload.cueType)}:${String(e.payload.argument)}]]`);
        }
      }
      return figures.review(sessionId, store.ofSessionInOrder(sessionId), log.viewerReadings(sessionId), {
        product: productLabel,
        cue: (cueId) => cues.get(cueId) ?? cueId,
        segmentOf: (scriptId) => (scriptId ? (bySegment.get(scriptId) ?? null) : null),
      }, versionsOnAir(events, log.sessionEnd(sessionId, ctx.now())));
    },
  };

  return {
    receiveOrders,
    store,
    handlers,
    start() {
      log.start();
      // Viewer readings and comments change the panel too.
      unsubscribe.push(ctx.bus.subscribeAll((e) => (changeKinds.has(e.name) ? scheduleChanged() : undefined)));
    },
    stop() {
      for (const off of unsubscribe.splice(0)) off();
      log.stop();
      if (changedTimer) clearTimeout(changedTimer);
      changedTimer = null;
    },
  };
}

const changeKinds = new Set<string>(['audience.viewers', 'chat.message', 'chat.updated', 'chat.forgotten', 'session.started', 'session.resumed'] satisfies string[]);

