import type { AuthorizeStep, PlatformCapability } from '../../../../../shared/contract/platform';
import { platformDefaults } from '../../../../../shared/contract/platform';
import { currencyDigits } from '../../../../../shared/money';
import { NetworkError, type HttpResponse } from '../../platform-http';
import {
  PlatformError,
  type AdapterContext,
  type PlatformAdapter,
  type PromotionSpec,
  type RemoteOrder,
  type RemoteOrderLine,
  type RemoteOrderPage,
  type RemotePromotion,
  type RemoteSku,
  type StoredCredentials,
} from '../adapter';
import { errorFor, isInvalidTokenMessage, readEnvelope, tiktokCodes, type TikTokEnvelope } from './envelope';
import { tiktokSign } from './signing';

/**
 * What this adapter keeps in the connection's credentials (ctx.saveCredentials), besides what the user
 * gave (appKey, appSecret, authCode?, accessToken?, refreshToken?):
 * - accessTokenExpiresAt / refreshTokenExpiresAt: ms since epoch (TikTok answers absolute Unix seconds);
 * - shopCipher, shopId, shopName, shopRegion: the shop from GET /authorization/202309/shops;
 * - sellerName, openId: from the token answer.
 */
export const tiktokCredentialKeys = {
  accessTokenExpiresAt: 'accessTokenExpiresAt',
  refreshTokenExpiresAt: 'refreshTokenExpiresAt',
  shopCipher: 'shopCipher',
} as const;

const paths = {
  tokenGet: '/api/v2/token/get',
  tokenRefresh: '/api/v2/token/refresh',
  shops: '/authorization/202309/shops',
  // [U] 202309 search with the `seller_skus` body filter and `page_size` in the query: the official Node
  // SDK's Product202309SearchProductsRequestBody has sellerSkus; the partner docs also list a 202312 version.
  productSearch: '/product/202309/products/search',
  activities: '/promotion/202309/activities',
  activitiesSearch: '/promotion/202309/activities/search',
  activity: (id: string) => `/promotion/202309/activities/${encodeURIComponent(id)}`,
  activityProducts: (id: string) => `/promotion/202309/activities/${encodeURIComponent(id)}/products`,
  activityDeactivate: (id: string) => `/promotion/202309/activities/${encodeURIComponent(id)}/deactivate`,
  ordersSearch: '/order/202309/orders/search',
} as const;

/** [U] page_size maximum is not published: clients use 50-100. */
const ordersPageSize = 50;

interface TikTokOrder {
  id?: string;
  status?: string;
  create_time?: number;
  update_time?: number;
  payment?: { currency?: string; total_amount?: string };
  line_items?: { id?: string; product_id?: string; sku_id?: string; seller_sku?: string; sale_price?: string; currency?: string; display_status?: string }[];
}

/**
 * TikTok's order status in the studio's terms: UNPAID is open; CANCELLED is cancelled; every later
 * stage (ON_HOLD: paid, in the remorse window; AWAITING_SHIPMENT ... COMPLETED) is paid.
 */
function orderStatusOf(status: string | undefined): RemoteOrder['status'] {
  switch (status) {
    case 'UNPAID':
      return 'open';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'paid';
  }
}

/** "19.90" -> 1990 with 2 digits. */
function minorOf(amount: string | undefined, digits: number): number {
  const match = /^(\d*)(?:\.(\d*))?$/.exec((amount ?? '0').trim());
  if (!match) return 0;
  return Number(`${match[1] || '0'}${(match[2] ?? '').padEnd(digits, '0').slice(0, digits)}`);
}

/**
 * One TikTok order as the studio keeps it. TikTok has one line item per unit and no quantity: lines
 * are counted per SKU (one studio line per sku_id, quantity = its line items). A unit whose line item
 * says CANCELLED (cancelled or refunded after the order) counts as refunded.
 */
