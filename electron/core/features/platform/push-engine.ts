import type { Database, Statement } from 'better-sqlite3';
import type { DealRecord } from '../../../shared/contract/deals';
import type {
  AnnouncementMoment,
  AnnouncementTemplates,
  Connection,
  DealPlatform,
  PlatformPush,
} from '../../../shared/contract/platform';
import type { EventBus } from '../../bus';
import { pickLocalized } from '../../../shared/languages';
import { markets } from '../../../shared/markets';
import { shownPrice } from '../../../shared/price-display';
import { Outbox, type OutboxEntry } from '../../outbox/outbox';
import type { CatalogGateway, DealsGateway } from '../gateways';
import { PlatformError, type Announcement, type PlatformAdapter, type PromotionSpec, type RemotePromotion } from './adapters/adapter';
import { renderAnnouncement, type AnnouncementValues } from './announcement-templates';
import type { ConnectionRegistry } from './connection-registry';
import { DealPlatformsStore } from './deal-platforms-store';
import { checkTikTokFlashDeal, recentLowestWindowMs } from './flash-deal-rules';

/** Outbox target of one connection's pushes: sent one at a time, in order. */
export const platformTarget = (connectionId: string) => `platform:${connectionId}`;
const targetPrefix = 'platform:';

/** What an outbox row of a platform push holds: everything needed to send it again after a restart. */
type PushBody =
  | { action: 'promotion.create'; dealId: string; spec: PromotionSpec }
  | { action: 'promotion.end'; dealId: string; spec: PromotionSpec }
  | {
      action: 'announcement';
      dealId: string | null;
      announcement: Announcement;
      /** A deal's announcement: what its text is made of, drawn again with the code as it is when first sent. */
      values?: Omit<AnnouncementValues, 'code'>;
    };

/** Network failures that happen before a request leaves (no address, connection refused): nothing was sent. */
const neverReached = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/** How long a deal's first announcement waits for a discount code still being made (then goes without it). */
const codeWaitMs = 10_000;

/** The code viewers type at checkout: the deal's code and four characters of its id (unique per deal, for good). */
export function discountCodeFor(deal: Pick<DealRecord, 'id' | 'code'>): string {
  return `${deal.code}-${deal.id.replace(/[^0-9a-z]/gi, '').slice(0, 4).toUpperCase()}`;
}

/** A promotion title unique per deal and connection, at most 50 characters (TikTok's limit). */
export function promotionTitleFor(deal: Pick<DealRecord, 'id' | 'code'>): string {
  return `Broadcart ${deal.code} ${deal.id.replace(/[^0-9a-z]/gi, '').slice(0, 12)}`.slice(0, 50);
}

export interface PushEngineDeps {
  db: Database;
  bus: EventBus;
  registry: ConnectionRegistry;
  deals: DealsGateway;
  catalog: CatalogGateway;
  now(): number;
  templates(): AnnouncementTemplates;
  reportError(code: string, message: string): void;
  /** First retry delay and ceiling (ms); tests shorten them. */
  backoff?: { firstMs: number; maxMs: number };
}

interface Runner {
  timer: NodeJS.Timeout | null;
  inFlight: Promise<void> | null;
  /** A head row whose first attempt was counted in the transaction that wrote it (see claimFirstAttempt). */
  claimed: { seq: number; attempt: number } | null;
}

/**
 * Deals to platforms. A deal event on the bus (inside the deal's own transaction) becomes, for every
 * connection that sells the deal's product in its market, rows in the durable outbox (target
 * `platform:<connection id>`, stable keys such as `deal:<id>:create@<connection>`): the row exists
 * before anything is sent, and a duplicate event finds its key taken. Each connection sends its rows
 * one at a time, in order; a failure that may heal waits (backoff, Retry-After) and holds the rows
 * behind it, a refusal fails that row only, a revoked sign-in parks the connection as needs-auth.
 * A row attempted before but never answered (a crash, a cut connection) is first looked up on the
 * platform (findPromotion / findAnnouncement) so nothing is created twice.
 */
export class PushEngine {
  readonly outbox: Outbox;
  readonly dealPlatforms: DealPlatformsStore;
  private readonly runners = new Map<string, Runner>();
  private readonly lastMinuteTimers = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribers: (() => void)[] = [];
  private stopped = true;
  private kickAllScheduled = false;
  /** Rows queued outside a transaction, written together at the end of the turn (see enqueue). */
  private readonly unwritten: Parameters<Outbox['enqueue']>[0][] = [];
  private readonly keyTarget: Statement<[string]>;
  private readonly failedKeys: Statement;
  private readonly listRows: Statement;
  private readonly countOpen: Statement;
  private readonly dropTarget: Statement<[string]>;
  private readonly setBody: Statement<[string, number]>;
  /** A sent row's answer recorded, the row delivered and the next one taken: one transaction, made once (making one per push cost as much as its statements). */
  private readonly recordAndTakeNext: (record: () => void, seq: number) => { entry: OutboxEntry; attempt: number } | null;

