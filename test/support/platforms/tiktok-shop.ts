import { createHmac, randomBytes } from 'node:crypto';
import { FakePlatform, type FakeRequest, type FakeResponse } from './fake-platform';

/**
 * A fake TikTok Shop (Partner API 202309+ and its token endpoints, on one loopback server: use its base as
 * both apiBase and authBase). It checks what TikTok checks, as platform-apis.md describes it: app key,
 * timestamp window, signature recomputed with its own app secret, the `x-tts-access-token` header, the shop
 * cipher rules, token expiry (absolute times), scopes, a rate limit; and keeps shops, products and
 * promotion activities in memory so tests can assert on what the platform ended up with.
 *
 * Codes marked [U] are not published by TikTok: the adapter must not rely on them (it reads the state back).
 */

export interface FakeTikTokSku {
  id: string;
  sellerSku: string;
  /** Decimal string, e.g. "24.90". */
  price: string;
  currency: string;
  stock: number;
}

export interface FakeTikTokProduct {
  id: string;
  title: string;
  skus: FakeTikTokSku[];
}

export interface FakeTikTokShopInfo {
  id: string;
  name: string;
  region: string;
  cipher: string;
  seller_type?: 'LOCAL' | 'CROSS_BORDER';
  code?: string;
}

export interface FakeActivityProduct {
  id: string;
  activity_price_amount?: string;
  quantity_limit: number;
  quantity_per_user: number;
  skus?: { id: string; activity_price_amount?: string; quantity_limit: number; quantity_per_user: number }[];
}

export interface FakeActivity {
  id: string;
  title: string;
  activity_type: string;
  product_level: string;
  begin_time: number;
  end_time: number;
  participation_limit: unknown;
  create_time: number;
  update_time: number;
  deactivated: boolean;
  products: FakeActivityProduct[];
}

/** An order as TikTok keeps it: one line item per unit (no quantity field), buyer data only to prove it is never read back. */
export interface FakeTikTokOrder {
  id: string;
  status: string;
  create_time: number;
  update_time: number;
  currency: string;
  line_items: { id: string; product_id: string; sku_id: string; seller_sku: string; sale_price: string; display_status: string }[];
  /** What the real API also answers (the studio must not keep it). */
  buyer_email: string;
  recipient_address: { name: string; phone_number: string; full_address: string };
}

export interface FakeTikTokOptions {
  appKey?: string;
  appSecret?: string;
  shops?: FakeTikTokShopInfo[];
  products?: FakeTikTokProduct[];
  /** Access token lifetime, seconds (TikTok: about 7 days). */
  accessTtlS?: number;
  refreshTtlS?: number;
  /** The fake's clock (ms); tests move it to expire tokens. */
  now?: () => number;
}

export const fakeTikTokCodes = {
  ok: 0,
  accessTokenExpired: 105002,
  missingScope: 105005,
  badSignature: 106001,
  shopCipherMissing: 106013,
  badAuthCode: 36004004,
  tooManyRequests: 36009002,
  internal: 36009003,
  invalidRequest: 36009004,
  /** [U] a business rule refused the request (title taken, bad price, wrong status...). */
  promotionRule: 17000001,
  /** [U] a required parameter missing or malformed. */
  badParameter: 12052700,
} as const;