export function tiktokOrder(order: TikTokOrder, digitsOf: (currency: string) => number): RemoteOrder | null {
  if (!order.id || typeof order.create_time !== 'number') return null;
  const currency = (order.payment?.currency ?? order.line_items?.[0]?.currency ?? '').toUpperCase();
  const digits = digitsOf(currency);
  const bySku = new Map<string, RemoteOrderLine>();
  for (const item of order.line_items ?? []) {
    const key = String(item.sku_id ?? item.seller_sku ?? item.id ?? '');
    const line = bySku.get(key) ?? {
      lineId: `${order.id}:${key}`,
      remoteProductId: item.product_id ? String(item.product_id) : null,
      remoteSkuId: item.sku_id ? String(item.sku_id) : null,
      sellerSku: item.seller_sku ?? null,
      quantity: 0,
      refundedQuantity: 0,
      unitPriceMinor: minorOf(item.sale_price, digits),
    };
    line.quantity += 1;
    if (item.display_status === 'CANCELLED') line.refundedQuantity += 1;
    bySku.set(key, line);
  }
  return {
    orderId: String(order.id),
    placedAt: order.create_time * 1000,
    updatedAt: (order.update_time ?? order.create_time) * 1000,
    status: orderStatusOf(order.status),
    currency,
    minorDigits: digits,
    totalMinor: minorOf(order.payment?.total_amount, digits),
    lines: [...bySku.values()],
  };
}

/** Paths that never take a shop cipher (TikTok answers 36009004 when one is sent). */
const shopFreePrefixes = ['/authorization/', '/seller/'];

/** Statuses after which an activity is over: deactivating it again is done, not an error. */
const endedStatuses = new Set(['DEACTIVATED', 'EXPIRED']);

const maxTitleLength = 50;
const searchPageSize = 100;
/** [U] TikTok does not publish how many seller SKUs one search takes; smaller batches are safe. */
const skusPerSearch = 50;
const maxPages = 50;

interface TokenData {
  access_token?: string;
  access_token_expire_in?: number;
  refresh_token?: string;
  refresh_token_expire_in?: number;
  open_id?: string;
  seller_name?: string;
}

interface Shop {
  id: string;
  name: string;
  region: string;
  cipher: string;
}

interface ActivityDetail {
  activity_id?: string;
  title?: string;
  status?: string;
  products?: { id?: string }[];
}

interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/**
 * The decimal string TikTok wants for an amount given in minor units: 1290 with 2 digits -> "12.90",
 * 1500 with 0 digits -> "1500".
 */
export function decimalFromMinor(minor: number, minorDigits: number): string {
  if (!Number.isInteger(minor) || minor < 0) throw new Error(`amount ${minor} is not a whole number of minor units`);
  if (minorDigits === 0) return String(minor);
  const digits = String(minor).padStart(minorDigits + 1, '0');
  return `${digits.slice(0, -minorDigits)}.${digits.slice(-minorDigits)}`;
}

/** Unix seconds (TikTok) to ms; a small number is read as seconds from now, in case a sandbox answers a duration. */
function expiryMs(value: number | undefined, now: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  return value < 1_000_000_000 ? now + value * 1000 : value * 1000;
}

function readOrdersCursor(cursor: string | null): { from: number; page: string | null } | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as { from?: unknown; page?: unknown };
    if (typeof value.from !== 'number' || !Number.isFinite(value.from)) return null;
    return { from: value.from, page: typeof value.page === 'string' && value.page !== '' ? value.page : null };
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * TikTok Shop Partner API (202309+): signed calls with the seller's own app key and secret, the access
 * token in `x-tts-access-token`, the shop cipher on shop-scoped calls, flash sales as FLASHSALE activities.
 */
export class TikTokShopAdapter implements PlatformAdapter {
  readonly platform = 'tiktok-shop' as const;
  readonly capabilities: ReadonlySet<PlatformCapability> = new Set(platformDefaults['tiktok-shop'].capabilities);

  private refreshing: Promise<void> | null = null;
  private closed = false;
  /** Activities this adapter created, by title: a retried create after a lost answer goes straight to its products. */
  private readonly createdByTitle = new Map<string, string>();

  constructor(private readonly ctx: AdapterContext) {}

  async check(): Promise<{ account: string }> {
    const shop = await this.loadShop();
    return { account: shop.name };
  }

