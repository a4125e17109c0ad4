import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import type { Connection, PlatformCapability, PlatformId } from '../../../electron/shared/contract/platform';
import { PlatformError, type PlatformAdapter, type PromotionSpec } from '../../../electron/core/features/platform/adapters/adapter';
import { mergeTemplates } from '../../../electron/core/features/platform/announcement-templates';
import type { ConnectionRegistry } from '../../../electron/core/features/platform/connection-registry';
import { PlatformHttp } from '../../../electron/core/features/platform/platform-http';
import { PushEngine } from '../../../electron/core/features/platform/push-engine';
import { obsCardText } from '../../../electron/core/features/cards/outputs/obs-native-output';
import { FakePlatform, type FakeRequest } from '../../support/platforms/fake-platform';
import { startTestHost, type TestHost } from '../../support/host';

/**
 * The push engine over a real host (real SQLite, real deal engine and bus) and real HTTP to fake
 * servers, with a small registry and a plain JSON adapter written here: it tests the engine's queue,
 * ordering, retries and recovery, not any platform's wire format (the platform tests do that).
 */

interface Shop {
  promotions: { id: string; title: string; code: string; spec: PromotionSpec; ended: boolean }[];
  chat: { id: string; text: string }[];
}

function fakeShop(name: string): { fake: FakePlatform; shop: Shop } {
  const shop: Shop = { promotions: [], chat: [] };
  const fake = new FakePlatform(name, (req) => {
    if (req.headers.authorization === 'Bearer revoked') return { status: 401, body: { error: 'token revoked' } };
    if (req.method === 'POST' && req.path === '/promotions') {
      const spec = JSON.parse(req.body) as PromotionSpec;
      if (shop.promotions.some((p) => p.title === spec.title)) return { status: 409, body: { error: 'title taken' } };
      const promotion = { id: `P${shop.promotions.length + 1}`, title: spec.title, code: spec.code, spec, ended: false };
      shop.promotions.push(promotion);
      return { status: 200, body: { id: promotion.id } };
    }
    if (req.method === 'GET' && req.path === '/promotions') {
      const found = shop.promotions.find((p) => p.title === req.query.get('title'));
      return { status: 200, body: { promotions: found ? [{ id: found.id }] : [] } };
    }
    const end = /^\/promotions\/(\w+)\/end$/.exec(req.path);
    if (req.method === 'POST' && end) {
      const promotion = shop.promotions.find((p) => p.id === end[1]);
      if (!promotion) return { status: 404, body: { error: 'no such promotion' } };
      promotion.ended = true;
      return { status: 200, body: {} };
    }
    if (req.method === 'POST' && req.path === '/chat') {
      const { text } = JSON.parse(req.body) as { text: string };
      const message = { id: `M${shop.chat.length + 1}`, text };
      shop.chat.push(message);
      return { status: 200, body: { id: message.id } };
    }
    return { status: 404, body: { error: 'unknown path' } };
  });
  return { fake, shop };
}