/** TikTok's signature, written out again here (not imported from the adapter) so the fake checks independently. */
export function fakeTikTokSign(secret: string, path: string, query: URLSearchParams, body: string): string {
  const params = [...query.entries()].filter(([k, v]) => k !== 'sign' && k !== 'access_token' && v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = `${secret}${path}${params.map(([k, v]) => k + v).join('')}${body}${secret}`;
  return createHmac('sha256', secret).update(base).digest('hex');
}

interface Token {
  value: string;
  expiresAtS: number;
  refreshToken: string;
}

const shopFreePrefixes = ['/authorization/', '/seller/'];

export class FakeTikTokShop {
  readonly server: FakePlatform;
  readonly appKey: string;
  readonly appSecret: string;
  readonly shops: FakeTikTokShopInfo[];
  readonly products: FakeTikTokProduct[];
  /** Every activity ever created, by id, with its products. */
  readonly activities = new Map<string, FakeActivity>();
  accessTtlS: number;
  refreshTtlS: number;
  now: () => number;

  private readonly authCodes = new Set<string>();
  private readonly accessTokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, { expiresAtS: number }>();
  private readonly withheldScopes: string[] = [];
  private rate: { max: number; windowMs: number; retryAfterS: number; windowStart: number; count: number } | null = null;
  private nextId = 7_300_000_000_000_000_000n;
  /** Orders by id; `placeOrder` adds one, `updateOrder` changes it (and its update_time). */
  readonly orders = new Map<string, FakeTikTokOrder>();
  private nextOrderId = 5_770_000_000_000_000_001n;

  constructor(options: FakeTikTokOptions = {}) {
    this.appKey = options.appKey ?? 'fake-app-key';
    this.appSecret = options.appSecret ?? 'fake-app-secret';
    this.shops = options.shops ?? [{ id: '7495000000000001', name: 'Broadcart Demo EU', region: 'DE', cipher: 'ROW_fake_cipher_de', seller_type: 'CROSS_BORDER', code: 'DEFAKE01' }];
    this.products = options.products ?? [];
    this.accessTtlS = options.accessTtlS ?? 7 * 24 * 3600;
    this.refreshTtlS = options.refreshTtlS ?? 365 * 24 * 3600;
    this.now = options.now ?? (() => Date.now());
    this.server = new FakePlatform('tiktok-shop', (req) => this.handle(req));
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get base(): string {
    return this.server.base;
  }

  /** The code the seller's authorization page would give: works once. */
  issueAuthCode(): string {
    const code = `code_${randomBytes(6).toString('hex')}`;
    this.authCodes.add(code);
    return code;
  }

  /** The seller revoked the app: every access and refresh token stops working. */
  revoke(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Every access token issued so far is now past its expiry (the client may not know yet). */
  expireAccessTokens(): void {
    const nowS = this.nowS();
    for (const t of this.accessTokens.values()) t.expiresAtS = nowS - 1;
  }

  /** Calls under this path prefix answer 105005 (the app lacks the scope). */
  withholdScope(pathPrefix: string): void {
    this.withheldScopes.push(pathPrefix);
  }

  /** At most `max` API calls per `windowMs`; beyond that 36009002 with HTTP 429 and `retry-after`. Null lifts it. */
  rateLimit(limit: { max: number; windowMs?: number; retryAfterS?: number } | null): void {
    this.rate = limit ? { max: limit.max, windowMs: limit.windowMs ?? 1000, retryAfterS: limit.retryAfterS ?? 1, windowStart: this.now(), count: 0 } : null;
  }

  /** The products of an activity (what buyers would see at the flash price). */
  productsOf(activityId: string): FakeActivityProduct[] {
    return this.activities.get(activityId)?.products ?? [];
  }

  activityList(): (FakeActivity & { status: string })[] {
    return [...this.activities.values()].map((a) => ({ ...a, status: this.statusOf(a) }));
  }

  /** API calls received (token endpoints included), optionally only those to `path` / a path prefix. */
  calls(path?: string | RegExp): FakeRequest[] {
    if (path === undefined) return this.server.received();
    return this.server.received((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }

  private statusOf(a: FakeActivity): string {
    if (a.deactivated) return 'DEACTIVATED';
    const nowS = this.nowS();
    if (nowS >= a.end_time) return 'EXPIRED';
    return nowS >= a.begin_time ? 'ONGOING' : 'NOT_START';
  }

  private newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  // ---- answers ----

  private ok(data: unknown): FakeResponse {
    return { status: 200, body: { code: 0, message: 'Success', request_id: this.requestId(), data } };
  }

  private fail(status: number, code: number, message: string, headers?: Record<string, string>): FakeResponse {
    return { status, headers, body: { code, message, request_id: this.requestId(), data: {} } };
  }

  private requestId(): string {
    return randomBytes(10).toString('hex').toUpperCase();
  }

  private async handle(req: FakeRequest): Promise<FakeResponse> {
    if (req.path.startsWith('/api/v2/token/')) return this.handleToken(req);
    const refused = this.checkRequest(req);
    if (refused) return refused;
    return this.route(req);
  }

  // ---- token endpoints ----

  private handleToken(req: FakeRequest): FakeResponse {
    const q = req.query;
    if (req.method !== 'GET') return this.fail(405, fakeTikTokCodes.badParameter, 'method not allowed');
    if (q.get('app_key') !== this.appKey || q.get('app_secret') !== this.appSecret) {
      return this.fail(200, fakeTikTokCodes.invalidRequest, 'Invalid credentials: app_key or app_secret is invalid');
    }
    if (req.path === '/api/v2/token/get') {
      if (q.get('grant_type') !== 'authorized_code') return this.fail(200, fakeTikTokCodes.badParameter, 'grant_type must be authorized_code');
      const code = q.get('auth_code') ?? '';
      if (!this.authCodes.delete(code)) return this.fail(200, fakeTikTokCodes.badAuthCode, 'auth_code is invalid or expired');
      return this.ok(this.issueTokens());
    }
    if (req.path === '/api/v2/token/refresh') {
      if (q.get('grant_type') !== 'refresh_token') return this.fail(200, fakeTikTokCodes.badParameter, 'grant_type must be refresh_token');
      const refresh = this.refreshTokens.get(q.get('refresh_token') ?? '');
      // [U] the code for an unknown or revoked refresh token.
      if (!refresh || refresh.expiresAtS <= this.nowS()) return this.fail(200, fakeTikTokCodes.badAuthCode, 'refresh_token is invalid or expired');
      this.refreshTokens.delete(q.get('refresh_token') ?? '');
      return this.ok(this.issueTokens());
    }
    return this.fail(404, fakeTikTokCodes.badParameter, `no such path ${req.path}`);
  }

  private issueTokens(): Record<string, unknown> {
    const nowS = this.nowS();
    const access = `TTP_${randomBytes(12).toString('hex')}`;
    const refresh = `TTR_${randomBytes(12).toString('hex')}`;
    const accessExp = nowS + this.accessTtlS;
    const refreshExp = nowS + this.refreshTtlS;
    this.accessTokens.set(access, { value: access, expiresAtS: accessExp, refreshToken: refresh });
    this.refreshTokens.set(refresh, { expiresAtS: refreshExp });
    // Both *_expire_in are absolute Unix times (seconds), not durations.
    return {
      access_token: access,
      access_token_expire_in: accessExp,
      refresh_token: refresh,
      refresh_token_expire_in: refreshExp,
      open_id: 'fake-open-id',
      seller_name: 'Broadcart Demo Seller',
      seller_base_region: this.shops[0]?.region ?? 'DE',
      user_type: 0,
      granted_scopes: ['seller.authorization.info', 'seller.product.basic', 'seller.promotion.info', 'seller.promotion.write'],
    };
  }

  // ---- what every API call must carry ----

  private checkRequest(req: FakeRequest): FakeResponse | null {
    const q = req.query;
    if (this.rate) {
      const now = this.now();
      if (now - this.rate.windowStart >= this.rate.windowMs) {
        this.rate.windowStart = now;
        this.rate.count = 0;
      }
      this.rate.count += 1;
      if (this.rate.count > this.rate.max) {
        return this.fail(429, fakeTikTokCodes.tooManyRequests, 'Too many requests, please retry later', { 'retry-after': String(this.rate.retryAfterS) });
      }
    }
    if (q.get('app_key') !== this.appKey) return this.fail(401, fakeTikTokCodes.invalidRequest, 'Invalid credentials: app_key is invalid');
    const timestamp = q.get('timestamp') ?? '';
    if (!/^\d{10}$/.test(timestamp)) return this.fail(401, fakeTikTokCodes.invalidRequest, 'Invalid timestamp: must be 10-digit Unix seconds');
    const age = this.nowS() - Number(timestamp);
    if (age > 300 || age < -30) return this.fail(401, fakeTikTokCodes.invalidRequest, 'Invalid timestamp: the request timestamp is expired or ahead of server time');
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/');
    const expected = fakeTikTokSign(this.appSecret, req.path, q, multipart ? '' : req.body);
    if (q.get('sign') !== expected) return this.fail(401, fakeTikTokCodes.badSignature, 'signature is invalid');
    const tokenValue = req.headers['x-tts-access-token'];
    if (typeof tokenValue !== 'string' || tokenValue === '') return this.fail(401, fakeTikTokCodes.invalidRequest, 'Invalid credentials: x-tts-access-token header is missing');
    const token = this.accessTokens.get(tokenValue);
    if (!token) return this.fail(401, fakeTikTokCodes.invalidRequest, 'Invalid credentials: access token is invalid');
    if (token.expiresAtS <= this.nowS()) return this.fail(401, fakeTikTokCodes.accessTokenExpired, 'Access token is expired, please refresh it');
    if (this.withheldScopes.some((p) => req.path.startsWith(p))) {
      return this.fail(403, fakeTikTokCodes.missingScope, 'Access denied: the app has not been granted the scope for this API');
    }
    const cipher = q.get('shop_cipher');
    const shopFree = shopFreePrefixes.some((p) => req.path.startsWith(p));
    if (shopFree && cipher) return this.fail(400, fakeTikTokCodes.invalidRequest, 'Invalid request: shop_cipher is not required for this API');
    if (!shopFree) {
      if (!cipher) return this.fail(400, fakeTikTokCodes.shopCipherMissing, 'shop_cipher is missing');
      if (!this.shops.some((s) => s.cipher === cipher)) return this.fail(400, fakeTikTokCodes.invalidRequest, 'Invalid shop_cipher');
    }
    return null;
  }

  private json(req: FakeRequest): Record<string, unknown> | null {
    if (req.body === '') return {};
    try {
      const parsed = JSON.parse(req.body) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  // ---- orders ----

  /** A buyer checks out `units` of each SKU (seller SKU or SKU id): one line item per unit, as TikTok answers. */
  placeOrder(items: { sku: string; units: number; price?: string }[], options: { status?: string; at?: number } = {}): FakeTikTokOrder {
    const at = Math.floor((options.at ?? this.now()) / 1000);
    const id = String(this.nextOrderId++);
    const lines: FakeTikTokOrder['line_items'] = [];
    let currency = 'EUR';
    for (const item of items) {
      const product = this.products.find((p) => p.skus.some((s) => s.sellerSku === item.sku || s.id === item.sku));
      const sku = product?.skus.find((s) => s.sellerSku === item.sku || s.id === item.sku);
      if (!product || !sku) throw new Error(`the fake shop has no SKU ${item.sku}`);
      currency = sku.currency;
      for (let i = 0; i < item.units; i++) {
        lines.push({ id: `${id}${lines.length + 1}`, product_id: product.id, sku_id: sku.id, seller_sku: sku.sellerSku, sale_price: item.price ?? sku.price, display_status: 'AWAITING_SHIPMENT' });
      }
    }
    const order: FakeTikTokOrder = {
      id,
      status: options.status ?? 'AWAITING_SHIPMENT',
      create_time: at,
      update_time: at,
      currency,
      line_items: lines,
      buyer_email: 'buyer-7731@scs.tiktokw.us',
      recipient_address: { name: 'Jana Novak', phone_number: '(+49)1701234567', full_address: 'Hauptstr. 1, 10115 Berlin' },
    };
    this.orders.set(id, order);
    return order;
  }

  /** The order changes (cancelled, shipped...): its update_time moves to now (or `at`). */
  updateOrder(id: string, change: { status?: string; cancelUnits?: number }, at?: number): FakeTikTokOrder {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    if (change.status) order.status = change.status;
    if (change.status === 'CANCELLED') for (const l of order.line_items) l.display_status = 'CANCELLED';
    for (let i = 0, n = change.cancelUnits ?? 0; i < order.line_items.length && n > 0; i++) {
      if (order.line_items[i]!.display_status !== 'CANCELLED') {
        order.line_items[i]!.display_status = 'CANCELLED';
        n--;
      }
    }
    order.update_time = Math.max(order.update_time + 1, Math.floor((at ?? this.now()) / 1000));
    return order;
  }

  /**
   * POST /order/202309/orders/search: page_size (1-100, required), sort_field create_time|update_time,
   * sort_order ASC|DESC, page_token; body filters update_time_ge/lt, create_time_ge/lt (Unix s),
   * order_status. Page tokens are opaque and only valid for the same filters.
   */
  private searchOrders(req: FakeRequest, body: Record<string, unknown>): FakeResponse {
    const pageSize = Number(req.query.get('page_size'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return this.fail(400, fakeTikTokCodes.badParameter, 'page_size is required and must be 1 to 100');
    const sortField = req.query.get('sort_field') ?? 'create_time';
    if (sortField !== 'create_time' && sortField !== 'update_time') return this.fail(400, fakeTikTokCodes.badParameter, 'sort_field must be create_time or update_time');
    const sortOrder = req.query.get('sort_order') ?? 'DESC';
    if (sortOrder !== 'ASC' && sortOrder !== 'DESC') return this.fail(400, fakeTikTokCodes.badParameter, 'sort_order must be ASC or DESC');
    for (const key of Object.keys(body)) {
      if (!['update_time_ge', 'update_time_lt', 'create_time_ge', 'create_time_lt', 'order_status', 'buyer_user_id', 'is_buyer_request_cancel', 'warehouse_ids', 'shipping_type'].includes(key)) {
        return this.fail(400, fakeTikTokCodes.badParameter, `unknown filter ${key}`);
      }
    }
    const num = (k: string) => (typeof body[k] === 'number' ? (body[k] as number) : null);
    const filters = JSON.stringify({ body, sortField, sortOrder });
    const matching = [...this.orders.values()]
      .filter((o) => {
        if (num('update_time_ge') !== null && o.update_time < num('update_time_ge')!) return false;
        if (num('update_time_lt') !== null && o.update_time >= num('update_time_lt')!) return false;
        if (num('create_time_ge') !== null && o.create_time < num('create_time_ge')!) return false;
        if (num('create_time_lt') !== null && o.create_time >= num('create_time_lt')!) return false;
        if (typeof body.order_status === 'string' && o.status !== body.order_status) return false;
        return true;
      })
      .sort((a, b) => (a[sortField] - b[sortField] || (a.id < b.id ? -1 : 1)) * (sortOrder === 'ASC' ? 1 : -1));
    let offset = 0;
    const token = req.query.get('page_token');
    if (token) {
      const decoded = this.pageTokens.get(token);
      if (!decoded || decoded.filters !== filters) return this.fail(400, fakeTikTokCodes.badParameter, 'page_token is invalid or expired');
      offset = decoded.offset;
    }
    const page = matching.slice(offset, offset + pageSize);
    let next = '';
    if (offset + pageSize < matching.length) {
      next = randomBytes(12).toString('base64url');
      this.pageTokens.set(next, { filters, offset: offset + pageSize });
    }
    return this.ok({
      next_page_token: next,
      total_count: matching.length,
      orders: page.map((o) => ({
        id: o.id,
        status: o.status,
        create_time: o.create_time,
        update_time: o.update_time,
        paid_time: o.status === 'UNPAID' ? undefined : o.create_time,
        buyer_email: o.buyer_email,
        recipient_address: o.recipient_address,
        payment: {
          currency: o.currency,
          sub_total: sumPrices(o.line_items.filter((l) => l.display_status !== 'CANCELLED').map((l) => l.sale_price)),
          total_amount: sumPrices(o.line_items.filter((l) => l.display_status !== 'CANCELLED').map((l) => l.sale_price)),
          shipping_fee: '0.00',
        },
        line_items: o.line_items.map((l) => ({ ...l, product_name: this.products.find((p) => p.id === l.product_id)?.title ?? '', sku_name: '', original_price: l.sale_price, currency: o.currency })),
      })),
    });
  }

  private readonly pageTokens = new Map<string, { filters: string; offset: number }>();

  private route(req: FakeRequest): FakeResponse {
    const body = this.json(req);
    if (body === null) return this.fail(400, fakeTikTokCodes.badParameter, 'request body is not valid JSON');
    const p = req.path;
    if (req.method === 'GET' && p === '/authorization/202309/shops') return this.ok({ shops: this.shops });
    if (req.method === 'POST' && p === '/product/202309/products/search') return this.searchProducts(req, body);
    if (req.method === 'POST' && p === '/promotion/202309/activities') return this.createActivity(body);
    if (req.method === 'POST' && p === '/order/202309/orders/search') return this.searchOrders(req, body);
    if (req.method === 'POST' && p === '/promotion/202309/activities/search') return this.searchActivities(body);
    const match = /^\/promotion\/202309\/activities\/([^/]+)(\/products|\/deactivate)?$/.exec(p);
    if (match) {
      const activity = this.activities.get(decodeURIComponent(match[1]!));
      if (!activity) return this.fail(400, fakeTikTokCodes.promotionRule, 'activity not found');
      if (req.method === 'GET' && !match[2]) return this.ok(this.activityDetail(activity));
      if (req.method === 'PUT' && match[2] === '/products') return this.putProducts(activity, body);
      if (req.method === 'POST' && match[2] === '/deactivate') return this.deactivate(activity);
    }
    return this.fail(404, fakeTikTokCodes.badParameter, `no such API: ${req.method} ${p}`);
  }

  // ---- products ----

  private searchProducts(req: FakeRequest, body: Record<string, unknown>): FakeResponse {
    const pageSize = Number(req.query.get('page_size'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return this.fail(400, fakeTikTokCodes.badParameter, 'page_size is required and must be 1 to 100');
    const skus = Array.isArray(body.seller_skus) ? new Set(body.seller_skus.map(String)) : null;
    const matching = this.products.filter((p) => !skus || p.skus.some((s) => skus.has(s.sellerSku)));
    const offset = Number(req.query.get('page_token') || 0);
    const page = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? String(offset + pageSize) : '';
    return this.ok({
      total_count: matching.length,
      next_page_token: next,
      products: page.map((p) => ({
        id: p.id,
        title: p.title,
        status: 'ACTIVATE',
        skus: p.skus.map((s) => ({
          id: s.id,
          seller_sku: s.sellerSku,
          price: { currency: s.currency, sale_price: s.price, tax_exclusive_price: s.price },
          inventory: [{ warehouse_id: 'WH1', quantity: s.stock }],
        })),
      })),
    });
  }

  // ---- promotion activities ----

  private createActivity(body: Record<string, unknown>): FakeResponse {
    const title = typeof body.title === 'string' ? body.title : '';
    if (title === '' || title.length > 50) return this.fail(400, fakeTikTokCodes.badParameter, 'title is required and must be at most 50 characters');
    if (![...this.activities.values()].every((a) => a.title !== title)) return this.fail(400, fakeTikTokCodes.promotionRule, 'activity title already exists');
    if (!['FIXED_PRICE', 'DIRECT_DISCOUNT', 'FLASHSALE'].includes(String(body.activity_type))) return this.fail(400, fakeTikTokCodes.badParameter, 'activity_type is invalid');
    if (!['PRODUCT', 'VARIATION'].includes(String(body.product_level))) return this.fail(400, fakeTikTokCodes.badParameter, 'product_level is invalid');
    const begin = Number(body.begin_time);
    const end = Number(body.end_time);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || String(begin).length !== 10) return this.fail(400, fakeTikTokCodes.badParameter, 'begin_time and end_time must be Unix seconds');
    if (begin <= this.nowS()) return this.fail(400, fakeTikTokCodes.promotionRule, 'begin_time must be later than the current time');
    if (end <= begin) return this.fail(400, fakeTikTokCodes.promotionRule, 'end_time must be later than begin_time');
    const nowS = this.nowS();
    const activity: FakeActivity = {
      id: this.newId(),
      title,
      activity_type: String(body.activity_type),
      product_level: String(body.product_level),
      begin_time: begin,
      end_time: end,
      participation_limit: body.participation_limit ?? null,
      create_time: nowS,
      update_time: nowS,
      deactivated: false,
      products: [],
    };
    this.activities.set(activity.id, activity);
    return this.ok({ activity_id: activity.id, status: this.statusOf(activity), create_time: nowS, update_time: nowS });
  }

  private putProducts(activity: FakeActivity, body: Record<string, unknown>): FakeResponse {
    const status = this.statusOf(activity);
    if (status === 'DEACTIVATED' || status === 'EXPIRED') return this.fail(400, fakeTikTokCodes.promotionRule, `activity is ${status}: products cannot be changed`);
    if (body.activity_id !== undefined && String(body.activity_id) !== activity.id) return this.fail(400, fakeTikTokCodes.badParameter, 'activity_id does not match the path');
    const items = Array.isArray(body.products) ? (body.products as Record<string, unknown>[]) : [];
    if (items.length === 0 || items.length > 300) return this.fail(400, fakeTikTokCodes.badParameter, 'products must hold 1 to 300 items');
    const accepted: FakeActivityProduct[] = [];
    for (const item of items) {
      const product = this.products.find((p) => p.id === String(item.id));
      if (!product) return this.fail(400, fakeTikTokCodes.promotionRule, `product ${String(item.id)} is not in this shop`);
      const skuItems = Array.isArray(item.skus) ? (item.skus as Record<string, unknown>[]) : [];
      if (activity.product_level === 'PRODUCT' && skuItems.length > 0) return this.fail(400, fakeTikTokCodes.badParameter, 'skus must be empty when product_level is PRODUCT');
      if (activity.product_level === 'VARIATION' && skuItems.length === 0) return this.fail(400, fakeTikTokCodes.badParameter, 'skus are required when product_level is VARIATION');
      const stock = product.skus.reduce((n, s) => n + s.stock, 0);
      const lowestPrice = Math.min(...product.skus.map((s) => Number(s.price)));
      const refused = this.checkLine(item, stock, activity.activity_type === 'DIRECT_DISCOUNT' ? null : lowestPrice, product.id);
      if (refused) return refused;
      const skus: NonNullable<FakeActivityProduct['skus']> = [];
      for (const skuItem of skuItems) {
        const sku = product.skus.find((s) => s.id === String(skuItem.id));
        if (!sku) return this.fail(400, fakeTikTokCodes.promotionRule, `SKU ${String(skuItem.id)} is not in product ${product.id}`);
        const skuRefused = this.checkLine(skuItem, sku.stock, activity.activity_type === 'DIRECT_DISCOUNT' ? null : Number(sku.price), sku.id);
        if (skuRefused) return skuRefused;
        skus.push({
          id: sku.id,
          activity_price_amount: skuItem.activity_price_amount as string | undefined,
          quantity_limit: Number(skuItem.quantity_limit),
          quantity_per_user: Number(skuItem.quantity_per_user),
        });
      }
      accepted.push({
        id: product.id,
        activity_price_amount: item.activity_price_amount as string | undefined,
        quantity_limit: Number(item.quantity_limit),
        quantity_per_user: Number(item.quantity_per_user),
        ...(skus.length > 0 ? { skus } : {}),
      });
    }
    // Update semantics: a product sent again replaces its earlier line.
    for (const line of accepted) {
      activity.products = activity.products.filter((p) => p.id !== line.id);
      activity.products.push(line);
    }
    activity.update_time = this.nowS();
    return this.ok({ activity_id: activity.id, title: activity.title, status: this.statusOf(activity), update_time: activity.update_time, total_count: accepted.length });
  }

  /** One product or SKU line: price a decimal string below the regular price, limits -1 or 1..stock. */
  private checkLine(item: Record<string, unknown>, stock: number, regularPrice: number | null, what: string): FakeResponse | null {
    if (regularPrice !== null) {
      const price = item.activity_price_amount;
      if (typeof price !== 'string' || !/^\d+(\.\d+)?$/.test(price)) return this.fail(400, fakeTikTokCodes.badParameter, `activity_price_amount of ${what} must be a decimal string`);
      if (Number(price) <= 0 || Number(price) >= regularPrice) return this.fail(400, fakeTikTokCodes.promotionRule, `activity price of ${what} must be above 0 and below the current price ${regularPrice}`);
    }
    const limit = item.quantity_limit;
    if (!Number.isInteger(limit) || (limit !== -1 && ((limit as number) < 1 || (limit as number) > stock))) {
      return this.fail(400, fakeTikTokCodes.promotionRule, `quantity_limit of ${what} must be -1 or 1 to the current stock ${stock}`);
    }
    const perUser = item.quantity_per_user;
    if (!Number.isInteger(perUser) || (perUser !== -1 && (perUser as number) < 1)) return this.fail(400, fakeTikTokCodes.badParameter, `quantity_per_user of ${what} must be -1 or at least 1`);
    return null;
  }

  private activityDetail(a: FakeActivity): Record<string, unknown> {
    const currency = (id: string) => this.products.find((p) => p.id === id)?.skus[0]?.currency ?? 'USD';
    return {
      activity_id: a.id,
      title: a.title,
      activity_type: a.activity_type,
      product_level: a.product_level,
      begin_time: a.begin_time,
      end_time: a.end_time,
      status: this.statusOf(a),
      create_time: a.create_time,
      update_time: a.update_time,
      products: a.products.map((p) => ({
        id: p.id,
        activity_price: p.activity_price_amount === undefined ? undefined : { amount: p.activity_price_amount, currency: currency(p.id) },
        quantity_limit: p.quantity_limit,
        quantity_per_user: p.quantity_per_user,
        skus: (p.skus ?? []).map((s) => ({
          id: s.id,
          activity_price: s.activity_price_amount === undefined ? undefined : { amount: s.activity_price_amount, currency: currency(p.id) },
          quantity_limit: s.quantity_limit,
          quantity_per_user: s.quantity_per_user,
        })),
      })),
    };
  }

  private searchActivities(body: Record<string, unknown>): FakeResponse {
    const pageSize = body.page_size === undefined ? 50 : Number(body.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return this.fail(400, fakeTikTokCodes.badParameter, 'page_size must be 1 to 100');
    const keyword = typeof body.activity_title === 'string' ? body.activity_title : '';
    const all = this.activityList().filter(
      (a) => (keyword === '' || a.title.includes(keyword)) && (body.status === undefined || a.status === body.status) && (body.activity_type === undefined || a.activity_type === body.activity_type),
    );
    const offset = Number(body.page_token || 0);
    const page = all.slice(offset, offset + pageSize);
    return this.ok({
      total_count: all.length,
      next_page_token: offset + pageSize < all.length ? String(offset + pageSize) : '',
      activities: page.map((a) => ({
        id: a.id,
        title: a.title,
        activity_type: a.activity_type,
        begin_time: a.begin_time,
        end_time: a.end_time,
        status: a.status,
        create_time: a.create_time,
        update_time: a.update_time,
        product_level: a.product_level,
      })),
    });
  }

  private deactivate(a: FakeActivity): FakeResponse {
    const status = this.statusOf(a);
    if (status === 'DEACTIVATED' || status === 'EXPIRED') return this.fail(400, fakeTikTokCodes.promotionRule, `activity is already ${status}`);
    a.deactivated = true;
    a.update_time = this.nowS();
    return this.ok({ activity_id: a.id, title: a.title, status: 'DEACTIVATED', update_time: a.update_time });
  }
}

function sumPrices(prices: string[]): string {
  const cents = prices.reduce((sum, p) => sum + Math.round(Number(p) * 100), 0);
  return (cents / 100).toFixed(2);
}
