import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterContext, PlatformAdapter, RemoteOrder, StoredCredentials } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters';
import { PlatformHttp } from '../../../electron/core/features/platform/platform-http';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { FakeTikTokShop } from '../../support/platforms/tiktok-shop';

/** Orders in, driven through each adapter directly against its fake (real HTTP, real signing). */

const http = new PlatformHttp();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function context(platform: 'shopify' | 'tiktok-shop', base: string, credentials: StoredCredentials): AdapterContext {
  let stored = { ...credentials };
  return {
    config: { id: `${platform}-orders`, platform, label: platform, markets: ['DE'], apiBase: base, authBase: base },
    credentials: () => stored,
    saveCredentials: async (update) => {
      stored = { ...stored, ...update };
    },
    http,
    now: () => Date.now(),
    redirectUri: () => 'http://127.0.0.1:1/oauth/callback',
  };
}

/** Reads every page the adapter has now, as a reader would: cursor after cursor until `more` is false. */
async function readAll(adapter: PlatformAdapter, cursor: string | null, since: number): Promise<{ orders: RemoteOrder[]; cursor: string | null; pages: number }> {
  const orders: RemoteOrder[] = [];
  let pages = 0;
  for (;;) {
    const page = await adapter.ordersSince!(cursor, since);
    pages++;
    orders.push(...page.orders);
    cursor = page.cursor;
    if (!page.more) return { orders, cursor, pages };
  }
}

async function shopify(options: Parameters<typeof startShopifyFake>[0] = {}): Promise<{ fake: ShopifyFake; adapter: PlatformAdapter }> {
  const fake = await startShopifyFake(options);
  cleanups.push(() => fake.stop());
  fake.addProduct({ title: 'Jasmine tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
  fake.addProduct({ title: 'Silk scarf', variants: [{ sku: 'SILK-SCARF-RED', price: '59.00' }] });
  const adapter = adapterFactories.shopify!(context('shopify', fake.base, { shopDomain: 'demo-shop', accessToken: 'shpat_fake_token' }));
  return { fake, adapter };
}

describe('Shopify ordersSince', () => {
  it('pages through orders by update time with the cursor, then resumes from the last update: changed orders come again, nothing else', async () => {
    // A Plus shop's bucket (10,000 points): three pages of about 850 points fit at once.
    const { fake, adapter } = await shopify({ maximumAvailable: 10_000, restoreRate: 1000 });
    const start = Date.now() - 60_000;
    for (let i = 0; i < 23; i++) fake.placeOrder([{ sku: i % 2 ? 'TEA-JASMINE-100' : 'SILK-SCARF-RED', quantity: 1 + (i % 3) }], { at: start + i * 1000 });
    const first = await readAll(adapter, null, start - 1000);
    expect(first.orders.map((o) => o.orderId)).toEqual(fake.orders.map((o) => o.id));
    expect(first.pages).toBe(3); // 8 a page
    const o = first.orders[0]!;
    expect(o).toMatchObject({ status: 'paid', currency: 'EUR', minorDigits: 2, totalMinor: 5900, placedAt: start });
    expect(o.lines).toEqual([
      { lineId: fake.orders[0]!.lines[0]!.id, remoteProductId: fake.products[1]!.id, remoteSkuId: fake.products[1]!.variantIds[0], sellerSku: 'SILK-SCARF-RED', quantity: 1, refundedQuantity: 0, unitPriceMinor: 5900 },
    ]);
    // Never asks for the buyer.
    expect(fake.buyerFieldsRead).toBe(0);

    // Nothing new: the last page comes back (orders updated at the cursor's very time), nothing else.
    const again = await readAll(adapter, first.cursor, 0);
    expect(again.orders.map((x) => x.orderId)).toEqual([fake.orders[22]!.id]);

    fake.cancelOrder(fake.orders[3]!.id, Date.now());
    fake.refundOrder(fake.orders[5]!.id, 'TEA-JASMINE-100', 1, Date.now() + 1);
    const later = await readAll(adapter, again.cursor, 0);
    const byId = new Map(later.orders.map((x) => [x.orderId, x]));
    expect(byId.get(fake.orders[3]!.id)?.status).toBe('cancelled');
    expect(byId.get(fake.orders[5]!.id)).toMatchObject({ status: 'partiallyRefunded', totalMinor: 2 * 2490 });
    expect(byId.get(fake.orders[5]!.id)!.lines[0]).toMatchObject({ quantity: 3, refundedQuantity: 1 });
  });

  it('keeps within the cost budget: THROTTLED (at 200 and at 429) and a nearly empty bucket are throttled errors with the wait', async () => {
    for (const status of [200, 429] as const) {
      const { fake, adapter } = await shopify({ throttleStatus: status, restoreRate: 50 });
      fake.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }]);
      await adapter.ordersSince!(null, 0);
      const cost = fake.operations.at(-1)!.cost;
      expect(cost).toBeLessThanOrEqual(1000);
      fake.drainBucket(0);
      const error = await adapter.ordersSince!(null, 0).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).kind).toBe('throttled');
      expect((error as PlatformError).retryAfterMs).toBeGreaterThan(0);
      // Throttled by the answer (THROTTLED) first; the next call is then held back by the adapter itself.
      expect(fake.operations.at(-1)!.outcome).toBe('throttled');
      const sentBefore = fake.operations.length;
      const held = await adapter.ordersSince!(null, 0).catch((e: PlatformError) => e);
      expect((held as PlatformError).kind).toBe('throttled');
      expect(fake.operations.length).toBe(sentBefore);
      expect((held as PlatformError).retryAfterMs).toBeGreaterThan(((cost - 1) / 50) * 1000 - 1000);
    }
  });

  it('needs read_orders: a token without it is refused naming the scope', async () => {
    const { fake } = await shopify();
    fake.addToken('shpat_no_orders', ['write_discounts', 'read_products']);
    const adapter = adapterFactories.shopify!(context('shopify', fake.base, { shopDomain: 'demo-shop', accessToken: 'shpat_no_orders' }));
    const error = (await adapter.ordersSince!(null, 0).catch((e: unknown) => e)) as PlatformError;
    expect(error.kind).toBe('refused');
    expect(error.message).toContain('read_orders');
  });
});

