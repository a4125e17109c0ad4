import type { CatalogStore } from './catalog/catalog-store';
import type { DealRecord, PriceViolation } from '../../shared/contract/deals';
import type { ChatSource, IncomingChat, OrderStatus, ViewerCount } from '../../shared/contract/audience';
import type { DealPlatform, PlatformId } from '../../shared/contract/platform';
import type { PreflightFinding } from '../../shared/contract/compliance';

/**
 * What one feature offers another inside the host, declared once. features/index.ts hands each feature
 * the gateways it needs; a feature folder never imports another feature folder (lint enforces it).
 */

/**
 * The OBS feature's control connection: raw obs-websocket requests with the same timeouts, racing and
 * typed errors as the contract methods (the cards' OBS scene output draws with it).
 */
export interface ObsGateway {
  request<T = unknown>(requestType: string, requestData?: object): Promise<T>;
  isConnected(): boolean;
  /** Called each time the link to OBS is (re)established. Returns an unsubscribe function. */
  onConnected(listener: () => void): () => void;
}

/**
 * The catalog feature's products and price history, read by cards, deals and the platform feature (one
 * store, one connection): platforms list every product to match them by SKU on a shop.
 */
export type CatalogGateway = Pick<CatalogStore, 'get' | 'list' | 'count' | 'lowestPrice' | 'markets'>;

/** The cards feature's deals, read by the platform feature when a deal event arrives (same connection, same transaction). */
export interface DealsGateway {
  get(dealId: string): DealRecord;
  /** Deals whose clock still matters (scheduled with a start time, in countdown, live). */
  running(): DealRecord[];
}

/**
 * The cards feature's deal stock, moved by shop orders (the audience feature's sales half): a running
 * deal's stock goes down with its orders, so the stock left on stream is real and it sells out by itself.
 */
export interface DealStockGateway {
  /**
   * Positive units sell (capped at the stock left; the last one sells the deal out), negative give back
   * (a cancelled or refunded order). Only a live deal moves; answers the units applied (0 when none).
   * Synchronous, so it runs in the caller's transaction with the order it comes from.
   */
  orderUnits(dealId: string, units: number): number;
}

/**
 * The deal rules the cards and platform features enforce when a deal is made or started
 * (cards/price-rules.ts, platform/flash-deal-rules.ts), for the compliance check to report them on a
 * deal without stating them twice.
 */
export interface DealRulesGateway {
  dealPrice(facts: DealPriceFacts): PriceViolation[];
  percentOff(facts: DealPriceFacts): number;
  referencePrice(facts: DealPriceFacts): number;
  tiktokFlashDeal(facts: Omit<DealPriceFacts, 'lowest30dMinor'> & { leadInS: number; durationS: number; lowestRecentMinor: number | null }): { rule: 'countdown_10_300_s' | 'duration_1_20_min' | 'below_recent_lowest'; message: string }[];
}

export interface DealPriceFacts {
  market: string;
  currency: string;
  dealPriceMinor: number;
  regularPriceMinor: number;
  lowest30dMinor: number | null;
}

/** The platform feature's view of a deal: what it did on each connection (contract deal.platforms). */
export interface PlatformGateway {
  dealPlatforms(dealId: string): DealPlatform[];
}

/**
 * The audience feature's intake: what the platform feature's readers (chat, viewers, orders of each
 * connection) hand over. Each resolves once what it was given is stored, so the reader saves its cursor
 * after: a crash in between re-reads, and duplicates are dropped by id, never counted twice.
 */
export interface AudienceGateway {
  receiveChat(connectionId: string | null, messages: IncomingChat[]): Promise<{ accepted: number; duplicates: number }>;
  receiveViewers(reading: ViewerCount): void;
  receiveSourceState(source: ChatSource): void;
  /** Orders with each line matched to a catalog product through the connection's links (productId/sku null when not linked). */
  receiveOrders(connectionId: string, platform: PlatformId, orders: MatchedOrder[]): Promise<{ created: number; updated: number; unchanged: number }>;
}

export interface MatchedOrder {
  orderId: string;
  placedAt: number;
  updatedAt: number;
  status: OrderStatus;
  currency: string;
  minorDigits: number;
  totalMinor: number;
  lines: {
    lineId: string;
    productId: string | null;
    sku: string | null;
    remoteProductId: string | null;
    remoteSkuId: string | null;
    quantity: number;
    refundedQuantity: number;
    unitPriceMinor: number;
  }[];
}

/**
 * The session feature's log, as the audience feature needs it: which session is live (comments are
 * stored with it; its market picks the moderation terms), and viewer privacy in the log (retention of
 * comment texts, "forget a viewer"). See session/chat-log-privacy.ts.
 */
export interface SessionLogGateway {
  live(): { id: string; market: string } | null;
  /** Blanks the text of comments logged in [from, before); resolves with how many events changed. */
  blankChatTexts(from: number, before: number): Promise<number>;
  /** Deletes a viewer's comments (by authorKey) and the updates/pins of those messages; resolves with how many events went. */
  forgetChatAuthor(authorKey: string, messageIds: readonly string[]): Promise<number>;
  /**
   * The session's logged events of these kinds up to `until`, in log order (committed ones: the log
   * writer holds the last few milliseconds in memory). What attribution reads of what was on air.
   */
  loggedEvents(sessionId: string, kinds: readonly string[], until: number): LoggedEvent[];
  /** The session that ran at `at` (an interrupted one counts until it is resumed and ended), or null. */
  sessionAtTime(at: number): string | null;
  sessionExists(sessionId: string): boolean;
  /** The sessions whose log has this script loaded in the prompter, oldest first. */
  sessionsWithScript(scriptId: string): string[];
  /** A session's status and times, null for an unknown id. */
  sessionTimes(sessionId: string): SessionTimes | null;
}

/** One event of the session log, its payload parsed. */
export interface LoggedEvent {
  at: number;
  kind: string;
  payload: Record<string, unknown>;
}

export interface SessionTimes {
  status: string;
  startedAt: number;
  endedAt: number | null;
  lastEventAt: number | null;
}

/**
 * The compliance feature's checks of one card or deal (the pre-flight's, with where each finding is),
 * for the cards feature to run when a card is pinned or a deal started during a session.
 */
export interface ComplianceGateway {
  checkCard(productId: string, market: string): Promise<PreflightFinding[]>;
  checkDeal(deal: { id: string; code: string; productId: string; sku: string; market: string }): Promise<PreflightFinding[]>;
}

/**
 * The fleet's central PostgreSQL, read by the session review on a manager's host (`serve --central`):
 * parameterized queries over one pool, with the manager login (it reads every studio's rows).
 */
export interface CentralStoreGateway {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The connection as shown (no password). */
  readonly displayUrl: string;
}

/** The central store the review reads now (null: this PC's log), as Settings or `serve --central` set it. */
export interface CentralSourceGateway {
  current(): CentralStoreGateway | null;
}