/** A plain JSON platform: 429 -> throttled (Retry-After), 401 -> auth, other 4xx -> refused, 5xx -> unavailable. */
function jsonAdapter(platform: PlatformId, fake: FakePlatform, token: () => string): PlatformAdapter {
  const http = new PlatformHttp();
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    let res;
    try {
      res = await http.request({
        method,
        url: `${fake.base}${path}`,
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: 2000,
      });
    } catch (error) {
      throw new PlatformError('network', (error as Error).message, { platformCode: (error as { code?: string }).code });
    }
    const json = res.text ? (JSON.parse(res.text) as Record<string, unknown>) : {};
    if (res.status === 429) throw new PlatformError('throttled', 'slow down', { httpStatus: 429, retryAfterMs: Number(res.headers['retry-after'] ?? 0) * 1000 });
    if (res.status === 401) throw new PlatformError('auth', String(json.error), { httpStatus: 401, platformCode: 'revoked' });
    if (res.status >= 500) throw new PlatformError('unavailable', `HTTP ${res.status}`, { httpStatus: res.status });
    if (res.status >= 400) throw new PlatformError('refused', String(json.error), { httpStatus: res.status, platformCode: `E${res.status}` });
    return json;
  };
  const chat = platform === 'youtube' || platform === 'twitch';
  return {
    platform,
    capabilities: new Set<PlatformCapability>(chat ? ['chatAnnouncement'] : [platform === 'shopify' ? 'discountCode' : 'promotion']),
    check: async () => ({ account: fake.name }),
    authorize: async () => ({ kind: 'done' }),
    tokenExpiresAt: () => null,
    refreshIfDue: async () => false,
    ...(chat
      ? {
          maxAnnouncementLength: 200,
          announce: async (a) => ({ remoteId: String((await call('POST', '/chat', { text: a.text })).id) }),
        }
      : {
          createPromotion: async (spec) => ({ remoteId: String((await call('POST', '/promotions', spec)).id), code: platform === 'shopify' ? spec.code : null, status: null }),
          findPromotion: async (spec) => {
            const found = (await call('GET', `/promotions?title=${encodeURIComponent(spec.title)}`)).promotions as { id: string }[];
            return found[0] ? { remoteId: found[0].id, code: platform === 'shopify' ? spec.code : null, status: null } : null;
          },
          endPromotion: async (remote) => void (await call('POST', `/promotions/${remote.remoteId}/end`, {})),
        }),
    close: () => http.close(),
  };
}

function connection(id: string, platform: PlatformId, capabilities: PlatformCapability[]): Connection {
  return {
    id,
    platform,
    label: `${platform} ${id}`,
    markets: ['US'],
    enabled: true,
    state: 'connected',
    message: '',
    stateCode: null,
    account: null,
    capabilities,
    apiBase: '',
    authBase: '',
    credentialsSet: [],
    tokenExpiresAt: null,
    announce: { pin: true, dealStart: true, dealLastMinute: true, dealEnd: true },
    checkedAt: null,
    createdAt: 0,
  };
}

