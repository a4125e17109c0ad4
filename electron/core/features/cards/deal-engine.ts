import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { HostError, type MethodParsedInput } from '../../../shared/contract';
import type { DealRecord, PriceViolation } from '../../../shared/contract/deals';
import type { Product } from '../../../shared/contract/catalog';
import type { EventBus } from '../../bus';
import type { CatalogGateway } from '../gateways';
import { DealStore } from './deal-store';
import { checkDealPrice, omnibusWindowMs, priceRuleReasons, type PriceFacts } from './price-rules';
import { shownPrice } from '../../../shared/price-display';

/** How long a sold-out deal stays on the card ("Sold out!") before the card shows the regular price. */
export const soldOutShowMs = 60_000;
/** Letters and digits that cannot be misread for each other on a prompter (no 0/O, 1/I/L). */
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** setTimeout's ceiling; a later deadline is re-armed when this fires. */
const maxTimerMs = 2 ** 31 - 1;

export interface DealEngineDeps {
  db: Database;
  bus: EventBus;
  catalog: CatalogGateway;
  now(): number;
  defaultMarket(): string;
  reportError(code: string, message: string): void;
  /** Called after any change of a deal (the cards redraw). */
  onChange(deal: DealRecord): void;
}

/**
 * Flash deals: scheduled -> countdown -> live -> ended | sold-out | cancelled.
 * Time comes only from `now()`; one timer is armed for the next deadline and `tick()` moves every deal
 * whose deadline has passed. State lives in SQLite, so after a restart `recover()` ends what should have
 * ended while the app was closed (and logs it) and re-arms the rest.
 */