  constructor(private readonly deps: PushEngineDeps) {
    this.outbox = new Outbox(deps.db);
    this.dealPlatforms = new DealPlatformsStore(deps.db);
    this.keyTarget = deps.db.prepare('SELECT target, status, body FROM outbox WHERE key = ?');
    this.failedKeys = deps.db.prepare(
      `SELECT key, target, body FROM outbox WHERE status = 'failed' AND substr(target, 1, 9) = 'platform:'
         AND (@target IS NULL OR target = @target) AND (@dealPrefix IS NULL OR substr(key, 1, length(@dealPrefix)) = @dealPrefix)
       ORDER BY seq`,
    );
    this.listRows = deps.db.prepare(
      `SELECT * FROM outbox WHERE substr(target, 1, 9) = 'platform:'
         AND (@target IS NULL OR target = @target) AND (@dealPrefix IS NULL OR substr(key, 1, length(@dealPrefix)) = @dealPrefix)
       ORDER BY seq DESC LIMIT @limit`,
    );
    this.countOpen = deps.db.prepare(
      `SELECT status, count(*) AS n FROM outbox WHERE substr(target, 1, 9) = 'platform:' AND status <> 'delivered'
         AND (@target IS NULL OR target = @target) AND (@dealPrefix IS NULL OR substr(key, 1, length(@dealPrefix)) = @dealPrefix)
       GROUP BY status`,
    );
    this.dropTarget = deps.db.prepare(`DELETE FROM outbox WHERE target = ? AND status <> 'delivered'`);
    this.setBody = deps.db.prepare('UPDATE outbox SET body = ? WHERE seq = ?');
    this.recordAndTakeNext = deps.db.transaction((record: () => void, seq: number) => {
      record();
      return this.outbox.markDeliveredAndTakeNext(seq, 200, this.deps.now(), 'sending');
    });
  }

  start(): void {
    this.stopped = false;
    const bus = this.deps.bus;
    this.unsubscribers.push(
      bus.on('deal.countdown', (e) => this.onDealGoing(e.payload.dealId, false)),
      bus.on('deal.started', (e) => this.onDealGoing(e.payload.dealId, true)),
      bus.on('deal.ended', (e) => this.onDealFinished(e.payload.dealId)),
      bus.on('deal.soldOut', (e) => this.onDealFinished(e.payload.dealId)),
      bus.on('deal.cancelled', (e) => this.onDealFinished(e.payload.dealId)),
      bus.on('product.pinned', (e) => this.onPinned(e.payload.productId, e.payload.market, e.at)),
      this.deps.registry.onChanged((id) => {
        // A removed connection's queued rows go with it; any other change may let its queue go on.
        if (this.deps.registry.get(id) === null) this.dropConnection(id);
        else this.kickSoon(id);
      }),
    );
    // Live deals get their "last minute" timer back; every connection with queued rows goes on.
    for (const deal of this.deps.deals.running()) if (deal.state === 'live') this.armLastMinute(deal);
    for (const connection of this.deps.registry.list()) this.kick(connection.id);
  }

  async stop(): Promise<void> {
    this.writeUnwritten();
    this.stopped = true;
    for (const off of this.unsubscribers.splice(0)) off();
    for (const timer of this.lastMinuteTimers.values()) clearTimeout(timer);
    this.lastMinuteTimers.clear();
    for (const runner of this.runners.values()) if (runner.timer) clearTimeout(runner.timer);
    await Promise.all([...this.runners.values()].map((r) => r.inFlight));
  }

  /** What a deal did on each connection (the deal outputs' `platforms`). */
  forDeal(dealId: string): DealPlatform[] {
    return this.dealPlatforms.forDeal(dealId);
  }

  // ---- deal events -> outbox rows (synchronous: inside the deal's transaction) ----

  /** A deal entered its countdown (`live` false) or went live: create its promotions, announce the start. */
  private onDealGoing(dealId: string, live: boolean): void {
    const deal = this.deps.deals.get(dealId);
    const now = this.deps.now();
    const connections = this.deps.registry.list().filter((c) => c.enabled && c.state !== 'off');
    for (const connection of connections) {
      if (isShop(connection)) this.queueCreate(deal, connection, live, now);
    }
    if (live) {
      for (const connection of connections) {
        if (isChat(connection) && sellsIn(connection, deal.market)) this.queueDealAnnouncement(deal, connection, 'dealStart', now);
      }
      this.armLastMinute(deal);
    }
    this.kickAllSoon();
  }

