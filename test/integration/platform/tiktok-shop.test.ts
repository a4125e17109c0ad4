import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterContext, PromotionSpec, StoredCredentials } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters';
import type { TikTokShopAdapter } from '../../../electron/core/features/platform/adapters/tiktok-shop';
import { PlatformHttp } from '../../../electron/core/features/platform/platform-http';
import { FakeTikTokShop, fakeTikTokCodes, fakeTikTokSign, type FakeTikTokOptions } from '../../support/platforms/tiktok-shop';

const tea = { id: '1729000000000000101', title: 'Jasmine tea 100 g', skus: [{ id: '1729000000000000201', sellerSku: 'TEA-JASMINE-100', price: '12.90', currency: 'EUR', stock: 50 }] };
const scarf = {
  id: '1729000000000000102',
  title: 'Silk scarf',
  skus: [
    { id: '1729000000000000202', sellerSku: 'SILK-SCARF-RED', price: '49.00', currency: 'EUR', stock: 8 },
    { id: '1729000000000000203', sellerSku: 'SILK-SCARF-BLUE', price: '49.00', currency: 'EUR', stock: 5 },
  ],
};

/** A real AdapterContext over a plain object of credentials and a real PlatformHttp, as the feature gives one. */
function connect(fake: FakeTikTokShop, creds: StoredCredentials, options: { now?: () => number; markets?: string[] } = {}) {
  const store: StoredCredentials = { ...creds };
  const http = new PlatformHttp();
  const ctx: AdapterContext = {
    config: { id: 'tt-de', platform: 'tiktok-shop', label: 'TikTok DE', markets: options.markets ?? ['DE'], apiBase: fake.base, authBase: fake.base },
    credentials: () => ({ ...store }),
    saveCredentials: async (update) => {
      Object.assign(store, update);
    },
    http,
    now: options.now ?? (() => Date.now()),
    redirectUri: () => 'http://127.0.0.1:9/oauth/callback',
  };
  const adapter = adapterFactories['tiktok-shop']!(ctx) as TikTokShopAdapter;
  opened.push(() => {
    adapter.close();
    http.close();
  });
  return { adapter, store };
}

const opened: (() => void)[] = [];
let fakes: FakeTikTokShop[] = [];

async function startFake(options: FakeTikTokOptions = {}): Promise<FakeTikTokShop> {
  const fake = new FakeTikTokShop({ products: [tea, scarf], ...options });
  await fake.start();
  fakes.push(fake);
  return fake;
}

/** A connection signed in with an authorization code, as a user would paste it. */
async function signedIn(fake: FakeTikTokShop, options: { now?: () => number } = {}) {
  const c = connect(fake, { appKey: fake.appKey, appSecret: fake.appSecret }, options);
  expect(await c.adapter.authorize({ authCode: fake.issueAuthCode() })).toEqual({ kind: 'done' });
  return c;
}

