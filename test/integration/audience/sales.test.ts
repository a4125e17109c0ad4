import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import type { Order } from '../../../electron/shared/contract/audience';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { sendShopifyWebhook } from '../../support/platforms/shopify-webhooks';
import { startTestHost, type TestHost } from '../../support/host';

/**
 * Orders in, end to end in an in-process host: the real platform feature polls the fake Shopify (real
 * HTTP, real GraphQL), the webhook route takes signed deliveries, the audience feature's sales half stores,
 * attributes and sums them in real SQLite, and moves a live deal's stock.
 */
describe('sales: orders from a shop', () => {
  let t: TestHost;
  let shop: ShopifyFake;
  let shopId: string;
  let events: HostEvent[];
  const secret = 'shpss_webhook_secret_for_tests';

  beforeEach(async () => {
    shop = await startShopifyFake({ maximumAvailable: 10_000, restoreRate: 1000 });
    shop.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
    shop.addProduct({ title: 'Silk scarf', variants: [{ sku: 'SILK-SCARF-RED', price: '59.00' }] });
    shop.addProduct({ title: 'Not in the catalog', variants: [{ sku: 'OTHER-1', price: '5.00' }] });
    t = await startTestHost();
    events = [];
    t.host.context.bus.subscribeAll((e) => events.push(e));
    shopId = (
      await t.call('platform.save', {
        platform: 'shopify',
        label: 'Demo shop',
        markets: ['DE'],
        apiBase: shop.base,
        credentials: { shopDomain: 'demo-shop', accessToken: 'shpat_fake_token', webhookSecret: secret },
      })
    ).id;
    await t.call('platform.matchProducts', { connectionId: shopId });
  });

  afterEach(async () => {
    await t.stop();
    await shop.stop();
  });

  const poll = () => t.host.features.platform.orders.pollNow(shopId);
  const product = async (sku: string) => (await t.call('catalog.getProduct', { sku })).id;
  const ordersOf = (name: string) => events.filter((e) => e.name === name);

  it('an order created, then cancelled, counts once and then not at all; a refund takes its units off; buyer data never arrives', async () => {
    const session = await t.call('session.start', { title: 'Tea night', market: 'DE', hosts: ['Mei'] });
    const placed = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 2 }, { sku: 'SILK-SCARF-RED', quantity: 1 }]);
    await poll();
    let summary = await t.call('sales.summary', {});
    expect(summary).toMatchObject({ sessionId: session.id, orders: 1, units: 3, revenue: [{ currency: 'EUR', amountMinor: 2 * 2490 + 5900, minorDigits: 2 }] });
    expect(summary.topProducts.map((p) => [p.productId, p.units])).toEqual([
      [await product('TEA-JASMINE-100'), 2],
      [await product('SILK-SCARF-RED'), 1],
    ]);
    // Polled again with nothing new: nothing doubled.
    await poll();
    expect((await t.call('sales.summary', {})).orders).toBe(1);
    expect(ordersOf('order.created')).toHaveLength(1);

    shop.refundOrder(placed.id, 'TEA-JASMINE-100', 1);
    await poll();
    summary = await t.call('sales.summary', {});
    expect(summary).toMatchObject({ orders: 1, units: 2, revenue: [{ currency: 'EUR', amountMinor: 2490 + 5900 }] });
    expect(ordersOf('order.updated').map((e) => (e.payload as { order: Order; previousStatus: string }).previousStatus)).toEqual(['paid']);

    shop.cancelOrder(placed.id);
    await poll();
    summary = await t.call('sales.summary', {});
    expect(summary).toMatchObject({ orders: 0, units: 0, revenue: [] });
    const [stored] = (await t.call('sales.orders', {})).orders;
    expect(stored).toMatchObject({ orderId: placed.id, status: 'cancelled', sessionId: session.id });
    expect(ordersOf('order.updated')).toHaveLength(2);
    expect(shop.buyerFieldsRead).toBe(0);
    expect(JSON.stringify(t.host.context.db.prepare('SELECT * FROM orders').all())).not.toMatch(/Novak|example\.com|Hauptstr/);
    // The session log has the order events (logged: true).
    await t.call('session.end', {});
    const logged = await t.call('session.events', { id: session.id, kinds: ['order.created', 'order.updated'] });
    expect(logged.events.map((e) => e.kind)).toEqual(['order.created', 'order.updated', 'order.updated']);
  });

  it('webhook and poll deliver the same order once; a repeat delivery is dropped; a wrong signature is 401 and says what to check', async () => {
    await t.call('session.start', { title: 'Tea night', market: 'DE', hosts: [] });
    // The read a session start triggers is done: the next one is 15 s away, longer than this test.
    await poll();
    const url = `${t.baseUrl}/webhooks/shopify/${shopId}`;
    const placed = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }], { financialStatus: 'PENDING' });

    const forged = await sendShopifyWebhook({ url, topic: 'orders/create', body: shop.webhookBody(placed.id), secret, signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toEqual({ error: { code: 'bad_signature', message: expect.stringContaining('webhook secret of "Demo shop"') } });
    expect((await t.call('sales.orders', {})).orders).toEqual([]);

    const first = await sendShopifyWebhook({ url, topic: 'orders/create', body: shop.webhookBody(placed.id), secret });
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(5000);
    let orders = (await t.call('sales.orders', {})).orders;
    expect(orders.map((o) => [o.orderId, o.status, o.lines[0]!.productId])).toEqual([[placed.id, 'open', await product('TEA-JASMINE-100')]]);
    // Shopify retries the same delivery (same webhook id): dropped.
    const repeat = await sendShopifyWebhook({ url, topic: 'orders/create', body: shop.webhookBody(placed.id), secret, webhookId: first.webhookId });
    expect(repeat.status).toBe(200);
    expect(JSON.parse(repeat.body)).toMatchObject({ code: 'duplicate' });
    // The poll reads the same order: the same one, not a second.
    await poll();
    orders = (await t.call('sales.orders', {})).orders;
    expect(orders).toHaveLength(1);
    expect(ordersOf('order.created')).toHaveLength(1);

    // orders/paid: a new delivery of the changed order updates it.
    shop.order(placed.id).financialStatus = 'PAID';
    shop.order(placed.id).updatedAt = Date.now() + 1000;
    const paid = await sendShopifyWebhook({ url, topic: 'orders/paid', body: shop.webhookBody(placed.id), secret });
    expect(paid.status).toBe(200);
    expect((await t.call('sales.orders', {})).orders[0]!.status).toBe('paid');
    // A late webhook with the older state changes nothing.
    const late = await sendShopifyWebhook({ url, topic: 'orders/create', body: { ...shop.webhookBody(placed.id), updated_at: new Date(placed.createdAt).toISOString(), financial_status: 'pending' }, secret });
    expect(late.status).toBe(200);
    expect((await t.call('sales.orders', {})).orders[0]!.status).toBe('paid');

    const unknown = await sendShopifyWebhook({ url: `${t.baseUrl}/webhooks/shopify/nope`, topic: 'orders/create', body: {}, secret });
    expect(unknown.status).toBe(404);
    // Every delivery accepted is remembered (create, paid, the late one); the forged and the repeat are not.
    expect(t.host.context.db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 3 });
  });

  it('a live deal\'s stock goes down with its orders and sells out by itself; a cancelled order gives its units back', async () => {
    await t.call('session.start', { title: 'Deal night', market: 'DE', hosts: ['Mei'] });
    const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1990, stock: 5, durationS: 600 });
    await t.call('deal.start', { dealId: deal.id });
    const a = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 2, price: '19.90' }]);
    await poll();
    expect(await t.call('deal.get', { dealId: deal.id })).toMatchObject({ state: 'live', stock: 3, unitsSold: 2 });
    expect((await t.call('sales.orders', {})).orders[0]!.lines[0]!.attribution.dealId).toBe(deal.id);

    shop.cancelOrder(a.id);
    await poll();
    expect(await t.call('deal.get', { dealId: deal.id })).toMatchObject({ state: 'live', stock: 5, unitsSold: 0 });

    shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 3, price: '19.90' }]);
    shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 2, price: '19.90' }]);
    await poll();
    expect(await t.call('deal.get', { dealId: deal.id })).toMatchObject({ state: 'sold-out', stock: 0, unitsSold: 5 });
    expect(events.filter((e) => e.name === 'deal.soldOut')).toHaveLength(1);
    // Polled again: the stock moves no further.
    await poll();
    expect(events.filter((e) => e.name === 'deal.stock.changed').map((e) => (e.payload as { stock: number }).stock)).toEqual([3, 5, 2, 0]);
  });

  it('an order placed in a session that has ended counts and is logged in that session, not in the one live when it arrives; one placed outside any session is in no session', async () => {
    const first = await t.call('session.start', { title: 'Morning', market: 'DE', hosts: ['Mei'] });
    await poll();
    const ended = await t.call('session.end', {});
    const second = await t.call('session.start', { title: 'Evening', market: 'DE', hosts: ['Luis'] });
    await poll();
    // Reported only now (a late read, a webhook after session.end), created while the first session ran.
    const late = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 2 }], { at: ended.startedAt });
    const outside = shop.placeOrder([{ sku: 'SILK-SCARF-RED', quantity: 1 }], { at: ended.startedAt - 3_600_000 });
    // Updated now (paid later, imported late): what brings them past the reader's updated_at cursor.
    for (const o of [late, outside]) shop.order(o.id).updatedAt = Date.now();
    await poll();
    const stored = new Map(t.host.context.db.prepare('SELECT order_id, session_id FROM orders').all().map((r) => { const row = r as { order_id: string; session_id: string | null }; return [row.order_id, row.session_id]; }));
    expect(stored.get(late.id)).toBe(first.id);
    expect(stored.has(outside.id)).toBe(true);
    expect(stored.get(outside.id)).toBeNull();
    expect(await t.call('sales.summary', {})).toMatchObject({ sessionId: second.id, orders: 0, units: 0 });
    // A cancellation of the late order, read while the second session is live, belongs to the first too.
    shop.refundOrder(late.id, 'TEA-JASMINE-100', 1);
    await poll();
    await t.call('session.end', {});

    const tea = await product('TEA-JASMINE-100');
    const review = (id: string) => t.call('sales.review', { sessionId: id });
    expect((await review(first.id)).byProduct.map((g) => [g.key, g.units])).toEqual([[tea, 1]]);
    expect((await review(second.id)).byProduct).toEqual([]);
    const orderEvents = async (id: string) =>
      (await t.call('session.events', { id, kinds: ['order.created', 'order.updated'] })).events.map((e) => [e.kind, (e.payload as { orderId?: string; order?: { orderId: string } }).orderId ?? (e.payload as { order: { orderId: string } }).order.orderId]);
    expect(await orderEvents(first.id)).toEqual([
      ['order.created', late.id],
      ['order.updated', late.id],
    ]);
    expect(await orderEvents(second.id)).toEqual([]);
    // On the first session's timeline the order sits where it was placed, not after the session ended.
    const created = (await t.call('session.events', { id: first.id, kinds: ['order.created'] })).events[0]!;
    expect(created.at).toBe(late.createdAt);
    expect(created.at).toBeLessThan((await t.call('session.get', { id: first.id })).endedAt!);
  });

  it('attributes each line to what was on air when it was placed: the card (or one taken off minutes before), the deal, the last cue, hosts and market', async () => {
    const session = await t.call('session.start', { title: 'Scripted', market: 'DE', hosts: ['Mei', 'Luis'] });
    const tea = await product('TEA-JASMINE-100');
    const scarf = await product('SILK-SCARF-RED');
    const bus = t.host.context.bus;
    const dealTea = (await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1990, stock: 50, durationS: 60 })).deal.id;
    const t0 = Date.now() + 1000;
    const cue = (at: number, cueId: string, scriptId: string) =>
      bus.publish('prompter.cue.reached', { cueId, cueType: 'card', argument: 'TEA-JASMINE-100', lane: 'host', language: 'en', scriptId }, at);
    // The script (a real deal's id, so the features hearing deal events know it): tea pinned, its cue, a deal on tea; then the scarf replaces it, its own cue.
    bus.publish('product.pinned', { productId: tea, sku: 'TEA-JASMINE-100', output: 'overlay', market: 'DE' }, t0);
    cue(t0 + 1000, 'cue-tea', 'script-tea');
    bus.publish('deal.started', { dealId: dealTea, productId: tea, market: 'DE', dealPriceMinor: 1990, currency: 'EUR', stock: 50, endsAt: t0 + 60_000 }, t0 + 2000);
    bus.publish('deal.ended', { dealId: dealTea, productId: tea, unitsSold: 0, revenueMinor: 0, currency: 'EUR', reason: 'manual' }, t0 + 60_000);
    bus.publish('product.pinned', { productId: scarf, sku: 'SILK-SCARF-RED', output: 'overlay', market: 'DE' }, t0 + 100_000);
    cue(t0 + 101_000, 'cue-scarf', 'script-scarf');

    const during = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }], { at: t0 + 30_000 });
    const teaAfterUnpin = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }], { at: t0 + 200_000 });
    const teaLongAfter = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }, { sku: 'SILK-SCARF-RED', quantity: 1 }], { at: t0 + 500_000 });
    const unlinked = shop.placeOrder([{ sku: 'OTHER-1', quantity: 4 }], { at: t0 + 500_500 });
    await poll();
    const byOrder = new Map((await t.call('sales.orders', {})).orders.map((o) => [o.orderId, o]));
    const common = { hosts: ['Mei', 'Luis'], market: 'DE', scriptVersion: null };
    expect(byOrder.get(during.id)!.lines[0]!.attribution).toEqual({ ...common, pinnedProductId: tea, dealId: dealTea, cueId: 'cue-tea', scriptId: 'script-tea' });
    // The tea card went off 100 s before: within the 5-minute window it still counts; the deal ended long before.
    expect(byOrder.get(teaAfterUnpin.id)!.lines[0]!.attribution).toEqual({ ...common, pinnedProductId: tea, dealId: null, cueId: 'cue-scarf', scriptId: 'script-scarf' });
    const [teaLine, scarfLine] = byOrder.get(teaLongAfter.id)!.lines;
    expect(teaLine!.attribution).toMatchObject({ pinnedProductId: scarf, dealId: null, cueId: 'cue-scarf' });
    expect(scarfLine!.attribution).toMatchObject({ pinnedProductId: scarf, cueId: 'cue-scarf' });
    expect(byOrder.get(unlinked.id)!.lines[0]).toMatchObject({ productId: null, sku: 'OTHER-1' });

    await t.call('session.end', {});
    const review = await t.call('sales.review', { sessionId: session.id });
    expect(review.byCue.map((g) => [g.key, g.label, g.orders, g.units])).toEqual([
      ['cue-scarf', '[[card:TEA-JASMINE-100]]', 3, 7],
      ['cue-tea', '[[card:TEA-JASMINE-100]]', 1, 1],
    ]);
    expect(review.byProduct.map((g) => [g.key, g.units, g.revenue])).toEqual([
      ['unlinked', 4, [{ currency: 'EUR', amountMinor: 2000, minorDigits: 2 }]],
      [tea, 3, [{ currency: 'EUR', amountMinor: 3 * 2490, minorDigits: 2 }]],
      [scarf, 1, [{ currency: 'EUR', amountMinor: 5900, minorDigits: 2 }]],
    ]);
    expect(review.byHost.map((g) => [g.key, g.units])).toEqual([
      ['Luis', 8],
      ['Mei', 8],
    ]);
    expect(review.byVersion.map((g) => [g.key, g.units])).toEqual([['none', 8]]);
    // Recomputed from the stored log after the session, the figures are the same.
    expect((await t.call('sales.summary', { sessionId: session.id })).units).toBe(8);
  });
});