  async authorize(input: { authCode?: string }): Promise<AuthorizeStep> {
    const creds = this.ctx.credentials();
    const authCode = input.authCode ?? text(creds.authCode);
    if (authCode) {
      await this.exchangeAuthCode(authCode);
    } else if (!text(creds.accessToken)) {
      // The authorization page belongs to the seller's own app (Partner Center > the app > authorize):
      // the studio cannot build its address, so the user pastes the code it gives.
      return { kind: 'enterCode', url: null };
    }
    await this.loadShop();
    return { kind: 'done' };
  }

  tokenExpiresAt(): number | null {
    const value = this.ctx.credentials().accessTokenExpiresAt;
    return typeof value === 'number' ? value : null;
  }

  async refreshIfDue(withinMs: number): Promise<boolean> {
    const creds = this.ctx.credentials();
    if (!text(creds.refreshToken)) return false;
    const expiresAt = this.tokenExpiresAt();
    // A token pair pasted without its expiry is refreshed once to learn it.
    if (expiresAt !== null && expiresAt - this.ctx.now() > withinMs) return false;
    await this.refresh();
    return true;
  }

  async findBySku(skus: readonly string[]): Promise<RemoteSku[]> {
    const wanted = [...new Set(skus.filter((s) => s.trim() !== ''))];
    const found: RemoteSku[] = [];
    for (let i = 0; i < wanted.length; i += skusPerSearch) {
      const batch = wanted.slice(i, i + skusPerSearch);
      const inBatch = new Set(batch);
      let pageToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const data = (await this.call('POST', paths.productSearch, { query: { page_size: searchPageSize, page_token: pageToken }, body: { seller_skus: batch } })) as {
          products?: { id?: string; title?: string; skus?: { id?: string; seller_sku?: string }[] }[];
          next_page_token?: string;
        };
        for (const product of data.products ?? []) {
          for (const sku of product.skus ?? []) {
            if (sku.seller_sku && inBatch.has(sku.seller_sku) && product.id && sku.id) {
              found.push({ sellerSku: sku.seller_sku, remoteProductId: String(product.id), remoteSkuId: String(sku.id), title: product.title ?? '' });
            }
          }
        }
        pageToken = data.next_page_token || undefined;
        if (!pageToken) break;
      }
    }
    return found;
  }

  async createPromotion(spec: PromotionSpec): Promise<RemotePromotion> {
    this.checkSpec(spec);
    let activityId = this.createdByTitle.get(spec.title) ?? null;
    let justCreated = false;
    let status: string | null = null;
    if (!activityId) {
      try {
        const data = (await this.call('POST', paths.activities, { body: this.activityBody(spec) })) as { activity_id?: string; status?: string };
        activityId = text(data.activity_id);
        if (!activityId) throw new PlatformError('unavailable', 'TikTok Shop created the activity but did not say its id; it will be looked up by its title.');
        status = data.status ?? null;
        justCreated = true;
        this.createdByTitle.set(spec.title, activityId);
      } catch (error) {
        // A refused create may be our own earlier attempt whose answer was lost (titles are unique on
        // TikTok, and unique per deal and connection here): then that activity is the one to complete.
        if (!(error instanceof PlatformError) || error.kind !== 'refused') throw error;
        const earlier = await this.searchByTitle(spec.title);
        if (!earlier) throw error;
        activityId = earlier.id;
        status = earlier.status;
        this.createdByTitle.set(spec.title, activityId);
      }
    }
    const completed = justCreated ? await this.putProducts(activityId, spec) : await this.completeProducts(activityId, spec);
    return { remoteId: activityId, code: null, status: completed ?? status };
  }

  async findPromotion(spec: PromotionSpec): Promise<RemotePromotion | null> {
    const found = await this.searchByTitle(spec.title);
    if (!found) return null;
    this.createdByTitle.set(spec.title, found.id);
    // A create that half-happened (activity made, products never added) is completed here, not redone.
    const status = endedStatuses.has(found.status ?? '') ? found.status : ((await this.completeProducts(found.id, spec)) ?? found.status);
    return { remoteId: found.id, code: null, status };
  }

  async endPromotion(remote: RemotePromotion): Promise<void> {
    try {
      await this.call('POST', paths.activityDeactivate(remote.remoteId), { body: {} });
    } catch (error) {
      if (!(error instanceof PlatformError) || error.kind !== 'refused') throw error;
      // Already deactivated or expired: the deal is over on TikTok either way.
      const detail = await this.getActivity(remote.remoteId).catch(() => null);
      if (!detail || !endedStatuses.has(detail.status ?? '')) throw error;
    }
  }

  /**
   * Orders updated since the cursor (update_time ascending), one page of 50. The cursor is
   * `{from, page}`: the update_time_ge of the search (Unix s) and TikTok's page token within it; once a
   * search is read to its end ("" token), the next one starts from the last update seen (orders updated
   * in that second come again and are recognised as unchanged).
   */
  async ordersSince(cursor: string | null, since: number): Promise<RemoteOrderPage> {
    const position = readOrdersCursor(cursor) ?? { from: Math.floor(since / 1000), page: null };
    const data = (await this.call('POST', paths.ordersSearch, {
      query: { page_size: ordersPageSize, sort_field: 'update_time', sort_order: 'ASC', page_token: position.page ?? undefined },
      body: { update_time_ge: position.from },
    })) as { orders?: TikTokOrder[]; next_page_token?: string };
    const raw = data.orders ?? [];
    const orders = raw.flatMap((o) => tiktokOrder(o, (c) => currencyDigits(c) ?? 2) ?? []);
    if (data.next_page_token) return { orders, cursor: JSON.stringify({ from: position.from, page: data.next_page_token }), more: true };
    const last = Math.max(position.from, ...raw.map((o) => o.update_time ?? 0));
    return { orders, cursor: JSON.stringify({ from: last, page: null }), more: false };
  }

  close(): void {
    this.closed = true;
  }

  // ---- sign-in and tokens ----

  private async exchangeAuthCode(authCode: string): Promise<void> {
    const { appKey, appSecret } = this.appCredentials();
    const data = await this.tokenCall(paths.tokenGet, { app_key: appKey, app_secret: appSecret, auth_code: authCode, grant_type: 'authorized_code' });
    await this.keepTokens(data, { authCode: null });
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const creds = this.ctx.credentials();
    const refreshToken = text(creds.refreshToken);
    if (!refreshToken) throw new PlatformError('auth', 'TikTok Shop sign-in has expired and there is no refresh token. Sign in again with a new authorization code.');
    const refreshExpiresAt = typeof creds.refreshTokenExpiresAt === 'number' ? creds.refreshTokenExpiresAt : null;
    if (refreshExpiresAt !== null && refreshExpiresAt <= this.ctx.now()) {
      throw new PlatformError('auth', 'TikTok Shop sign-in has expired (the refresh token too). Sign in again with a new authorization code.');
    }
    const { appKey, appSecret } = this.appCredentials();
    const data = await this.tokenCall(paths.tokenRefresh, { app_key: appKey, app_secret: appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' });
    await this.keepTokens(data, {});
  }

  private async keepTokens(data: TokenData, extra: StoredCredentials): Promise<void> {
    const accessToken = text(data.access_token);
    if (!accessToken) throw new PlatformError('unavailable', 'TikTok Shop answered the token request without an access token; it will be tried again.');
    const now = this.ctx.now();
    const update: StoredCredentials = {
      ...extra,
      accessToken,
      accessTokenExpiresAt: expiryMs(data.access_token_expire_in, now),
    };
    const refreshToken = text(data.refresh_token);
    if (refreshToken) {
      update.refreshToken = refreshToken;
      update.refreshTokenExpiresAt = expiryMs(data.refresh_token_expire_in, now);
    }
    if (data.seller_name) update.sellerName = data.seller_name;
    if (data.open_id) update.openId = data.open_id;
    await this.ctx.saveCredentials(update);
  }

  /** The token endpoints: unsigned GETs under authBase, with the app secret in the query (as TikTok asks). */
  private async tokenCall(path: string, query: Record<string, string>): Promise<TokenData> {
    const url = `${this.ctx.config.authBase}${path}?${new URLSearchParams(query).toString()}`;
    const res = await this.send({ method: 'GET', url });
    const envelope = readEnvelope(res);
    if (envelope && envelope.code === tiktokCodes.ok) return (envelope.data ?? {}) as TokenData;
    const error = errorFor(res, envelope, this.ctx.now());
    // A refused refresh means the sign-in is over (revoked, expired): say so, not "bad authorization code".
    const signInOver = error.kind === 'refused' || (path === paths.tokenRefresh && error.kind === 'auth');
    if (signInOver) {
      const did = path === paths.tokenRefresh ? 'renew' : 'accept';
      throw new PlatformError('auth', `TikTok Shop did not ${did} the sign-in: ${envelope?.message ?? `HTTP ${res.status}`}. Sign in again with a new authorization code.`, {
        platformCode: error.platformCode,
        httpStatus: error.httpStatus,
      });
    }
    throw error;
  }

  private appCredentials(): { appKey: string; appSecret: string } {
    const creds = this.ctx.credentials();
    const appKey = text(creds.appKey);
    const appSecret = text(creds.appSecret);
    if (!appKey || !appSecret) throw new PlatformError('misconfigured', 'This TikTok Shop connection has no app key or app secret: enter those of your app from TikTok Shop Partner Center.');
    return { appKey, appSecret };
  }

  // ---- the shop ----

  /** Reads the authorized shops, picks this connection's (by market) and keeps its cipher and name. */
  private async loadShop(): Promise<Shop> {
    const data = (await this.call('GET', paths.shops)) as { shops?: { id?: string; name?: string; region?: string; cipher?: string }[] };
    const shops: Shop[] = (data.shops ?? [])
      .filter((s) => s.cipher)
      .map((s) => ({ id: String(s.id ?? ''), name: s.name ?? '', region: (s.region ?? '').toUpperCase(), cipher: String(s.cipher) }));
    if (shops.length === 0) throw new PlatformError('misconfigured', 'TikTok Shop says this authorization covers no shop: authorize the app from the seller account of the shop.');
    const markets = new Set(this.ctx.config.markets.map((m) => m.toUpperCase()));
    const shop = shops.find((s) => markets.has(s.region)) ?? shops[0]!;
    const creds = this.ctx.credentials();
    if (creds.shopCipher !== shop.cipher || creds.shopName !== shop.name) {
      await this.ctx.saveCredentials({ shopCipher: shop.cipher, shopId: shop.id, shopName: shop.name, shopRegion: shop.region });
    }
    return shop;
  }

  private async shopCipher(): Promise<string> {
    const saved = text(this.ctx.credentials().shopCipher);
    return saved ?? (await this.loadShop()).cipher;
  }

  // ---- promotions ----

  private checkSpec(spec: PromotionSpec): void {
    if (spec.title.length === 0 || spec.title.length > maxTitleLength) {
      throw new PlatformError('misconfigured', `A TikTok Shop activity title must be 1 to ${maxTitleLength} characters; "${spec.title}" has ${spec.title.length}.`);
    }
    if (spec.endAt <= spec.beginAt) throw new PlatformError('misconfigured', 'The deal ends before it begins: TikTok Shop needs an end time after the begin time.');
  }

  private activityBody(spec: PromotionSpec): Record<string, unknown> {
    return {
      title: spec.title,
      activity_type: 'FLASHSALE',
      // Whole seconds: never open before the lead-in ends, never run past the deal's end.
      begin_time: Math.ceil(spec.beginAt / 1000),
      end_time: Math.floor(spec.endAt / 1000),
      product_level: spec.remoteSkuIds.length > 0 ? 'VARIATION' : 'PRODUCT',
      participation_limit: [{ type: spec.perBuyerLimit === 1 ? 'BUYER_LIMIT_ONLY_ONE' : 'BUYER_NO_LIMIT' }],
    };
  }

  /** Adds the deal's product (or SKUs) at the deal price; answers the activity's status when TikTok says it. */
  private async putProducts(activityId: string, spec: PromotionSpec): Promise<string | null> {
    const price = decimalFromMinor(spec.dealPriceMinor, spec.minorDigits);
    const limits = { quantity_limit: spec.quantityLimit > 0 ? spec.quantityLimit : -1, quantity_per_user: spec.perBuyerLimit ?? -1 };
    const product: Record<string, unknown> = { id: spec.remoteProductId, activity_price_amount: price, ...limits };
    // [U] per-SKU limits: each SKU gets the deal's whole stock as its cap (TikTok has no shared cap across SKUs).
    if (spec.remoteSkuIds.length > 0) product.skus = spec.remoteSkuIds.map((id) => ({ id, activity_price_amount: price, ...limits }));
    const data = (await this.call('PUT', paths.activityProducts(activityId), { body: { activity_id: activityId, products: [product] } })) as { status?: string };
    return data.status ?? null;
  }

  /** Adds the products unless the activity already has the deal's product (an earlier attempt got that far). */
  private async completeProducts(activityId: string, spec: PromotionSpec): Promise<string | null> {
    const detail = await this.getActivity(activityId);
    if (endedStatuses.has(detail.status ?? '')) return detail.status ?? null;
    const has = (detail.products ?? []).some((p) => String(p.id) === spec.remoteProductId);
    if (has) return detail.status ?? null;
    return (await this.putProducts(activityId, spec)) ?? detail.status ?? null;
  }

  private async getActivity(activityId: string): Promise<ActivityDetail> {
    return (await this.call('GET', paths.activity(activityId))) as ActivityDetail;
  }

  private async searchByTitle(title: string): Promise<{ id: string; status: string | null } | null> {
    let pageToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const data = (await this.call('POST', paths.activitiesSearch, {
        body: { activity_title: title, page_size: searchPageSize, ...(pageToken ? { page_token: pageToken } : {}) },
      })) as { activities?: { id?: string; title?: string; status?: string }[]; next_page_token?: string };
      // The title filter is a keyword search: only the exact title is ours.
      const exact = (data.activities ?? []).find((a) => a.title === title && a.id);
      if (exact) return { id: String(exact.id), status: exact.status ?? null };
      pageToken = data.next_page_token || undefined;
      if (!pageToken) return null;
    }
    return null;
  }

  // ---- the signed call ----

  /**
   * One signed API call. An expired token (105002, or a 36009004 about the token) is refreshed and the
   * call sent once more; the envelope's data comes back, or a PlatformError.
   */
  private async call(method: 'GET' | 'POST' | 'PUT', path: string, options: CallOptions = {}, retried = false): Promise<unknown> {
    const expiresAt = this.tokenExpiresAt();
    if (!retried && expiresAt !== null && expiresAt <= this.ctx.now()) await this.refresh();
    const res = await this.signedRequest(method, path, options);
    const envelope = readEnvelope(res);
    if (envelope && envelope.code === tiktokCodes.ok) return envelope.data ?? {};
    if (!retried && envelope && this.tokenRejected(envelope)) {
      await this.refresh();
      return this.call(method, path, options, true);
    }
    throw errorFor(res, envelope, this.ctx.now());
  }

  private tokenRejected(envelope: TikTokEnvelope): boolean {
    return envelope.code === tiktokCodes.accessTokenExpired || (envelope.code === tiktokCodes.invalidRequest && isInvalidTokenMessage(envelope.message));
  }

  private async signedRequest(method: 'GET' | 'POST' | 'PUT', path: string, options: CallOptions): Promise<HttpResponse> {
    const { appKey, appSecret } = this.appCredentials();
    const accessToken = text(this.ctx.credentials().accessToken);
    if (!accessToken) throw new PlatformError('auth', 'This TikTok Shop connection is not signed in: paste the authorization code from your app\'s authorization page.');
    const query: Record<string, string> = { app_key: appKey, timestamp: String(Math.floor(this.ctx.now() / 1000)) };
    if (!shopFreePrefixes.some((p) => path.startsWith(p))) query.shop_cipher = await this.shopCipher();
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') query[k] = String(v);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    query.sign = tiktokSign(appSecret, path, query, body ?? '');
    const headers: Record<string, string> = { 'x-tts-access-token': accessToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.send({ method, url: `${this.ctx.config.apiBase}${path}?${new URLSearchParams(query).toString()}`, headers, body });
  }

  private async send(req: Parameters<AdapterContext['http']['request']>[0]): Promise<HttpResponse> {
    if (this.closed) throw new PlatformError('network', 'The TikTok Shop connection was closed.');
    try {
      return await this.ctx.http.request(req);
    } catch (error) {
      if (error instanceof NetworkError) throw new PlatformError('network', `TikTok Shop could not be reached: ${error.message}`, { platformCode: error.code });
      throw error;
    }
  }
}