describe('TikTok Shop ordersSince', () => {
  it('searches by update time with page tokens, counts line items per SKU, and resumes from the last update', async () => {
    const fake = new FakeTikTokShop({
      products: [
        { id: '1729500000000001', title: 'Jasmine tea', skus: [{ id: '1729600000000001', sellerSku: 'TEA-JASMINE-100', price: '19.90', currency: 'EUR', stock: 50 }] },
        { id: '1729500000000002', title: 'Mug', skus: [{ id: '1729600000000002', sellerSku: 'CERAMIC-MUG-CELADON', price: '32.00', currency: 'EUR', stock: 20 }] },
      ],
    });
    await fake.start();
    cleanups.push(() => fake.stop());
    const adapter = adapterFactories['tiktok-shop']!(context('tiktok-shop', fake.base, { appKey: fake.appKey, appSecret: fake.appSecret }));
    await adapter.authorize({ authCode: fake.issueAuthCode() });
    cleanups.push(() => adapter.close());
    const start = Date.now() - 300_000;
    for (let i = 0; i < 120; i++) fake.placeOrder([{ sku: 'TEA-JASMINE-100', units: 3 }, { sku: 'CERAMIC-MUG-CELADON', units: 1 }], { at: start + i * 2000 });
    const all = await readAll(adapter, null, start);
    expect(all.pages).toBe(3);
    expect(all.orders).toHaveLength(120);
    expect(all.orders[0]).toMatchObject({ status: 'paid', currency: 'EUR', totalMinor: 3 * 1990 + 3200 });
    expect(all.orders[0]!.lines.map((l) => [l.sellerSku, l.remoteSkuId, l.quantity, l.unitPriceMinor])).toEqual([
      ['TEA-JASMINE-100', '1729600000000001', 3, 1990],
      ['CERAMIC-MUG-CELADON', '1729600000000002', 1, 3200],
    ]);
    expect(JSON.stringify(all.orders)).not.toMatch(/Novak|buyer-7731|Hauptstr/);

    const id = [...fake.orders.keys()][5]!;
    fake.updateOrder(id, { status: 'CANCELLED' }, Date.now() + 5000);
    const next = await readAll(adapter, all.cursor, 0);
    expect(next.orders.map((o) => [o.orderId, o.status])).toContainEqual([id, 'cancelled']);
    expect(next.orders.length).toBeLessThanOrEqual(2);
  });
});