function spec(overrides: Partial<PromotionSpec> = {}): PromotionSpec {
  const now = Date.now();
  return {
    dealId: 'deal-1',
    dealCode: 'TEA10',
    title: 'Broadcart TEA10 deal-1 tt-de',
    code: 'TEA10-X1',
    remoteProductId: tea.id,
    remoteSkuIds: [],
    currency: 'EUR',
    dealPriceMinor: 990,
    regularPriceMinor: 1290,
    minorDigits: 2,
    beginAt: now + 60_000,
    endAt: now + 11 * 60_000,
    quantityLimit: 20,
    perBuyerLimit: 2,
    ...overrides,
  };
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/promotion/202309/activities';
const isPutProducts = (r: { method: string; path: string }) => r.method === 'PUT' && r.path.endsWith('/products');

describe('TikTok Shop adapter against the fake TikTok Shop', () => {
  afterEach(async () => {
    for (const close of opened.splice(0)) close();
    for (const fake of fakes) await fake.stop();
    fakes = [];
  });

  it('signs in with an authorization code, keeps absolute expiry times in ms and the shop cipher, and check names the shop', async () => {
    const fake = await startFake({ accessTtlS: 7 * 24 * 3600 });
    const before = Date.now();
    const { adapter, store } = await signedIn(fake);

    expect(store.accessToken).toMatch(/^TTP_/);
    expect(store.refreshToken).toMatch(/^TTR_/);
    expect(store.authCode).toBeNull();
    // The answer's expire_in is an absolute Unix time in seconds: about 7 days from now, in ms.
    const expiresAt = adapter.tokenExpiresAt()!;
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * 24 * 3600 * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3600 * 1000 + 1000);
    expect(store.shopCipher).toBe(fake.shops[0]!.cipher);

    expect(await adapter.check()).toEqual({ account: 'Broadcart Demo EU' });
    const shopsCall = fake.calls('/authorization/202309/shops').at(-1)!;
    expect(shopsCall.headers['x-tts-access-token']).toBe(store.accessToken);
    expect(shopsCall.query.get('timestamp')).toMatch(/^\d{10}$/);
    expect(shopsCall.query.has('shop_cipher')).toBe(false);
    expect(shopsCall.query.has('access_token')).toBe(false);
    const tokenCall = fake.calls('/api/v2/token/get')[0]!;
    expect(tokenCall.query.get('grant_type')).toBe('authorized_code');

    // A code works once: pasting it again is refused with TikTok's code and a way out.
    const used = tokenCall.query.get('auth_code')!;
    const again = await failure(connect(fake, { appKey: fake.appKey, appSecret: fake.appSecret }).adapter.authorize({ authCode: used }));
    expect(again.kind).toBe('auth');
    expect(again.platformCode).toBe(String(fakeTikTokCodes.badAuthCode));
    expect(again.message).toContain('auth_code is invalid or expired');

    // Without a code or tokens, the user is asked for the code.
    expect(await connect(fake, { appKey: fake.appKey, appSecret: fake.appSecret }).adapter.authorize({})).toEqual({ kind: 'enterCode', url: null });
    // An access/refresh pair given as is works without a code.
    const pair = connect(fake, { appKey: fake.appKey, appSecret: fake.appSecret, accessToken: store.accessToken, refreshToken: store.refreshToken });
    expect(await pair.adapter.authorize({})).toEqual({ kind: 'done' });
    expect(pair.store.shopName).toBe('Broadcart Demo EU');
  });

  it('picks the shop of the connection\'s market when the authorization covers several', async () => {
    const fake = await startFake({
      shops: [
        { id: '1', name: 'Demo UK', region: 'GB', cipher: 'ROW_uk' },
        { id: '2', name: 'Demo DE', region: 'DE', cipher: 'ROW_de' },
      ],
    });
    const { adapter, store } = await signedIn(fake);
    expect(await adapter.check()).toEqual({ account: 'Demo DE' });
    expect(store.shopCipher).toBe('ROW_de');
  });

  it('refreshes before expiry, and refreshes then retries once when TikTok says the token expired (105002)', async () => {
    const fake = await startFake({ accessTtlS: 600 });
    const { adapter, store } = await signedIn(fake);
    const firstToken = store.accessToken;

    expect(await adapter.refreshIfDue(60_000)).toBe(false);
    expect(fake.calls('/api/v2/token/refresh')).toHaveLength(0);
    expect(await adapter.refreshIfDue(15 * 60_000)).toBe(true);
    const refreshCall = fake.calls('/api/v2/token/refresh')[0]!;
    expect(refreshCall.query.get('grant_type')).toBe('refresh_token');
    expect(store.accessToken).not.toBe(firstToken);
    expect(adapter.tokenExpiresAt()!).toBeGreaterThan(Date.now() + 500_000);
    await adapter.check();
    expect(fake.calls('/authorization/202309/shops').at(-1)!.headers['x-tts-access-token']).toBe(store.accessToken);

    // The platform expires the token early: the call is answered 105002, refreshed, and sent once more.
    fake.expireAccessTokens();
    const shopsBefore = fake.calls('/authorization/202309/shops').length;
    expect(await adapter.check()).toEqual({ account: 'Broadcart Demo EU' });
    expect(fake.calls('/api/v2/token/refresh')).toHaveLength(2);
    expect(fake.calls('/authorization/202309/shops').length - shopsBefore).toBe(2);
  });

  it('a revoked sign-in is a PlatformError of kind auth with a clear message, for calls and for the refresh', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    fake.revoke();
    const error = await failure(adapter.check());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/sign in again/i);
    const refresh = await failure(adapter.refreshIfDue(Number.MAX_SAFE_INTEGER));
    expect(refresh.kind).toBe('auth');
  });

  it('a wrong app secret fails the signature check (106001), a wrong clock the timestamp window (36009004)', async () => {
    const fake = await startFake();
    const { store } = await signedIn(fake);
    const wrongSecret = connect(fake, { ...store, appSecret: 'not-the-secret' });
    const bad = await failure(wrongSecret.adapter.check());
    expect(bad.kind).toBe('auth');
    expect(bad.platformCode).toBe('106001');
    expect(bad.httpStatus).toBe(401);

    const slowClock = connect(fake, store, { now: () => Date.now() - 6 * 60_000 });
    const late = await failure(slowClock.adapter.check());
    expect(late.kind).toBe('misconfigured');
    expect(late.platformCode).toBe('36009004');
    expect(late.message).toMatch(/clock/);
    const fastClock = connect(fake, store, { now: () => Date.now() + 60_000 });
    expect((await failure(fastClock.adapter.check())).platformCode).toBe('36009004');
  });

  it('finds products by seller SKU', async () => {
    const fake = await startFake();
    const { adapter, store } = await signedIn(fake);
    const found = await adapter.findBySku(['TEA-JASMINE-100', 'SILK-SCARF-BLUE', 'NOT-IN-SHOP']);
    expect(found).toEqual([
      { sellerSku: 'TEA-JASMINE-100', remoteProductId: tea.id, remoteSkuId: tea.skus[0]!.id, title: tea.title },
      { sellerSku: 'SILK-SCARF-BLUE', remoteProductId: scarf.id, remoteSkuId: scarf.skus[1]!.id, title: scarf.title },
    ]);
    const search = fake.calls('/product/202309/products/search')[0]!;
    expect(search.query.get('shop_cipher')).toBe(store.shopCipher);
    expect(JSON.parse(search.body)).toEqual({ seller_skus: ['TEA-JASMINE-100', 'SILK-SCARF-BLUE', 'NOT-IN-SHOP'] });
  });

  it('creates a flash sale with its products, price, limits and times, then deactivates it (twice is still done)', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    const s = spec();
    const created = await adapter.createPromotion(s);
    expect(created.code).toBeNull();

    const [activity, ...others] = fake.activityList();
    expect(others).toHaveLength(0);
    expect(activity).toMatchObject({
      id: created.remoteId,
      title: s.title,
      activity_type: 'FLASHSALE',
      product_level: 'PRODUCT',
      begin_time: Math.ceil(s.beginAt / 1000),
      end_time: Math.floor(s.endAt / 1000),
      participation_limit: [{ type: 'BUYER_NO_LIMIT' }],
      status: 'NOT_START',
    });
    expect(fake.productsOf(created.remoteId)).toEqual([{ id: tea.id, activity_price_amount: '9.90', quantity_limit: 20, quantity_per_user: 2 }]);
    expect(await adapter.findPromotion(s)).toEqual({ remoteId: created.remoteId, code: null, status: 'NOT_START' });

    await adapter.endPromotion(created);
    expect(fake.activityList()[0]!.status).toBe('DEACTIVATED');
    await adapter.endPromotion(created);
    expect(fake.calls(/\/deactivate$/)).toHaveLength(2);
  });

  it('a deal on some SKUs is a VARIATION activity; one per buyer is BUYER_LIMIT_ONLY_ONE; JPY has no minor digits', async () => {
    const fake = await startFake({ products: [{ ...scarf, skus: scarf.skus.map((k) => ({ ...k, price: '4900', currency: 'JPY' })) }] });
    const { adapter } = await signedIn(fake);
    const created = await adapter.createPromotion(
      spec({ remoteProductId: scarf.id, remoteSkuIds: [scarf.skus[1]!.id], currency: 'JPY', minorDigits: 0, dealPriceMinor: 3900, regularPriceMinor: 4900, quantityLimit: 5, perBuyerLimit: 1 }),
    );
    expect(fake.activityList()[0]).toMatchObject({ product_level: 'VARIATION', participation_limit: [{ type: 'BUYER_LIMIT_ONLY_ONE' }] });
    expect(fake.productsOf(created.remoteId)).toEqual([
      { id: scarf.id, activity_price_amount: '3900', quantity_limit: 5, quantity_per_user: 1, skus: [{ id: scarf.skus[1]!.id, activity_price_amount: '3900', quantity_limit: 5, quantity_per_user: 1 }] },
    ]);
  });

  it('after a create whose answer was dropped, findPromotion finds it and completes its products: no second activity', async () => {
    const fake = await startFake();
    const { adapter, store } = await signedIn(fake);
    const s = spec();
    fake.server.inject(isCreate, { kind: 'dropAfterHandling' });
    expect((await failure(adapter.createPromotion(s))).kind).toBe('network');
    expect(fake.activityList()).toHaveLength(1);
    expect(fake.productsOf(fake.activityList()[0]!.id)).toEqual([]);

    // As after a host restart: a new adapter over the same stored credentials.
    const restarted = connect(fake, store).adapter;
    const found = await restarted.findPromotion(s);
    expect(found?.remoteId).toBe(fake.activityList()[0]!.id);
    expect(fake.activityList()).toHaveLength(1);
    expect(fake.productsOf(found!.remoteId)).toHaveLength(1);
    expect(fake.server.received(isCreate)).toHaveLength(1);
  });

  it('a create sent again after a lost answer completes the activity TikTok already has instead of making another', async () => {
    const fake = await startFake();
    const { adapter, store } = await signedIn(fake);
    const s = spec();
    fake.server.inject(isCreate, { kind: 'dropAfterHandling' });
    await failure(adapter.createPromotion(s));
    // A fresh adapter knows nothing of the first attempt: TikTok refuses the repeated title, the adapter finds it.
    const again = await connect(fake, store).adapter.createPromotion(s);
    expect(fake.activityList()).toHaveLength(1);
    expect(again.remoteId).toBe(fake.activityList()[0]!.id);
    expect(fake.productsOf(again.remoteId)).toHaveLength(1);

    // Products added but their answer lost: the retry sees them and does not add them again.
    const s2 = spec({ dealId: 'deal-2', title: 'Broadcart TEA10 deal-2 tt-de' });
    fake.server.inject(isPutProducts, { kind: 'dropAfterHandling' });
    await failure(adapter.createPromotion(s2));
    const puts = fake.server.received(isPutProducts).length;
    const second = await adapter.createPromotion(s2);
    expect(fake.server.received(isPutProducts).length).toBe(puts);
    expect(fake.activityList()).toHaveLength(2);
    expect(fake.productsOf(second.remoteId)).toHaveLength(1);
  });

  it('too many requests (36009002, HTTP 429) is throttled with retryAfterMs from retry-after', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    fake.rateLimit({ max: 1, windowMs: 60_000, retryAfterS: 3 });
    await adapter.check();
    const error = await failure(adapter.check());
    expect(error.kind).toBe('throttled');
    expect(error.retryable).toBe(true);
    expect(error.platformCode).toBe('36009002');
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfterMs).toBe(3000);
  });

  it('refusals carry TikTok\'s code and message: missing scope (105005), price not below the current one', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    const tooHigh = await failure(adapter.createPromotion(spec({ dealPriceMinor: 1290 })));
    expect(tooHigh.kind).toBe('refused');
    expect(tooHigh.platformCode).toBe(String(fakeTikTokCodes.promotionRule));
    expect(tooHigh.message).toContain('below the current price');

    fake.withholdScope('/promotion/');
    const scope = await failure(adapter.createPromotion(spec({ dealId: 'deal-3', title: 'Broadcart TEA10 deal-3 tt-de' })));
    expect(scope.kind).toBe('refused');
    expect(scope.platformCode).toBe('105005');
    expect(scope.message).toContain('not been granted the scope');
  });

  it('a title over 50 characters is refused before anything is sent', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    const calls = fake.calls().length;
    const error = await failure(adapter.createPromotion(spec({ title: 'x'.repeat(51) })));
    expect(error.kind).toBe('misconfigured');
    expect(fake.calls().length).toBe(calls);
  });

  it('network failures and TikTok\'s internal error are retryable kinds', async () => {
    const fake = await startFake();
    const { adapter } = await signedIn(fake);
    fake.server.inject(() => true, { kind: 'respond', response: { status: 500, body: { code: 36009003, message: 'Internal error', request_id: 'x', data: {} } } });
    expect((await failure(adapter.check())).kind).toBe('unavailable');
    await fake.server.takeDown();
    expect((await failure(adapter.check())).kind).toBe('network');
    await fake.server.bringBack();
    expect(await adapter.check()).toEqual({ account: 'Broadcart Demo EU' });
  });
});