describe('npm run fakes: orders for the demo products', () => {
  it('a buyer on the fake shops\' /buy page orders a demo product; the studio reads it from both shops', async () => {
    const { startDemoPlatforms } = await import('../../support/platforms/demo-platforms');
    const demo = await startDemoPlatforms();
    const t = await startTestHost();
    try {
      const s = demo.values.shopify;
      const tt = demo.values['tiktok-shop'];
      const shopId = (await t.call('platform.save', { platform: 'shopify', label: s.label, markets: s.markets, apiBase: s.apiBase, credentials: { shopDomain: s.shopDomain, accessToken: s.accessToken } })).id;
      const tiktokId = (
        await t.call('platform.save', { platform: 'tiktok-shop', label: tt.label, markets: tt.markets, apiBase: tt.apiBase, authBase: tt.authBase, credentials: { appKey: tt.appKey, appSecret: tt.appSecret } })
      ).id;
      await t.call('platform.authorize', { connectionId: tiktokId, authCode: tt.authCode });
      await t.call('platform.matchProducts', { connectionId: shopId });
      await t.call('platform.matchProducts', { connectionId: tiktokId });
      await t.call('session.start', { title: 'Demo', market: 'DE', hosts: [] });
      await t.host.features.platform.orders.pollNow();
      for (const base of [s.apiBase, tt.apiBase]) {
        const res = await fetch(`${base}/buy`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sku=SILK-SCARF-RED&units=2' });
        expect(await res.text()).toContain('placed');
      }
      // The demo shop's cost bucket (2000 points, 100/s) may be spent by the reads at connect and at the
      // session start: the reader then waits what Shopify says. Wait on the panel's figures, not a time.
      let summary = await t.call('sales.summary', {});
      for (const deadline = Date.now() + 30_000; summary.orders < 2 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 100));
        summary = await t.call('sales.summary', {});
      }
      expect(summary).toMatchObject({ orders: 2, units: 4 });
      expect(summary.topProducts.map((p) => p.productId)).toEqual([(await t.call('catalog.getProduct', { sku: 'SILK-SCARF-RED' })).id]);
    } finally {
      await t.stop();
      await demo.stop();
    }
  });
});
