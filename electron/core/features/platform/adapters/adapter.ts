import type { ChatSourceState, IncomingChat, OrderStatus } from '../../../../shared/contract/audience';
import type { AnnouncementMoment, AuthorizeStep, PlatformCapability, PlatformId } from '../../../../shared/contract/platform';
import type { PlatformHttp } from '../platform-http';

/**
 * The joint between the platform feature and one platform (TikTok Shop, Shopify, YouTube, Twitch).
 *
 * The feature owns connections, credentials at rest, the durable outbox, ordering, retries and state;
 * an adapter owns one platform's wire format: URLs under its connection's apiBase/authBase, signing,
 * sign-in flows, token refresh, and turning the platform's answers into results or a PlatformError.
 * An adapter never stores anything itself: it keeps tokens through `ctx.saveCredentials`.
 *
 * To add a platform: implement this in adapters/<platform>/, register its factory in adapters/index.ts,
 * add its credentials schema and defaults to contract/platform.ts, and a fake server in
 * test/support/platforms/ that checks what the real endpoint checks.
 */
export interface PlatformAdapter {
  readonly platform: PlatformId;
  readonly capabilities: ReadonlySet<PlatformCapability>;

  /** A cheap authenticated call that proves the credentials and names the account (shop, channel). */
  check(): Promise<{ account: string }>;
  /**
   * Starts or completes the sign-in. TikTok Shop: exchanges `authCode` (or accepts the saved token pair);
   * YouTube: answers the consent page to open (PKCE, loopback redirect to `ctx.redirectUri()`), completed
   * by `completeRedirect`; Twitch: answers a device code, completed by `waitForDevice`.
   */
  authorize(input: { authCode?: string }): Promise<AuthorizeStep>;
  /** YouTube: the loopback redirect's query (code, state, or error) arrived at the host's server. */
  completeRedirect?(query: URLSearchParams): Promise<void>;
  /** Twitch: polls the token endpoint at the interval asked until the user entered the code (or it expired). */
  waitForDevice?(signal: AbortSignal): Promise<void>;
  /** When the access token expires (ms since epoch), null when the platform does not say. */
  tokenExpiresAt(): number | null;
  /** Refreshes the access token when it expires within `withinMs` (keeps the new pair). True when it did. */
  refreshIfDue(withinMs: number): Promise<boolean>;

  /** capability `products`: the shop's products and SKUs whose seller SKU is one of `skus`. */
  findBySku?(skus: readonly string[]): Promise<RemoteSku[]>;

  /** capabilities `promotion` / `discountCode`: creates the promotion (products, price, limits, times). */
  createPromotion?(spec: PromotionSpec): Promise<RemotePromotion>;
  /**
   * Finds a promotion already created for this spec (by its unique title or code): asked before sending
   * again a create whose answer never came (a crash or a cut connection between "sent" and "answered").
   */
  findPromotion?(spec: PromotionSpec): Promise<RemotePromotion | null>;
  /** Ends it early (deactivate); a promotion already ended or expired counts as done, not as an error. */
  endPromotion?(remote: RemotePromotion): Promise<void>;

  /** capability `chatAnnouncement`: posts one text in the live chat. */
  announce?(message: Announcement): Promise<{ remoteId: string | null }>;
  /**
   * Finds an announcement already posted (same text, by this account, after `sentAfter`), for the same
   * reason as findPromotion. Absent when the platform cannot read its chat back: then a send whose answer
   * never came is reported as unconfirmed, never sent twice.
   */
  findAnnouncement?(message: Announcement, sentAfter: number): Promise<{ remoteId: string | null } | null>;
  /** The longest text the chat accepts (YouTube 200, Twitch 500). */
  readonly maxAnnouncementLength?: number;
  /**
   * Platforms with a daily API quota (YouTube: 10,000 units, an insert costs 20): the units this connection's
   * calls used since the platform's day began, for the feature to show beside the limit.
   */
  quotaUsage?(): QuotaUsage;

  /**
   * capability `chat`: reads the live chat until `signal` aborts or the chat ends (then it resolves).
   * YouTube polls liveChatMessages.list at the pollingIntervalMillis it asks for; Twitch keeps an EventSub
   * WebSocket. Each batch goes to `deliver` with the cursor to resume from after it (YouTube's
   * nextPageToken); the adapter awaits `deliver` before reading on, so a cursor is saved only once what it
   * covers is stored. Throws a PlatformError when it cannot go on (auth, refused); network trouble and
   * throttling it rides out itself, telling `onState`.
   */
  readChat?(options: ChatReadOptions): Promise<void>;
  /** capability `viewers`: concurrent viewers of the active broadcast now; null when none is live. */
  viewers?(): Promise<number | null>;
  /**
   * capability `orders`: orders updated since `cursor` (null: since `since`), one page at a time, oldest
   * update first; `cursor` of the answer resumes after this page. Within the platform's cost budget.
   */
  ordersSince?(cursor: string | null, since: number): Promise<RemoteOrderPage>;

  /** Stops timers and aborts calls in flight. */
  close(): void;
}

export interface ChatReadOptions {
  /** Where the last run stopped (as delivered before), null the first time: then only new messages. */
  cursor: string | null;
  signal: AbortSignal;
  deliver(messages: IncomingChat[], cursor: string | null): Promise<void>;
  onState(state: ChatSourceState, details?: { message?: string; code?: string; retryAt?: number }): void;
}