describe('fake TikTok Shop: the shop cipher rules', () => {
  afterEach(async () => {
    for (const fake of fakes) await fake.stop();
    fakes = [];
  });

  it('answers 106013 without a cipher on shop-scoped calls and 36009004 with one on authorization calls', async () => {
    const fake = await startFake();
    const { store } = await signedIn(fake);
    const http = new PlatformHttp();
    const send = async (method: 'GET' | 'POST', path: string, extra: Record<string, string>, body?: string) => {
      const query = new URLSearchParams({ app_key: fake.appKey, timestamp: String(Math.floor(Date.now() / 1000)), ...extra });
      query.set('sign', fakeTikTokSign(fake.appSecret, path, query, body ?? ''));
      const res = await http.request({ method, url: `${fake.base}${path}?${query}`, headers: { 'x-tts-access-token': String(store.accessToken) }, body });
      return JSON.parse(res.text) as { code: number; message: string };
    };
    try {
      expect((await send('POST', '/product/202309/products/search', { page_size: '10' }, '{}')).code).toBe(106013);
      expect((await send('GET', '/authorization/202309/shops', { shop_cipher: String(store.shopCipher) })).code).toBe(36009004);
      expect((await send('POST', '/product/202309/products/search', { page_size: '10', shop_cipher: String(store.shopCipher) }, '{}')).code).toBe(0);
    } finally {
      http.close();
    }
  });
});