export class DealEngine {
  readonly store: DealStore;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: DealEngineDeps) {
    this.store = new DealStore(deps.db);
  }

  /**
   * After a crash (`afterCrash`), deals that were counting down or live end at once with reason
   * `host_interrupted`: while the host was dead nobody showed their price or counted their stock, so they
   * must not silently run on. After a clean stop they continue, and whatever ran out meanwhile ends.
   */
  recover(afterCrash = false): void {
    if (afterCrash) {
      for (const deal of this.store.running()) {
        if (deal.state === 'live' || deal.state === 'countdown') this.finish(deal, 'ended', 'host_interrupted');
      }
    }
    this.tick('while_closed');
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  product(ref: { productId?: string; sku?: string }): Product {
    return this.deps.catalog.get(ref.productId !== undefined ? { id: ref.productId } : { sku: ref.sku });
  }

  /** The facts the price rules need, read now from the catalog and its price history. */
  facts(product: Product, market: string, dealPriceMinor: number): PriceFacts {
    const price = product.prices.find((p) => p.market === market);
    if (!price) {
      throw new HostError('deal.no_price_in_market', {
        sku: product.sku,
        market,
        markets: product.prices.map((p) => p.market).join(', ') || 'none',
      });
    }
    const now = this.deps.now();
    return {
      market,
      currency: price.currency,
      dealPriceMinor,
      // The price viewers see (VAT added to a net price in markets showing gross prices), as the history keeps it.
      regularPriceMinor: shownPrice(price, now).amountMinor,
      lowest30dMinor: this.deps.catalog.lowestPrice(product.id, market, now - omnibusWindowMs, now),
    };
  }

  /** A deal by id or by code (see DealStore.findByCode), with an error that says what to do. */
  find(ref: { dealId?: string; code?: string }): DealRecord {
    if (ref.dealId !== undefined) return this.store.get(ref.dealId);
    const deal = this.store.findByCode(ref.code!);
    if (!deal) throw new HostError('deal.code_not_found', { dealCode: ref.code ?? '' });
    return deal;
  }

  /** A code nobody has used yet: the SKU's first part and four characters, e.g. TEA-7K3Q. */
  private generateCode(sku: string): string {
    const prefix = (sku.toUpperCase().match(/[A-Z0-9]+/)?.[0] ?? 'DEAL').slice(0, 6);
    for (;;) {
      const code = `${prefix}-${Array.from({ length: 4 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('')}`;
      if (!this.store.codeUsed(code)) return code;
    }
  }

  create(input: MethodParsedInput<'deal.create'>): { deal: DealRecord; violations: PriceViolation[] } {
    const product = this.product(input);
    const market = input.market ?? this.deps.defaultMarket();
    const facts = this.facts(product, market, input.dealPriceMinor);
    const now = this.deps.now();
    if (input.startAt !== undefined && input.startAt < now - 1000) {
      throw new HostError('deal.start_in_past');
    }
    // Checked here as at start, with the same words: a deal that could never start is not created.
    const violations = checkDealPrice(facts);
    if (violations.length > 0 && !input.overrideReason) {
      throw new HostError('deal.refused_price', { reasons: priceRuleReasons(violations) }, { violations });
    }
    if (input.code !== undefined) {
      const taken = this.store.openWithCode(input.code);
      if (taken) {
        throw new HostError(
          'deal.code_taken',
          { dealCode: input.code, state: taken.state, sku: taken.sku },
          { field: 'code' },
        );
      }
    }
    const id = randomUUID();
    this.store.insert({
      id,
      code: input.code ?? this.generateCode(product.sku),
      productId: product.id,
      market,
      currency: facts.currency,
      dealPriceMinor: input.dealPriceMinor,
      regularPriceMinor: facts.regularPriceMinor,
      stockInitial: input.stock,
      stock: input.stock,
      perBuyerLimit: input.perBuyerLimit ?? null,
      durationS: input.durationS,
      leadInS: input.leadInS,
      startAt: input.startAt ?? null,
      state: 'scheduled',
      createdAt: now,
      countdownEndsAt: null,
      liveAt: null,
      endsAt: null,
      finishedAt: null,
      finishReason: null,
      unitsSold: 0,
      revenueMinor: 0,
      overrideReason: input.overrideReason ?? null,
    });
    const deal = this.store.get(id);
    this.deps.bus.publish('deal.created', {
      dealId: id,
      productId: product.id,
      market,
      dealPriceMinor: deal.dealPriceMinor,
      currency: deal.currency,
      stock: deal.stock,
    });
    this.changed(deal);
    return { deal, violations };
  }

  start(ref: { dealId?: string; code?: string }, overrideReason?: string): DealRecord {
    const deal = this.find(ref);
    const dealId = deal.id;
    if (deal.state !== 'scheduled') {
      throw new HostError('deal.cannot_start', { state: deal.state });
    }
    const product = this.product({ productId: deal.productId });
    const facts = this.facts(product, deal.market, deal.dealPriceMinor);
    const violations = checkDealPrice(facts);
    const reason = overrideReason ?? deal.overrideReason ?? undefined;
    if (violations.length > 0 && !reason) {
      throw new HostError('deal.refused_price_at_start', { reasons: priceRuleReasons(violations) }, { violations });
    }
    const now = this.deps.now();
    const liveAt = now + deal.leadInS * 1000;
    const endsAt = liveAt + deal.durationS * 1000;
    const started = this.deps.db.transaction(() => {
      for (const v of violations) {
        this.deps.bus.publish('deal.override', { dealId, productId: deal.productId, reason: reason!, rule: v.rule });
      }
      const patch = {
        regularPriceMinor: facts.regularPriceMinor,
        overrideReason: violations.length > 0 ? reason! : null,
        liveAt,
        endsAt,
      };
      if (deal.leadInS > 0) {
        const next = this.store.update(dealId, { ...patch, state: 'countdown', countdownEndsAt: liveAt });
        this.deps.bus.publish('deal.countdown', { dealId, productId: deal.productId, countdownEndsAt: liveAt, endsAt });
        return next;
      }
      return this.goLive(this.store.update(dealId, { ...patch, countdownEndsAt: null }));
    })();
    this.changed(started);
    return started;
  }

  end(dealId: string): DealRecord {
    const deal = this.store.get(dealId);
    if (deal.state !== 'live' && deal.state !== 'countdown') {
      throw new HostError('deal.cannot_end', { state: deal.state });
    }
    return this.finish(deal, 'ended', 'manual');
  }

  cancel(dealId: string, reason?: string): DealRecord {
    const deal = this.store.get(dealId);
    if (deal.state !== 'scheduled' && deal.state !== 'countdown' && deal.state !== 'live') {
      throw new HostError('deal.already_finished', { state: deal.state });
    }
    return this.finish(deal, 'cancelled', reason ?? 'cancelled');
  }

  adjustStock(dealId: string, change: { sold?: number; stock?: number }): DealRecord {
    const deal = this.store.get(dealId);
    if (deal.state === 'ended' || deal.state === 'sold-out' || deal.state === 'cancelled') {
      throw new HostError('deal.stock_final', { state: deal.state });
    }
    let patch: Partial<DealRecord>;
    if (change.sold !== undefined) {
      if (deal.state !== 'live') throw new HostError('deal.sell_not_live', { state: deal.state });
      if (change.sold > deal.stock) {
        throw new HostError('deal.sold_over_stock', { stock: deal.stock, sold: change.sold });
      }
      if (deal.perBuyerLimit !== null && change.sold > deal.perBuyerLimit) {
        throw new HostError('deal.sold_over_buyer_limit', { limit: deal.perBuyerLimit });
      }
      patch = {
        stock: deal.stock - change.sold,
        unitsSold: deal.unitsSold + change.sold,
        revenueMinor: deal.revenueMinor + change.sold * deal.dealPriceMinor,
      };
    } else {
      patch = { stock: change.stock!, stockInitial: Math.max(deal.stockInitial, change.stock!) };
    }
    const updated = this.deps.db.transaction(() => {
      const next = this.store.update(dealId, patch);
      this.deps.bus.publish('deal.stock.changed', { dealId, productId: deal.productId, stock: next.stock, unitsSold: next.unitsSold });
      if (next.stock === 0 && next.state === 'live') return this.finish(next, 'sold-out', 'sold_out', false);
      return next;
    })();
    this.changed(updated);
    return updated;
  }

  /**
   * A shop order's units for a deal (the sales half, through DealStockGateway): positive sells them
   * (stock down, capped at what is left; the last unit sells the deal out), negative gives them back (the
   * order was cancelled or refunded). Only a live deal moves: a finished one keeps its final figures, and
   * a sold-out deal is not reopened by a later cancellation (viewers were told it sold out). No per-buyer
   * check: the shop enforced its own limit at checkout, and an order is what happened. Answers the units
   * applied (0 when nothing moved), so the caller records exactly what to give back later.
   */
  orderUnits(dealId: string, units: number): number {
    const deal = this.store.get(dealId);
    if (deal.state !== 'live' || units === 0) return 0;
    const applied = units > 0 ? Math.min(units, deal.stock) : -Math.min(-units, deal.unitsSold);
    if (applied === 0) return 0;
    const updated = this.deps.db.transaction(() => {
      const next = this.store.update(dealId, {
        stock: deal.stock - applied,
        unitsSold: deal.unitsSold + applied,
        revenueMinor: deal.revenueMinor + applied * deal.dealPriceMinor,
      });
      this.deps.bus.publish('deal.stock.changed', { dealId, productId: deal.productId, stock: next.stock, unitsSold: next.unitsSold });
      if (next.stock === 0) return this.finish(next, 'sold-out', 'sold_out', false);
      return next;
    })();
    this.changed(updated);
    return applied;
  }

  /** Moves every deal whose deadline has passed, then arms the timer for the next deadline. */
  tick(lateReason: 'time' | 'while_closed' = 'time'): void {
    if (this.stopped) return;
    const now = this.deps.now();
    for (const deal of this.store.running()) {
      try {
        if (deal.state === 'scheduled' && deal.startAt !== null && deal.startAt <= now) {
          this.autoStart(deal);
        } else if (deal.state === 'countdown' && deal.endsAt !== null && deal.endsAt <= now) {
          this.finish(deal, 'ended', lateReason);
        } else if (deal.state === 'countdown' && deal.countdownEndsAt !== null && deal.countdownEndsAt <= now) {
          this.changed(this.deps.db.transaction(() => this.goLive(deal))());
        } else if (deal.state === 'live' && deal.endsAt !== null && deal.endsAt <= now) {
          this.finish(deal, 'ended', lateReason);
        }
      } catch (error) {
        this.deps.reportError('deal_timer', `Deal ${deal.id}: ${(error as Error).message}`);
      }
    }
    this.arm();
  }

  private autoStart(deal: DealRecord): void {
    try {
      this.start({ dealId: deal.id });
    } catch (error) {
      // A scheduled start that breaks a price rule stays scheduled, without its start time, and says why.
      this.store.update(deal.id, { startAt: null });
      this.deps.reportError('deal_not_started', `The deal for ${deal.sku} did not start at its scheduled time: ${(error as Error).message}`);
      this.changed(this.store.get(deal.id));
    }
  }

  private goLive(deal: DealRecord): DealRecord {
    const next = this.store.update(deal.id, { state: 'live', countdownEndsAt: null });
    this.deps.bus.publish('deal.started', {
      dealId: deal.id,
      productId: deal.productId,
      market: deal.market,
      dealPriceMinor: deal.dealPriceMinor,
      currency: deal.currency,
      stock: next.stock,
      endsAt: next.endsAt!,
    });
    return next;
  }

  private finish(deal: DealRecord, state: 'ended' | 'sold-out' | 'cancelled', reason: string, notify = true): DealRecord {
    const now = this.deps.now();
    const done = this.deps.db.transaction(() => {
      const next = this.store.update(deal.id, { state, finishedAt: now, finishReason: reason });
      const totals = { dealId: deal.id, productId: deal.productId, unitsSold: next.unitsSold, revenueMinor: next.revenueMinor, currency: deal.currency };
      if (state === 'ended') this.deps.bus.publish('deal.ended', { ...totals, reason: reason as 'time' | 'manual' | 'while_closed' | 'host_interrupted' });
      else if (state === 'sold-out') this.deps.bus.publish('deal.soldOut', totals);
      else this.deps.bus.publish('deal.cancelled', { ...totals, ...(reason !== 'cancelled' ? { reason } : {}) });
      return next;
    })();
    if (notify) this.changed(done);
    return done;
  }

  private changed(deal: DealRecord): void {
    this.deps.onChange(deal);
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next = Infinity;
    for (const deal of this.store.running()) {
      const deadline =
        deal.state === 'scheduled' ? deal.startAt : deal.state === 'countdown' ? deal.countdownEndsAt : deal.endsAt;
      if (deadline !== null && deadline < next) next = deadline;
    }
    if (next === Infinity) return;
    const delay = Math.min(maxTimerMs, Math.max(0, next - this.deps.now()));
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref?.();
  }
}