/** An order as a shop answers it, before it is matched to catalog products. No buyer data. */
export interface RemoteOrder {
  orderId: string;
  placedAt: number;
  updatedAt: number;
  status: OrderStatus;
  currency: string;
  minorDigits: number;
  totalMinor: number;
  lines: RemoteOrderLine[];
}

export interface RemoteOrderLine {
  lineId: string;
  remoteProductId: string | null;
  remoteSkuId: string | null;
  sellerSku: string | null;
  quantity: number;
  refundedQuantity: number;
  unitPriceMinor: number;
}

export interface RemoteOrderPage {
  orders: RemoteOrder[];
  /** Resume after this page next time (store it once the orders are stored). */
  cursor: string | null;
  /** True when another page is ready now. */
  more: boolean;
}

export interface QuotaUsage {
  used: number;
  dailyLimit: number;
  /** The platform's quota day (YouTube: the date in Pacific time, when the quota resets), YYYY-MM-DD. */
  day: string;
}

/** A connection as its adapter sees it: bases resolved (defaults filled in), no credentials. */
export interface ConnectionConfig {
  id: string;
  platform: PlatformId;
  label: string;
  markets: readonly string[];
  apiBase: string;
  authBase: string;
}

/**
 * What a connection keeps in the secret store: what the user gave (contract/platform.ts credentials) plus
 * what the adapter learned (tokens, expiry times in ms, TikTok's shop cipher, Twitch's user id...).
 * One JSON object per connection, encrypted as a whole.
 */
export type StoredCredentials = Record<string, string | number | boolean | null | undefined>;

export interface AdapterContext {
  readonly config: ConnectionConfig;
  /** The connection's credentials as stored now (decrypted in memory). */
  credentials(): StoredCredentials;
  /** Keeps new credentials (merged over the stored ones); resolves once they are encrypted in the database. */
  saveCredentials(update: StoredCredentials): Promise<void>;
  readonly http: PlatformHttp;
  now(): number;
  /** The host's own loopback address for OAuth redirects (http://127.0.0.1:PORT/oauth/callback). */
  redirectUri(): string;
}

export type AdapterFactory = (ctx: AdapterContext) => PlatformAdapter;

/** A product/SKU on the shop with its seller SKU. */
export interface RemoteSku {
  sellerSku: string;
  remoteProductId: string;
  remoteSkuId: string;
  title: string;
}

/** One deal on one connection, everything an adapter needs to create its promotion. */
export interface PromotionSpec {
  dealId: string;
  /** The deal's short code (a script's [[deal:CODE]]). */
  dealCode: string;
  /**
   * Unique per deal and connection and at most 50 characters (TikTok's limit): how findPromotion
   * recognises what an earlier attempt created.
   */
  title: string;
  /** The discount code viewers type (Shopify): unique per deal, letters/digits/dashes. */
  code: string;
  remoteProductId: string;
  /** Empty: the whole product; else only these SKUs (TikTok product_level VARIATION). */
  remoteSkuIds: readonly string[];
  currency: string;
  /** Amounts in minor units of `currency`; `minorDigits` says how many digits that is (2 for EUR, 0 for JPY). */
  dealPriceMinor: number;
  regularPriceMinor: number;
  minorDigits: number;
  /** When viewers can buy at the deal price (after the lead-in countdown) and when it ends, ms since epoch. */
  beginAt: number;
  endAt: number;
  /** The deal's stock: total units at the deal price. */
  quantityLimit: number;
  /** Units one buyer may take at the deal price; null: no limit. */
  perBuyerLimit: number | null;
}

export interface RemotePromotion {
  /** TikTok activity id, Shopify discount node GID. */
  remoteId: string;
  /** Shopify: the code; null on platforms without codes. */
  code: string | null;
  /** The platform's own status word (ONGOING, ACTIVE...), when it says. */
  status: string | null;
}

export interface Announcement {
  /** Idempotency key of the push (stable across retries). */
  key: string;
  moment: AnnouncementMoment;
  text: string;
  dealId: string | null;
}

/**
 * How a platform call failed, in the terms the push engine acts on:
 * - network: nothing came back (refused, reset, timeout): retry with backoff;
 * - throttled: 429, TikTok 36009002, Shopify THROTTLED: retry after `retryAfterMs` (Retry-After, or the
 *   cost the bucket needs to refill);
 * - unavailable: 5xx or a platform's retryable internal error: retry with backoff;
 * - auth: the token is expired, revoked or invalid and a refresh did not help: the connection turns
 *   needs-auth, its pushes wait (other connections go on);
 * - refused: the platform said no for good (bad price, product not in the shop, missing scope, text too
 *   long): the push is failed with the platform's message and code, later pushes go on;
 * - misconfigured: the connection lacks something the studio can say (no active broadcast, no shop
 *   cipher, product not linked): failed like refused, with our own message.
 */
export type PlatformErrorKind = 'network' | 'throttled' | 'unavailable' | 'auth' | 'refused' | 'misconfigured';

export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  /** The platform's own code (TikTok `code`, Shopify userErrors/extensions code, YouTube reason, Twitch message). */
  readonly platformCode: string | null;
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    kind: PlatformErrorKind,
    message: string,
    details: { platformCode?: string | number | null; httpStatus?: number | null; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
    this.kind = kind;
    this.platformCode = details.platformCode === undefined || details.platformCode === null ? null : String(details.platformCode);
    this.httpStatus = details.httpStatus ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'throttled' || this.kind === 'unavailable';
  }
}

/** `Retry-After` in seconds or an HTTP date, as ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