/** A registry of three connections, each linked to the demo products, whose state the engine can change. */
function testRegistry(adapters: Record<string, PlatformAdapter>, connections: Connection[]) {
  const listeners = new Set<(id: string) => void>();
  const registry: ConnectionRegistry = {
    list: () => connections.map((c) => ({ ...c })),
    get: (id) => connections.find((c) => c.id === id) ?? null,
    adapter: (id) => adapters[id] ?? null,
    remoteProduct: (id) => (connections.find((c) => c.id === id)!.capabilities.includes('chatAnnouncement') ? null : { remoteProductId: `R-${id}`, remoteSkuIds: [] }),
    setState: (id, state, code, message) => {
      const c = connections.find((x) => x.id === id)!;
      if (c.state === state) return;
      Object.assign(c, { state, stateCode: code, message });
      for (const l of listeners) l(id);
    },
    onChanged: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  return registry;
}

describe('push engine: deals to platform promotions, codes and announcements', () => {
  // The host's clock runs with real time (retry timers wait on it); the test jumps it forward to move deals on.
  const clock = { skew: 0, get now() { return Date.now() + this.skew; } };
  let t: TestHost;
  let engine: PushEngine;
  let tiktok: ReturnType<typeof fakeShop>;
  let shopify: ReturnType<typeof fakeShop>;
  let youtube: ReturnType<typeof fakeShop>;
  let connections: Connection[];
  let events: HostEvent[];
  let tokens: Record<string, string>;

  beforeEach(async () => {
    t = await startTestHost({ now: () => clock.now });
    clock.skew = 0;
    events = [];
    t.host.context.bus.subscribeAll((e) => events.push(e));
    tiktok = fakeShop('tiktok');
    shopify = fakeShop('shopify');
    youtube = fakeShop('youtube');
    await Promise.all([tiktok.fake.start(), shopify.fake.start(), youtube.fake.start()]);
    tokens = { tt: 'ok', sh: 'ok', yt: 'ok' };
    connections = [
      connection('tt', 'tiktok-shop', ['promotion', 'products']),
      connection('sh', 'shopify', ['discountCode', 'products']),
      connection('yt', 'youtube', ['chatAnnouncement']),
    ];
    const adapters = {
      tt: jsonAdapter('tiktok-shop', tiktok.fake, () => tokens.tt!),
      sh: jsonAdapter('shopify', shopify.fake, () => tokens.sh!),
      yt: jsonAdapter('youtube', youtube.fake, () => tokens.yt!),
    };
    const ctx = t.host.context;
    engine = new PushEngine({
      db: ctx.db,
      bus: ctx.bus,
      registry: testRegistry(adapters, connections),
      deals: t.host.features.cards.deals.store,
      catalog: t.host.features.catalog.store,
      now: ctx.now,
      templates: () => mergeTemplates(null),
      reportError: () => undefined,
      backoff: { firstMs: 20, maxMs: 200 },
    });
    engine.start();
  });

  afterEach(async () => {
    await engine.stop();
    await t.stop();
    await Promise.all([tiktok.fake.stop(), shopify.fake.stop(), youtube.fake.stop()]);
  });

  /** Resolves when every connection's queue is empty (or only failed rows are left). */
  async function settled(): Promise<void> {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (engine.pushes({ limit: 1 }).pending === 0) return resolve();
        if (process.env.DEBUG_PUSH) console.log(JSON.stringify(engine.pushes({ limit: 5 }).pushes.map((p) => [p.key.slice(0, 50), p.status, p.attempts, p.lastError])));
        setTimeout(check, 10);
      };
      check();
    });
  }

  async function runDeal(options: { leadInS?: number; durationS?: number; dealPriceMinor?: number } = {}) {
    const { deal } = await t.call('deal.create', {
      sku: 'TEA-JASMINE-100',
      market: 'US',
      dealPriceMinor: options.dealPriceMinor ?? 1999,
      stock: 40,
      perBuyerLimit: 1,
      durationS: options.durationS ?? 120,
      leadInS: options.leadInS ?? 10,
    });
    await t.call('deal.start', { dealId: deal.id });
    return deal;
  }

  function goLive() {
    clock.skew += 10_000;
    t.host.features.cards.deals.tick();
  }

  const isCreate = (r: FakeRequest) => r.method === 'POST' && r.path === '/promotions';
  const isEnd = (r: FakeRequest) => r.method === 'POST' && r.path.endsWith('/end');

  it('announces a pin with the price viewers pay: a DE price entered net is said with VAT', async () => {
    connections.find((c) => c.id === 'yt')!.markets = ['DE'];
    const tea = await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    await t.call('catalog.saveProduct', {
      product: { ...tea, prices: tea.prices.map((p) => (p.market === 'DE' ? { ...p, amountMinor: 1924, taxInclusive: false } : p)) },
    });
    await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE', output: 'overlay' });
    await youtube.fake.waitFor((r) => r.path === '/chat');
    await settled();
    expect(youtube.shop.chat[0]!.text.replace(/\u00a0/g, ' ')).toContain('22,90 €');
  });

  it('creates one promotion and one code at the countdown, announces start and end once, and ends both', async () => {
    await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'US', output: 'overlay' });
    const deal = await runDeal();
    await tiktok.fake.waitFor(isCreate);
    await settled();
    let platforms = (await t.call('deal.get', { dealId: deal.id })).platforms;
    expect(platforms.map((p) => [p.connectionId, p.state])).toEqual([
      ['tt', 'created'],
      ['sh', 'created'],
    ]);
    const created = tiktok.shop.promotions[0]!.spec;
    const started = (await t.call('deal.get', { dealId: deal.id })).liveAt!;
    expect(created).toMatchObject({ dealPriceMinor: 1999, quantityLimit: 40, perBuyerLimit: 1, beginAt: started, endAt: started + 120_000, remoteProductId: 'R-tt' });
    expect(created.title.length).toBeLessThanOrEqual(50);

    goLive();
    await youtube.fake.waitFor((r) => r.path === '/chat' && r.body.includes('Flash deal'));
    await settled();
    platforms = (await t.call('deal.get', { dealId: deal.id })).platforms;
    const code = platforms.find((p) => p.connectionId === 'sh')!.code!;
    expect(code).toMatch(new RegExp(`^${deal.code}-`));
    expect(platforms.map((p) => p.state)).toEqual(['live', 'live', 'live']);
    // The pin was announced in the chat, and each shop with the product linked reminds the host to pin it there.
    expect(youtube.shop.chat[0]!.text).toBe('Now showing: Jasmine Silver Needle Tea, 100 g for $24.99. Tap the pinned product to buy!');
    expect(events.filter((e) => e.name === 'platform.pinReminder').map((e) => e.payload)).toEqual([
      expect.objectContaining({ connectionId: 'tt', remoteProductId: 'R-tt' }),
      expect.objectContaining({ connectionId: 'sh', remoteProductId: 'R-sh' }),
    ]);
    expect(youtube.shop.chat[1]!.text).toContain(code);
    // The code is on the card (overlay page and OBS scene text) once the shop made it.
    const { card } = await t.call('card.current', { output: 'overlay' });
    expect(card!.deal!.discountCode).toBe(code);
    expect(obsCardText(card!, Date.now())).toContain(`Use code ${code}`);
    expect(youtube.shop.chat[1]!.text).toBe(`Flash deal! Jasmine Silver Needle Tea, 100 g now $19.99 with code ${code}. Limited stock!`);

    await t.call('deal.end', { dealId: deal.id });
    await settled();
    expect(tiktok.shop.promotions).toHaveLength(1);
    expect(shopify.shop.promotions).toHaveLength(1);
    expect(tiktok.shop.promotions[0]!.ended).toBe(true);
    expect(shopify.shop.promotions[0]!.ended).toBe(true);
    expect(tiktok.fake.received(isCreate)).toHaveLength(1);
    expect(tiktok.fake.received(isEnd)).toHaveLength(1);
    expect(youtube.shop.chat.map((m) => m.text)).toEqual([
      expect.stringContaining('Now showing'),
      expect.stringContaining('Flash deal'),
      expect.stringContaining('has ended'),
    ]);
    platforms = (await t.call('deal.get', { dealId: deal.id })).platforms;
    expect(platforms.map((p) => p.state)).toEqual(['ended', 'ended', 'ended']);
    const pushed = events.filter((e) => e.name === 'platform.pushed').map((e) => e.payload as { key: string; outcome: string });
    expect(pushed.filter((p) => p.outcome === 'ok')).toHaveLength(7);
  });

  it('waits out a 429 (Retry-After) and a server down, finds what an unanswered create made, and still makes one of each in order', async () => {
    tiktok.fake.inject(isCreate, { kind: 'respond', response: { status: 429, headers: { 'retry-after': '0.2' }, body: { error: 'slow' } } });
    shopify.fake.inject(isCreate, { kind: 'dropAfterHandling' });
    await youtube.fake.takeDown();
    const deal = await runDeal();
    await settled();
    expect(tiktok.fake.received(isCreate)).toHaveLength(2);
    const throttled = tiktok.fake.received(isCreate);
    expect(throttled[1]!.at - throttled[0]!.at).toBeGreaterThanOrEqual(180);
    // The first create was acted on but never answered: the engine looked it up instead of creating again.
    expect(shopify.fake.received(isCreate)).toHaveLength(1);
    expect(shopify.fake.received((r) => r.method === 'GET')).toHaveLength(1);
    expect(shopify.shop.promotions).toHaveLength(1);

    goLive();
    // YouTube is down: the start announcement waits and the connection says it is in error.
    await new Promise<void>((resolve) => {
      const check = () => (connections[2]!.state === 'error' ? resolve() : setTimeout(check, 10));
      check();
    });
    await youtube.fake.bringBack();
    await youtube.fake.waitFor((r) => r.path === '/chat');
    await t.call('deal.end', { dealId: deal.id });
    await settled();
    expect(connections[2]!.state).toBe('connected');
    expect(youtube.shop.chat).toHaveLength(2);
    expect(tiktok.shop.promotions.map((p) => p.ended)).toEqual([true]);
    expect(shopify.shop.promotions.map((p) => p.ended)).toEqual([true]);
    const ttOrder = tiktok.fake.received((r) => r.method === 'POST').map((r) => (isCreate(r) ? 'create' : 'end'));
    expect(ttOrder).toEqual(['create', 'create', 'end']);
  });

  it('fails a refused push with the platform message and code while the other connections and later deals go on', async () => {
    tiktok.fake.inject(isCreate, { kind: 'respond', response: { status: 422, body: { error: 'product not in the shop' } } });
    const first = await runDeal();
    await settled();
    let platforms = (await t.call('deal.get', { dealId: first.id })).platforms;
    expect(platforms.find((p) => p.connectionId === 'tt')).toMatchObject({ state: 'failed', message: 'product not in the shop', errorCode: 'E422' });
    expect(platforms.find((p) => p.connectionId === 'sh')).toMatchObject({ state: 'created' });
    await t.call('deal.end', { dealId: first.id });
    await settled();
    const second = await runDeal();
    await settled();
    expect((await t.call('deal.get', { dealId: second.id })).platforms.find((p) => p.connectionId === 'tt')).toMatchObject({ state: 'created' });
    // Retried by hand after the deal ended: nothing is created for a deal that is over.
    expect(engine.retry({ dealId: first.id, connectionId: 'tt' })).toBe(1);
    await settled();
    platforms = (await t.call('deal.get', { dealId: first.id })).platforms;
    expect(platforms.find((p) => p.connectionId === 'tt')).toMatchObject({ state: 'skipped', errorCode: 'deal_finished' });
    expect(tiktok.shop.promotions).toHaveLength(1);
  });

  it('parks a connection whose sign-in was revoked as needs-auth and sends its queue once signed in again', async () => {
    tokens.tt = 'revoked';
    const deal = await runDeal();
    await shopify.fake.waitFor(isCreate);
    await new Promise<void>((resolve) => {
      const check = () => (connections[0]!.state === 'needs-auth' ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(engine.pushes({ connectionId: 'tt', limit: 10 }).pending).toBe(1);
    expect(tiktok.shop.promotions).toHaveLength(0);
    tokens.tt = 'ok';
    connections[0]!.state = 'connected';
    engine.kick('tt');
    await settled();
    expect(tiktok.shop.promotions).toHaveLength(1);
    expect((await t.call('deal.get', { dealId: deal.id })).platforms[0]).toMatchObject({ connectionId: 'tt', state: 'created' });
  });

  it('checks TikTok Shop flash-deal rules before sending: a deal without countdown is refused there, in the price rules\' words', async () => {
    const deal = await runDeal({ leadInS: 0, durationS: 1500 });
    await shopify.fake.waitFor(isCreate);
    await settled();
    const tt = (await t.call('deal.get', { dealId: deal.id })).platforms.find((p) => p.connectionId === 'tt')!;
    expect(tt).toMatchObject({ state: 'failed', errorCode: 'flash_deal_rules:countdown_10_300_s,duration_1_20_min' });
    expect(tt.message).toContain('TikTok Shop flash deals need a countdown of 10 to 300 seconds');
    expect(tt.message).toContain('TikTok Shop flash deals run 1 to 20 minutes');
    expect(tiktok.fake.requests).toHaveLength(0);
  });
});