  private queueCreate(deal: DealRecord, connection: Connection, live: boolean, now: number): void {
    const existing = this.dealPlatforms.get(deal.id, connection.id);
    if (existing) {
      // Went live after its countdown: a promotion already made is live now.
      if (live && existing.state === 'created') this.dealPlatforms.set(deal.id, connection.id, connection.platform, 'live', now);
      return;
    }
    const skip = (message: string) => this.dealPlatforms.set(deal.id, connection.id, connection.platform, 'skipped', now, { message });
    if (!sellsIn(connection, deal.market)) {
      skip(`${connection.label} sells in ${connection.markets.join(', ')}, not in ${deal.market}.`);
      return;
    }
    const remote = this.deps.registry.remoteProduct(connection.id, deal.productId);
    if (!remote) {
      skip(`${deal.sku} is not linked to a product on ${connection.label}: link it in Settings > Platforms (match by SKU).`);
      return;
    }
    const spec = this.specFor(deal, remote.remoteProductId, remote.remoteSkuIds);
    if (connection.platform === 'tiktok-shop') {
      const lowest = this.deps.catalog.lowestPrice(deal.productId, deal.market, now - recentLowestWindowMs, now);
      const violations = checkTikTokFlashDeal({
        market: deal.market,
        currency: deal.currency,
        leadInS: deal.leadInS,
        durationS: deal.durationS,
        dealPriceMinor: deal.dealPriceMinor,
        regularPriceMinor: deal.regularPriceMinor,
        lowestRecentMinor: lowest,
      });
      if (violations.length > 0) {
        const message = violations.map((v) => v.message).join(' ');
        // The code names the broken rules, so a UI can say them in its own language.
        const errorCode = `flash_deal_rules:${violations.map((v) => v.rule).join(',')}`;
        this.dealPlatforms.set(deal.id, connection.id, connection.platform, 'failed', now, { message, errorCode });
        this.publishPushed(connection, `deal:${deal.id}:create@${connection.id}`, 'promotion.create', deal.id, 'failed', null, message, errorCode);
        return;
      }
    }
    this.dealPlatforms.set(deal.id, connection.id, connection.platform, 'pending', now, {
      code: connection.platform === 'shopify' ? spec.code : null,
    });
    this.enqueue(connection.id, `deal:${deal.id}:create@${connection.id}`, { action: 'promotion.create', dealId: deal.id, spec }, deal.productId, now);
  }

  private onDealFinished(dealId: string): void {
    this.writeUnwritten(); // its create row may still be waiting for a transaction
    const deal = this.deps.deals.get(dealId);
    const now = this.deps.now();
    this.clearLastMinute(dealId);
    for (const row of this.dealPlatforms.forDeal(dealId)) {
      const connection = this.deps.registry.get(row.connectionId);
      if (!connection) continue;
      if (isShop(connection) && (row.state === 'pending' || row.state === 'created' || row.state === 'live')) {
        const create = this.keyTarget.get(`deal:${dealId}:create@${connection.id}`) as { body: string } | undefined;
        if (!create) continue;
        const { spec } = JSON.parse(create.body) as { spec: PromotionSpec };
        this.enqueue(connection.id, `deal:${dealId}:end@${connection.id}`, { action: 'promotion.end', dealId, spec }, deal.productId, now);
      }
    }
    // Announced "ended" only where the start was announced (a deal cancelled before it went live was never news).
    for (const connection of this.deps.registry.list()) {
      if (!isChat(connection) || !connection.enabled) continue;
      if (!this.keyTarget.get(`deal:${dealId}:announce:dealStart@${connection.id}`)) continue;
      this.queueDealAnnouncement(deal, connection, 'dealEnd', now);
    }
    this.kickAllSoon();
  }

