import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterContext, PromotionSpec, StoredCredentials } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters';
import { ShopifyAdapter, decimal, shopifyApiVersion } from '../../../electron/core/features/platform/adapters/shopify/shopify-adapter';
import { PlatformHttp } from '../../../electron/core/features/platform/platform-http';
import { invalidTokenBody, startShopifyFake } from '../../support/platforms/shopify';
import type { ShopifyFakeOptions , ShopifyFake} from '../../support/platforms/shopify';

const token = 'shpat_fake_token';
const http = new PlatformHttp();
let fake: ShopifyFake;

afterEach(async () => {
  await fake?.stop();
});

/** A real AdapterContext over a plain object of credentials, against the fake's base. */
function adapterFor(base: string, credentials: StoredCredentials = { shopDomain: 'demo-shop', accessToken: token }): ShopifyAdapter {
  let stored = { ...credentials };
  const ctx: AdapterContext = {
    config: { id: 'conn-shopify', platform: 'shopify', label: 'Demo shop', markets: ['DE'], apiBase: base, authBase: base },
    credentials: () => stored,
    saveCredentials: async (update) => {
      stored = { ...stored, ...update };
    },
    http,
    now: () => Date.now(),
    redirectUri: () => 'http://127.0.0.1:1/oauth/callback',
  };
  const adapter = adapterFactories.shopify!(ctx);
  expect(adapter).toBeInstanceOf(ShopifyAdapter);
  return adapter as ShopifyAdapter;
}

async function shopWithTea(options: ShopifyFakeOptions = {}) {
  fake = await startShopifyFake(options);
  const tea = fake.addProduct({ title: 'Oolong tea', variants: [{ sku: 'TEA-1', price: '19.90' }] });
  const mug = fake.addProduct({
    title: 'Mug',
    variants: [
      { sku: 'MUG-2-BLUE', title: 'Blue', price: '12.00' },
      { sku: 'MUG-2-RED', title: 'Red', price: '12.00' },
    ],
  });
  return { tea, mug, adapter: adapterFor(fake.base) };
}

// An hour ahead of the real clock, to the second: the fake answers SCHEDULED for a code that has not begun.
const beginAt = Math.ceil(Date.now() / 1000) * 1000 + 3_600_000;