  private onPinned(productId: string, market: string, at: number): void {
    const now = this.deps.now();
    for (const connection of this.deps.registry.list()) {
      if (!connection.enabled || connection.state === 'off') continue;
      if (isShop(connection)) {
        const remote = this.deps.registry.remoteProduct(connection.id, productId);
        if (remote) {
          let name: Record<string, string> = {};
          try {
            name = this.deps.catalog.get({ id: productId }).name;
          } catch {
            // A product removed meanwhile: the reminder still names it by id.
          }
          this.deps.bus.publish('platform.pinReminder', {
            connectionId: connection.id,
            platform: connection.platform,
            connectionLabel: connection.label,
            productId,
            productName: name,
            remoteProductId: remote.remoteProductId,
          });
        }
      } else if (isChat(connection) && sellsIn(connection, market) && connection.announce.pin !== false) {
        let product;
        try {
          product = this.deps.catalog.get({ id: productId });
        } catch {
          continue;
        }
        const price = product.prices.find((p) => p.market === market);
        if (!price) continue;
        const text = renderAnnouncement(this.deps.templates(), 'pin', {
          product: productName(product.name, market),
          market,
          currency: price.currency,
          // What viewers pay: VAT added to a net price where the market shows gross prices, as on the card.
          priceMinor: shownPrice(price, now).amountMinor,
          code: null,
          minutesLeft: null,
        });
        const key = `pin:${productId}:${at}@${connection.id}`;
        this.enqueue(connection.id, key, { action: 'announcement', dealId: null, announcement: { key, moment: 'pin', text, dealId: null } }, productId, now);
      }
    }
    this.kickAllSoon();
  }

  private queueDealAnnouncement(deal: DealRecord, connection: Connection, moment: AnnouncementMoment, now: number): void {
    if (connection.announce[moment] === false) return;
    const product = this.deps.catalog.get({ id: deal.productId });
    const values = {
      product: productName(product.name, deal.market),
      market: deal.market,
      currency: deal.currency,
      priceMinor: deal.dealPriceMinor,
      minutesLeft: deal.endsAt === null ? null : Math.max(1, Math.ceil((deal.endsAt - now) / 60_000)),
    };
    const text = renderAnnouncement(this.deps.templates(), moment, { ...values, code: this.codeOf(deal.id).code });
    const key = `deal:${deal.id}:announce:${moment}@${connection.id}`;
    if (moment === 'dealStart' && !this.dealPlatforms.get(deal.id, connection.id)) {
      this.dealPlatforms.set(deal.id, connection.id, connection.platform, 'pending', now);
    }
    this.enqueue(connection.id, key, { action: 'announcement', dealId: deal.id, announcement: { key, moment, text, dealId: deal.id }, values }, deal.productId, now);
  }

  /**
   * The deal's discount code once a shop made it (Shopify), and whether one is still being made: an
   * announcement never names a code the shop refused.
   */
  private codeOf(dealId: string): { code: string | null; pending: boolean } {
    const rows = this.dealPlatforms.forDeal(dealId).filter((r) => r.platform === 'shopify' && r.code !== null);
    const made = rows.find((r) => r.state === 'created' || r.state === 'live');
    return { code: made?.code ?? null, pending: rows.some((r) => r.state === 'pending') };
  }

  private specFor(deal: DealRecord, remoteProductId: string, remoteSkuIds: readonly string[]): PromotionSpec {
    const beginAt = deal.liveAt ?? this.deps.now();
    return {
      dealId: deal.id,
      dealCode: deal.code,
      title: promotionTitleFor(deal),
      code: discountCodeFor(deal),
      remoteProductId,
      remoteSkuIds: [...remoteSkuIds],
      currency: deal.currency,
      dealPriceMinor: deal.dealPriceMinor,
      regularPriceMinor: deal.regularPriceMinor,
      minorDigits: minorDigitsOf(deal.currency),
      beginAt,
      endAt: deal.endsAt ?? beginAt + deal.durationS * 1000,
      quantityLimit: deal.stockInitial,
      perBuyerLimit: deal.perBuyerLimit,
    };
  }

  private armLastMinute(deal: DealRecord): void {
    if (this.stopped || deal.endsAt === null || deal.durationS <= 90 || this.lastMinuteTimers.has(deal.id)) return;
    const at = deal.endsAt - 60_000;
    const timer = setTimeout(() => {
      this.lastMinuteTimers.delete(deal.id);
      this.onLastMinute(deal.id);
    }, Math.max(0, at - this.deps.now()));
    timer.unref?.();
    this.lastMinuteTimers.set(deal.id, timer);
  }

  private clearLastMinute(dealId: string): void {
    const timer = this.lastMinuteTimers.get(dealId);
    if (timer) clearTimeout(timer);
    this.lastMinuteTimers.delete(dealId);
  }

  private onLastMinute(dealId: string): void {
    if (this.stopped) return;
    const deal = this.deps.deals.get(dealId);
    if (deal.state !== 'live') return;
    const now = this.deps.now();
    this.deps.db.transaction(() => {
      for (const connection of this.deps.registry.list()) {
        if (isChat(connection) && connection.enabled && sellsIn(connection, deal.market)) this.queueDealAnnouncement(deal, connection, 'dealLastMinute', now);
      }
    })();
    this.kickAllSoon();
  }

  /**
   * A row per push; a key already queued (the same event twice, a recovery replay) is left as it is.
   * Inside a transaction (a deal's, a pin's) the row is written in it, so it commits with what caused it.
   * Outside one, rows wait for the end of this turn of the loop and are written in one transaction:
   * a burst of pushes costs one commit, not one each. Either way the row is committed before its call
   * is sent (kick() writes what waits first).
   */
  private enqueue(connectionId: string, key: string, body: PushBody, productId: string | null, now: number): void {
    const row = { target: platformTarget(connectionId), key, event: body.action, productId, body: JSON.stringify(body), now };
    if (this.deps.db.inTransaction) {
      this.insertRow(row);
      if (body.action !== 'announcement') this.claimFirstAttempt(connectionId, key);
    } else this.unwritten.push(row);
    this.kickAllSoon();
  }

  /**
   * A promotion row that will be sent as soon as its transaction commits (its connection is idle and it
   * is the head): its first attempt is counted in that same transaction, which saves the send a commit
   * of its own. Should the host die before the call leaves, the row is looked up on the platform first
   * (findPromotion) like any row attempted without an answer: one lookup more, never a second promotion.
   * Announcements are not claimed this way: a chat that cannot be read back would call such a row
   * unconfirmed and never send it.
   */
  private claimFirstAttempt(connectionId: string, key: string): void {
    const runner = this.runnerOf(connectionId);
    if (this.stopped || runner.inFlight || runner.claimed) return;
    const connection = this.deps.registry.get(connectionId);
    if (!connection || !connection.enabled || connection.state === 'needs-auth' || connection.state === 'off') return;
    const head = this.outbox.head(platformTarget(connectionId));
    if (!head || head.key !== key || head.attempts !== 0 || head.nextAttemptAt > this.deps.now()) return;
    runner.claimed = { seq: head.seq, attempt: this.outbox.markAttempt(head.seq, 'sending') };
  }

  private runnerOf(connectionId: string): Runner {
    let runner = this.runners.get(connectionId);
    if (!runner) this.runners.set(connectionId, (runner = { timer: null, inFlight: null, claimed: null }));
    return runner;
  }

  /** Writes the rows waiting for a transaction (see enqueue), in the order they came. */
  private writeUnwritten(): void {
    if (this.unwritten.length === 0) return;
    const rows = this.unwritten.splice(0);
    this.deps.db.transaction(() => {
      for (const row of rows) this.insertRow(row);
    })();
  }

  private insertRow(row: Parameters<Outbox['enqueue']>[0]): void {
    try {
      this.outbox.enqueue(row);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    }
  }

  // ---- sending, one connection at a time ----

  /** After the current transaction: a row is sent only once what queued it is committed. */
  private kickSoon(connectionId: string): void {
    setImmediate(() => this.kick(connectionId));
  }

  /** Once per turn of the loop however many rows were queued in it (a burst of pins queues hundreds). */
  private kickAllSoon(): void {
    if (this.kickAllScheduled) return;
    this.kickAllScheduled = true;
    setImmediate(() => {
      this.kickAllScheduled = false;
      if (this.stopped) return;
      this.writeUnwritten();
      for (const connection of this.deps.registry.list()) this.kick(connection.id);
    });
  }

  /** Sends the connection's head row when it is due and the connection can send; else waits (timer or onChanged). */
  kick(connectionId: string): void {
    if (this.stopped) return;
    this.writeUnwritten();
    const runner = this.runnerOf(connectionId);
    if (runner.inFlight) return;
    // Counted by the transaction that wrote the row, if that committed (a rolled-back one left no such row).
    const claimed = runner.claimed;
    runner.claimed = null;
    if (runner.timer) clearTimeout(runner.timer);
    runner.timer = null;
    const connection = this.deps.registry.get(connectionId);
    // A connection that needs sign-in (or is off) keeps its rows; platform.changed brings it back here.
    if (!connection || !connection.enabled || connection.state === 'needs-auth' || connection.state === 'off') return;
    const head = this.outbox.head(platformTarget(connectionId));
    if (!head) return;
    const wait = head.nextAttemptAt - this.deps.now();
    if (wait > 0) {
      runner.timer = setTimeout(() => this.kick(connectionId), wait);
      runner.timer.unref?.();
      return;
    }
    const adapter = this.deps.registry.adapter(connectionId);
    if (!adapter) return;
    const current = runner;
    const counted = claimed && claimed.seq === head.seq && claimed.attempt === head.attempts ? claimed.attempt : null;
    current.inFlight = this.sendDue(connection, adapter, head, counted).finally(() => {
      current.inFlight = null;
      this.kick(connectionId);
    });
  }