function spec(productId: string, overrides: Partial<PromotionSpec> = {}): PromotionSpec {
  return {
    dealId: 'deal-1',
    dealCode: 'TEA',
    title: 'Broadcart TEA deal-1',
    code: 'LIVE-TEA-7Q2K',
    remoteProductId: productId,
    remoteSkuIds: [],
    currency: 'EUR',
    dealPriceMinor: 1490,
    regularPriceMinor: 1990,
    minorDigits: 2,
    beginAt,
    endAt: beginAt + 5 * 60_000,
    quantityLimit: 40,
    perBuyerLimit: 1,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('Shopify adapter against the fake Admin GraphQL API', () => {
  it('check names the shop, sends the token to the pinned version, and notes a missing read_orders', async () => {
    fake = await startShopifyFake({ shopName: 'Demo Shop', shopDomain: 'demo-shop.myshopify.com' });
    fake.addToken('shpat_no_orders', ['write_discounts', 'write_products']);
    const adapter = adapterFor(fake.base);
    expect(await adapter.check()).toEqual({ account: 'Demo Shop (demo-shop.myshopify.com)' });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe(`/admin/api/${shopifyApiVersion}/graphql.json`);
    expect(sent.headers['x-shopify-access-token']).toBe(token);
    expect(fake.versionsAsked).toEqual([shopifyApiVersion]);

    // write_products grants read_products; read_orders is only a note, not a failure.
    const noOrders = adapterFor(fake.base, { shopDomain: 'demo-shop.myshopify.com', accessToken: 'shpat_no_orders' });
    const { account } = await noOrders.check();
    expect(account).toContain('Demo Shop');
    expect(account).toContain('read_orders');
    expect(await noOrders.authorize({})).toEqual({ kind: 'done' });
  });

  it('check refuses a token without write_discounts or read_products, naming the scopes to add', async () => {
    fake = await startShopifyFake();
    fake.addToken('shpat_read_only', ['read_products', 'read_orders']);
    fake.addToken('shpat_discounts_only', ['write_discounts']);
    const noDiscounts = await failure(adapterFor(fake.base, { shopDomain: 'demo-shop', accessToken: 'shpat_read_only' }).check());
    expect(noDiscounts.kind).toBe('refused');
    expect(noDiscounts.platformCode).toBe('missing_scope');
    expect(noDiscounts.message).toContain('write_discounts');
    expect(noDiscounts.message).not.toContain('read_products');
    expect(noDiscounts.message).toMatch(/custom app's Admin API access scopes/);

    const noProducts = await failure(adapterFor(fake.base, { shopDomain: 'demo-shop', accessToken: 'shpat_discounts_only' }).check());
    expect(noProducts.message).toContain('read_products');
    expect(noProducts.message).not.toContain('write_discounts (');
  });

  it('findBySku returns exact SKU matches only, in batches, across pages', async () => {
    const { tea, mug, adapter } = await shopWithTea();
    fake.addProduct({ title: 'Oolong tea, big', variants: [{ sku: 'TEA-10', price: '29.90' }] });
    const found = await adapter.findBySku(['TEA-1', 'MUG-2-BLUE', 'NOPE-9', 'TEA-1']);
    expect(found).toEqual(
      expect.arrayContaining([
        { sellerSku: 'TEA-1', remoteProductId: tea.productId, remoteSkuId: tea.variantIds[0], title: 'Oolong tea' },
        { sellerSku: 'MUG-2-BLUE', remoteProductId: mug.productId, remoteSkuId: mug.variantIds[0], title: 'Mug – Blue' },
      ]),
    );
    expect(found).toHaveLength(2);
    expect(fake.ran('productVariants')).toHaveLength(1);
    expect(fake.ran('productVariants')[0]!.variables.query).toBe('sku:"TEA-1" OR sku:"MUG-2-BLUE" OR sku:"NOPE-9"');

    // Shopify's search matches words: "BULK" finds every BULK-n, so the exact one is on a later page.
    fake.addProduct({ title: 'Bulk', variants: Array.from({ length: 150 }, (_, i) => ({ sku: `BULK-${i}`, title: `n${i}`, price: '1.00' })) });
    const bulk = fake.addProduct({ title: 'Bulk itself', variants: [{ sku: 'BULK', price: '1.00' }] });
    const before = fake.ran('productVariants').length;
    const many = await adapter.findBySku(['BULK', ...Array.from({ length: 30 }, (_, i) => `NONE-${i}`)]);
    expect(many.map((m) => m.remoteProductId)).toEqual([bulk.productId]);
    // 31 SKUs: two searches of at most 25, the first over two pages.
    expect(fake.ran('productVariants').length - before).toBe(3);
  });

  it('createPromotion makes one code with the amount off, limits and times; endPromotion deactivates it', async () => {
    const { tea, mug, adapter } = await shopWithTea();
    const s = spec(tea.productId);
    const created = await adapter.createPromotion(s);
    expect(fake.discounts).toHaveLength(1);
    const d = fake.discounts[0]!;
    expect(created).toEqual({ remoteId: d.id, code: 'LIVE-TEA-7Q2K', status: 'SCHEDULED' });
    expect(d).toMatchObject({
      title: 'Broadcart TEA deal-1',
      code: 'LIVE-TEA-7Q2K',
      startsAt: s.beginAt,
      endsAt: s.endAt,
      usageLimit: 40,
      appliesOncePerCustomer: true,
      value: { kind: 'amount', amount: '5.00', appliesOnEachItem: true },
      items: { all: false, productIds: [tea.productId], variantIds: [] },
      buyers: 'all',
    });

    // Chosen variants only, no per-buyer limit, and a currency without minor digits.
    const second = await adapter.createPromotion(
      spec(mug.productId, { code: 'LIVE-MUG-1', title: 'Broadcart MUG deal-2', remoteSkuIds: [mug.variantIds[1]!], perBuyerLimit: null, dealPriceMinor: 900, regularPriceMinor: 1200 }),
    );
    expect(fake.discountByCode('LIVE-MUG-1')).toMatchObject({
      appliesOncePerCustomer: false,
      value: { kind: 'amount', amount: '3.00' },
      items: { all: false, productIds: [], variantIds: [mug.variantIds[1]] },
    });

    await adapter.endPromotion(created);
    expect(fake.status(d)).toBe('EXPIRED');
    expect(d.deactivatedAt).not.toBeNull();
    // Ending again, or ending one deleted in the admin, is done, not an error.
    await adapter.endPromotion(created);
    fake.discounts.splice(fake.discounts.indexOf(fake.discountByCode('LIVE-MUG-1')!), 1);
    await adapter.endPromotion(second);
    expect(fake.ran('discountCodeDeactivate')).toHaveLength(3);
  });

  it('amounts come from minor units and minorDigits; a deal in another currency than the shop is not sent', async () => {
    expect(decimal(500, 2)).toBe('5.00');
    expect(decimal(5, 2)).toBe('0.05');
    expect(decimal(1500, 0)).toBe('1500');
    expect(decimal(12345, 3)).toBe('12.345');
    const { tea, adapter } = await shopWithTea({ currency: 'EUR' });
    const error = await failure(adapter.createPromotion(spec(tea.productId, { currency: 'JPY', minorDigits: 0, dealPriceMinor: 1500, regularPriceMinor: 2000 })));
    expect(error.kind).toBe('misconfigured');
    expect(error.message).toContain('EUR');
    expect(fake.ran('discountCodeBasicCreate')).toHaveLength(0);
    const noDiscount = await failure(adapter.createPromotion(spec(tea.productId, { dealPriceMinor: 1990 })));
    expect(noDiscount.kind).toBe('misconfigured');
  });

  it('a create whose answer was dropped is found by its code, never created twice', async () => {
    const { tea, adapter } = await shopWithTea();
    await adapter.check();
    fake.inject((r) => r.body.includes('discountCodeBasicCreate'), { kind: 'dropAfterHandling' });
    const lost = await failure(adapter.createPromotion(spec(tea.productId)));
    expect(lost.kind).toBe('network');
    expect(fake.discounts).toHaveLength(1);

    const found = await adapter.findPromotion(spec(tea.productId));
    expect(found).toEqual({ remoteId: fake.discounts[0]!.id, code: 'LIVE-TEA-7Q2K', status: 'SCHEDULED' });
    // Sending the create again anyway: the code is taken by our own earlier attempt, so it is that one.
    const again = await adapter.createPromotion(spec(tea.productId));
    expect(again.remoteId).toBe(fake.discounts[0]!.id);
    expect(fake.discounts).toHaveLength(1);
    expect(await adapter.findPromotion(spec(tea.productId, { code: 'NEVER-SENT' }))).toBeNull();
  });

  for (const throttleStatus of [200, 429] as const) {
    it(`THROTTLED at HTTP ${throttleStatus} is 'throttled' with the wait the bucket needs, and the retry then runs`, async () => {
      let clock = Date.parse('2026-12-02T20:00:00.000Z');
      const { tea, adapter } = await shopWithTea({ throttleStatus, restoreRate: 50, now: () => clock });
      await adapter.check();
      fake.drainBucket(2);
      const error = await failure(adapter.createPromotion(spec(tea.productId)));
      expect(error.kind).toBe('throttled');
      expect(error.httpStatus).toBe(throttleStatus);
      expect(error.platformCode).toBe('THROTTLED');
      const asked = fake.operations.at(-1)!;
      expect(asked.outcome).toBe('throttled');
      expect(error.retryAfterMs).toBe(Math.ceil(((asked.cost - 2) / 50) * 1000));
      expect(fake.discounts).toHaveLength(0);

      clock += error.retryAfterMs!;
      await adapter.createPromotion(spec(tea.productId));
      expect(fake.discounts).toHaveLength(1);
    });
  }

  it("userErrors at HTTP 200 are 'refused' with Shopify's code and message", async () => {
    const { tea, adapter } = await shopWithTea();
    await adapter.createPromotion(spec(tea.productId, { title: 'Someone else\u2019s sale', code: 'TAKEN-1' }));
    const taken = await failure(adapter.createPromotion(spec(tea.productId, { code: 'TAKEN-1' })));
    expect(taken.kind).toBe('refused');
    expect(taken.platformCode).toBe('TAKEN');
    expect(taken.message).toContain('TAKEN-1 is already used by another discount');
    expect(taken.message).toContain('Code must be unique');

    const dates = await failure(adapter.createPromotion(spec(tea.productId, { code: 'BAD-DATES', endAt: spec('x').beginAt - 1000 })));
    expect(dates).toMatchObject({ kind: 'refused', platformCode: 'INVALID', httpStatus: 200 });
    expect(dates.message).toContain('Ends at needs to be after starts_at');

    const unknown = await failure(adapter.createPromotion(spec('gid://shopify/Product/999999', { code: 'NO-PRODUCT' })));
    expect(unknown).toMatchObject({ kind: 'refused', platformCode: 'INVALID' });
    expect(unknown.message).toContain('gid://shopify/Product/999999');
    expect(fake.discounts).toHaveLength(1);
  });

  it("a revoked token is 'auth', a missing scope on a call 'refused', 5xx 'unavailable', the shop down 'network'", async () => {
    const { tea, adapter } = await shopWithTea();
    fake.addToken('shpat_products_only', ['read_products']);
    const denied = await failure(adapterFor(fake.base, { shopDomain: 'demo-shop', accessToken: 'shpat_products_only' }).findPromotion(spec(tea.productId)));
    expect(denied).toMatchObject({ kind: 'refused', platformCode: 'ACCESS_DENIED' });
    expect(denied.message).toContain('read_discounts');

    fake.inject(() => true, { kind: 'respond', response: { status: 503, body: 'Service Unavailable' } });
    expect((await failure(adapter.check())).kind).toBe('unavailable');

    await fake.takeDown();
    expect((await failure(adapter.check())).kind).toBe('network');
    await fake.bringBack();

    fake.revokeToken(token);
    const revoked = await failure(adapter.createPromotion(spec(tea.productId)));
    expect(revoked).toMatchObject({ kind: 'auth', httpStatus: 401 });
    expect(revoked.message).toContain('Invalid API key or access token');
    expect(fake.discounts).toHaveLength(0);
  });
});

describe('the fake Shopify checks what Shopify checks', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    http.request({ method: 'POST', url: `${fake.base}${path}`, headers: { 'content-type': 'application/json', 'x-shopify-access-token': token, ...headers }, body });
  const path = `/admin/api/${shopifyApiVersion}/graphql.json`;

  it('answers 401 with Shopify\u2019s body to a wrong token, and 404 off the API path', async () => {
    fake = await startShopifyFake();
    const wrong = await post(path, JSON.stringify({ query: '{ shop { name } }' }), { 'x-shopify-access-token': 'shpat_wrong' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toEqual(invalidTokenBody);
    expect((await post('/admin/graphql.json', '{}')).status).toBe(404);
  });

  it('rejects unknown fields and badly typed variables with GraphQL errors, and serves an old version by the oldest supported one', async () => {
    fake = await startShopifyFake();
    const unknownField = JSON.parse((await post(path, JSON.stringify({ query: '{ shop { nam } }' }))).text) as { errors: { message: string }[]; data?: unknown };
    expect(unknownField.errors[0]!.message).toContain('nam');
    expect(unknownField.data).toBeUndefined();

    const badInput = JSON.parse(
      (
        await post(
          path,
          JSON.stringify({
            query: 'mutation M($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { code } } }',
            variables: { d: { title: 'x', code: 'X', customerSelectionn: { all: true } } },
          }),
        )
      ).text,
    ) as { errors: { message: string }[] };
    expect(badInput.errors[0]!.message).toContain('customerSelectionn');
    expect(fake.discounts).toHaveLength(0);

    const old = await post('/admin/api/2023-01/graphql.json', JSON.stringify({ query: '{ shop { name } }' }));
    expect(old.status).toBe(200);
    expect(old.headers['x-shopify-api-version']).toBe('2026-01');
    expect((await post(path, 'not json')).status).toBe(400);
  });
});