  /**
   * Sends due rows back to back; stops at the first that must wait. One commit per row on this path: the
   * row's answer (its deal state, its logged event, delivered) and the next row's attempt, marked
   * 'sending' (a row still 'sending' after a restart was sent and maybe acted on: looked up first).
   */
  private async sendDue(connection: Connection, adapter: PlatformAdapter, head: OutboxEntry, counted: number | null): Promise<void> {
    let entry: OutboxEntry | null = head;
    let attempt = counted ?? this.outbox.markAttempt(entry.seq, 'sending');
    while (entry && !this.stopped) {
      const sent: OutboxEntry = entry;
      const answered = await this.sendOne(connection, adapter, sent, attempt);
      if (!answered) return;
      const next = this.recordAndTakeNext(answered.record, sent.seq);
      entry = next?.entry ?? null;
      attempt = next?.attempt ?? 0;
      if (!entry) return;
      const fresh = answered.connection;
      if (!fresh || fresh.state === 'needs-auth' || !fresh.enabled) {
        // Counted as an attempt that never left: give it back to the queue untouched.
        this.outbox.markRetry(entry.seq, this.deps.now(), null, 'waiting for the connection');
        return;
      }
    }
  }

  /**
   * One attempt at one row (already counted and marked 'sending' by the caller; `entry` still holds the
   * row's note from before). When it is done: what to record once the platform answered (the caller
   * records it in the transaction that marks the row delivered) and the connection as it is now. Null
   * when it was failed or put back for later (recorded here).
   */
  private async sendOne(
    connection: Connection,
    adapter: PlatformAdapter,
    entry: OutboxEntry,
    attempt: number,
  ): Promise<{ record: () => void; connection: Connection | null } | null> {
    const body = JSON.parse(entry.body) as PushBody;
    // Tried before without an answer we can trust (a crash mid-call, a cut connection, a 5xx): the
    // platform may have acted, so look before sending again. A refusal, a 429 or a refused connection
    // means it did not.
    const previous = entry.lastError;
    const maybeSent = attempt > 1 && (previous === null || /^(sending|network|unavailable)/.test(previous)) && !neverReached.test(previous ?? '');
    const now = () => this.deps.now();
    try {
      let remoteId: string | null = null;
      let recordState = () => {};
      if (body.action === 'promotion.create') {
        const deal = this.deps.deals.get(body.dealId);
        if (isFinished(deal) && !maybeSent) {
          // The deal finished before its promotion ever left (the platform was down, a retry came late):
          // there is nothing left to promote, and its end row finds nothing to end.
          const message = `The deal finished before ${connection.label} could be reached: nothing was created there.`;
          const record = () => {
            this.dealPlatforms.set(body.dealId, connection.id, connection.platform, 'skipped', now(), { message, errorCode: 'deal_finished' });
            this.publishPushed(connection, entry.key, body.action, body.dealId, 'failed', null, message, 'deal_finished');
          };
          return { record, connection: this.deps.registry.get(connection.id) };
        }
        if (!adapter.createPromotion) throw new PlatformError('misconfigured', `${connection.label} cannot create promotions.`);
        let remote: RemotePromotion | null = maybeSent && adapter.findPromotion ? await adapter.findPromotion(body.spec) : null;
        remote ??= await adapter.createPromotion(body.spec);
        remoteId = remote.remoteId;
        recordState = () => {
          const live = this.deps.deals.get(body.dealId).state === 'live';
          this.dealPlatforms.set(body.dealId, connection.id, connection.platform, live ? 'live' : 'created', now(), {
            remoteId: remote.remoteId,
            code: remote.code ?? null,
          });
        };
      } else if (body.action === 'promotion.end') {
        const row = this.dealPlatforms.get(body.dealId, connection.id);
        if (row?.remoteId && adapter.endPromotion) {
          await adapter.endPromotion({ remoteId: row.remoteId, code: row.code, status: null });
          remoteId = row.remoteId;
          recordState = () => this.dealPlatforms.set(body.dealId, connection.id, connection.platform, 'ended', now(), { message: null });
        }
      } else {
        if (body.values && body.dealId && !maybeSent) {
          // Not sent yet: drawn with the code as it is now (waiting a moment for one still being made).
          const { code, pending } = this.codeOf(body.dealId);
          if (pending && now() - entry.createdAt < codeWaitMs) {
            this.outbox.markRetry(entry.seq, now() + 250, null, 'waiting for the discount code');
            return null;
          }
          const text = renderAnnouncement(this.deps.templates(), body.announcement.moment, { ...body.values, code });
          if (text !== body.announcement.text) {
            body.announcement = { ...body.announcement, text };
            this.setBody.run(JSON.stringify(body), entry.seq);
          }
        }
        const posted = await this.announce(connection, adapter, entry, body.announcement, maybeSent);
        if (posted === undefined) return null;
        remoteId = posted;
        const announcement = body.announcement;
        recordState = () => this.afterAnnounced(connection, announcement, posted);
      }
      let fresh = this.deps.registry.get(connection.id);
      if (fresh?.state === 'error') {
        this.deps.registry.setState(connection.id, 'connected', null, '');
        fresh = this.deps.registry.get(connection.id);
      }
      const record = () => {
        recordState();
        this.publishPushed(connection, entry.key, body.action, body.dealId, 'ok', remoteId, null, null);
      };
      return { record, connection: fresh };
    } catch (error) {
      this.onFailure(connection, entry, body, attempt, error);
      return null;
    }
  }

  /**
   * Posts an announcement. Undefined when it was recorded as unconfirmed instead (sent once, answer
   * lost, and the platform cannot read its chat back: never sent twice).
   */
  private async announce(
    connection: Connection,
    adapter: PlatformAdapter,
    entry: OutboxEntry,
    announcement: Announcement,
    maybeSent: boolean,
  ): Promise<string | null | undefined> {
    if (!adapter.announce) throw new PlatformError('misconfigured', `${connection.label} cannot post in a chat.`);
    const limit = adapter.maxAnnouncementLength;
    if (limit !== undefined && announcement.text.length > limit) {
      throw new PlatformError('refused', `The announcement is ${announcement.text.length} characters; ${connection.label}'s chat takes at most ${limit}.`, {
        platformCode: 'text_too_long',
      });
    }
    if (maybeSent) {
      if (!adapter.findAnnouncement) {
        const message = 'Sent once without an answer; not sent again so the chat never sees it twice.';
        this.outbox.markFailed(entry.seq, null, `unconfirmed: ${message}`);
        this.publishPushed(connection, entry.key, 'announcement', announcement.dealId, 'failed', null, message, 'unconfirmed');
        return undefined;
      }
      const found = await adapter.findAnnouncement(announcement, entry.createdAt - 1000);
      if (found) return found.remoteId;
    }
    const posted = await adapter.announce(announcement);
    return posted.remoteId;
  }

  /** A deal's start or end announced: the deal panel shows it live or ended on that chat. */
  private afterAnnounced(connection: Connection, announcement: Announcement, remoteId: string | null): void {
    if (announcement.dealId && (announcement.moment === 'dealStart' || announcement.moment === 'dealEnd')) {
      const state = announcement.moment === 'dealStart' ? 'live' : 'ended';
      this.dealPlatforms.set(announcement.dealId, connection.id, connection.platform, state, this.deps.now(), { remoteId });
    }
  }

  private onFailure(connection: Connection, entry: OutboxEntry, body: PushBody, attempt: number, error: unknown): void {
    const e =
      error instanceof PlatformError ? error : new PlatformError('unavailable', (error as Error).message ?? String(error), { platformCode: null });
    const now = this.deps.now();
    const errorCode = e.platformCode ?? (e.httpStatus !== null ? `HTTP ${e.httpStatus}` : null);
    if (e.kind === 'auth') {
      // The connection waits for a new sign-in; its rows stay queued, other connections go on.
      this.outbox.markRetry(entry.seq, now, e.httpStatus, `auth: ${e.message}`);
      this.deps.registry.setState(connection.id, 'needs-auth', 'platform.needs_auth', e.message);
      this.publishPushed(connection, entry.key, body.action, body.dealId, 'retrying', null, e.message, errorCode);
      return;
    }
    if (e.kind === 'refused' || e.kind === 'misconfigured') {
      this.outbox.markFailed(entry.seq, e.httpStatus, `${e.kind}: ${e.message}`);
      if (body.dealId && body.action !== 'promotion.end') {
        this.dealPlatforms.set(body.dealId, connection.id, connection.platform, 'failed', now, { message: e.message, errorCode });
      } else if (body.dealId) {
        this.dealPlatforms.set(body.dealId, connection.id, connection.platform, 'failed', now, {
          message: `Not ended on ${connection.label}: ${e.message}`,
          errorCode,
        });
      }
      this.publishPushed(connection, entry.key, body.action, body.dealId, 'failed', null, e.message, errorCode);
      return;
    }
    const { firstMs, maxMs } = this.deps.backoff ?? { firstMs: 1000, maxMs: 60_000 };
    const backoff = Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);
    const delay = e.kind === 'throttled' && e.retryAfterMs !== null ? e.retryAfterMs : Math.max(backoff, e.retryAfterMs ?? 0);
    const detail = e.kind === 'network' && e.platformCode ? `${e.message} (${e.platformCode})` : e.message;
    this.outbox.markRetry(entry.seq, now + Math.round(delay), e.httpStatus, `${e.kind}: ${detail}`);
    if (e.kind !== 'throttled' && this.deps.registry.get(connection.id)?.state === 'connected') {
      this.deps.registry.setState(connection.id, 'error', 'platform.unreachable', `${connection.label} did not answer: ${e.message} Retrying.`);
    }
    this.publishPushed(connection, entry.key, body.action, body.dealId, 'retrying', null, e.message, errorCode);
  }

  private publishPushed(
    connection: Connection,
    key: string,
    action: string,
    dealId: string | null,
    outcome: 'ok' | 'failed' | 'retrying',
    remoteId: string | null,
    message: string | null,
    errorCode: string | null,
  ): void {
    this.deps.bus.publish('platform.pushed', { connectionId: connection.id, platform: connection.platform, key, action, dealId, outcome, remoteId, message, errorCode });
  }

  // ---- the contract's views ----

  pushes(filter: { connectionId?: string; dealId?: string; limit: number }): { pushes: PlatformPush[]; pending: number; failed: number } {
    this.writeUnwritten();
    const params = {
      target: filter.connectionId ? platformTarget(filter.connectionId) : null,
      dealPrefix: filter.dealId ? `deal:${filter.dealId}:` : null,
    };
    const rows = this.listRows.all({ ...params, limit: filter.limit }) as {
      seq: number;
      target: string;
      key: string;
      event: string;
      body: string;
      status: PlatformPush['status'];
      attempts: number;
      created_at: number;
      next_attempt_at: number;
      delivered_at: number | null;
      last_error: string | null;
    }[];
    const counts = this.countOpen.all(params) as { status: string; n: number }[];
    const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
    return {
      pushes: rows.map((r) => ({
        seq: r.seq,
        connectionId: r.target.slice(targetPrefix.length),
        key: r.key,
        action: r.event,
        dealId: (JSON.parse(r.body) as PushBody).dealId,
        status: r.status,
        attempts: r.attempts,
        createdAt: r.created_at,
        nextAttemptAt: r.next_attempt_at,
        deliveredAt: r.delivered_at,
        lastError: r.last_error,
      })),
      pending: count('pending'),
      failed: count('failed'),
    };
  }

  /** Failed rows back in their queue (keys unchanged): one by key, a deal's (on one connection), or all. */
  retry(filter: { key?: string; dealId?: string; connectionId?: string }): number {
    this.writeUnwritten();
    const now = this.deps.now();
    const rows = (
      filter.key !== undefined
        ? [this.keyTarget.get(filter.key) as { target: string; status: string; body: string } | undefined]
            .filter((r) => r?.status === 'failed')
            .map((r) => ({ key: filter.key!, target: r!.target, body: r!.body }))
        : (this.failedKeys.all({
            target: filter.connectionId ? platformTarget(filter.connectionId) : null,
            dealPrefix: filter.dealId ? `deal:${filter.dealId}:` : null,
          }) as { key: string; target: string; body: string }[])
    );
    let requeued = 0;
    this.deps.db.transaction(() => {
      for (const row of rows) {
        requeued += this.outbox.requeue(row.target, now, row.key);
        const body = JSON.parse(row.body) as PushBody;
        const connectionId = row.target.slice(targetPrefix.length);
        const connection = this.deps.registry.get(connectionId);
        if (body.dealId && connection && body.action !== 'announcement') {
          this.dealPlatforms.set(body.dealId, connectionId, connection.platform, 'pending', now, { message: null });
        }
      }
    })();
    this.kickAllSoon();
    return requeued;
  }

  /** A removed connection's queued rows go with it (what it did stays on the deals). */
  dropConnection(connectionId: string): void {
    this.writeUnwritten();
    this.dropTarget.run(platformTarget(connectionId));
  }
}

const minorDigitsByCurrency = new Map<string, number>();
/** Digits after the point in a currency (2 for USD, 0 for JPY); a number formatter is slow to build, so once per currency. */
function minorDigitsOf(currency: string): number {
  let digits = minorDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

function isShop(c: Connection): boolean {
  return c.capabilities.includes('promotion') || c.capabilities.includes('discountCode');
}

function isChat(c: Connection): boolean {
  return c.capabilities.includes('chatAnnouncement');
}

/** A connection without markets sells everywhere. */
function sellsIn(c: Connection, market: string): boolean {
  return c.markets.length === 0 || c.markets.includes(market);
}

function isFinished(deal: DealRecord): boolean {
  return deal.state === 'ended' || deal.state === 'sold-out' || deal.state === 'cancelled';
}

/** The product's name in the market's language (the card's choice). */
function productName(name: Record<string, string>, market: string): string {
  return pickLocalized(name, (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en-US').text;
}
