import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract';
import type { Deal } from '../../../electron/shared/contract/deals';
import { assertFreshBuild } from '../../support/build-freshness';
import { startServedHost, type ServedHost } from '../../support/served-host';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { FakeTikTokShop } from '../../support/platforms/tiktok-shop';
import { FakeGoogle } from '../../support/platforms/google';
import { FakeTwitch } from '../../support/platforms/twitch';
import { FakeYouTube } from '../../support/platforms/youtube';
import type { FakeRequest } from '../../support/platforms/fake-platform';
import { tempDir } from '../../support/temp';

/**
 * Deals pushed to real adapters against the fake platforms by a real host process (out/main/serve.js):
 * exactly one discount code per deal, created and deactivated, and announcements once each, also when
 * a platform is down for a while, answers 429, or the host is killed between "sent" and "answered".
 */

const repo = path.resolve(import.meta.dirname, '../../..');
beforeAll(() => assertFreshBuild(repo));
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rest<M extends MethodName>(host: ServedHost, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const res = await fetch(`${host.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as MethodOutput<M> & { error?: { message: string } };
  if (!res.ok) throw new Error(`${method}: ${body.error?.message ?? res.status}`);
  return body;
}

/** Polls the host's own state (never a fixed sleep) until `ready` says yes. */
async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Studio {
  dataDir: string;
  host: ServedHost;
  shopify: ShopifyFake;
  tiktok: FakeTikTokShop;
  twitch: FakeTwitch;
  tiktokId: string;
  shopId: string;
  channelId: string;
}

const clientId = 'studio-twitch-client';

async function studio(): Promise<Studio> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'USD' });
  cleanups.push(() => shopify.stop());
  shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.99' }] });
  const tiktok = new FakeTikTokShop({
    shops: [{ id: '7495000000000009', name: 'Tea US', region: 'US', cipher: 'ROW_fake_cipher_us', seller_type: 'LOCAL' }],
    products: [{ id: '1729000000000001', title: 'Jasmine Silver Needle Tea', skus: [{ id: '1729000000000011', sellerSku: 'TEA-JASMINE-100', price: '24.99', currency: 'USD', stock: 500 }] }],
  });
  await tiktok.start();
  cleanups.push(() => tiktok.stop());
  const twitch = new FakeTwitch();
  twitch.addClient(clientId);
  twitch.deviceIntervalSeconds = 0.05;
  const bases = await twitch.start();
  cleanups.push(() => twitch.stop());
  const host = await startServedHost(t.dir);
  cleanups.push(() => host.kill());

  const shop = await rest(host, 'platform.save', {
    platform: 'shopify',
    label: 'Tea shop',
    markets: ['US'],
    apiBase: shopify.base,
    credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
  });
  const matched = await rest(host, 'platform.matchProducts', { connectionId: shop.id });
  expect(matched.matches.find((m) => m.sku === 'TEA-JASMINE-100')?.outcome).toBe('linked');

  const tt = await rest(host, 'platform.save', {
    platform: 'tiktok-shop',
    label: 'Tea on TikTok',
    markets: ['US'],
    apiBase: tiktok.server.base,
    authBase: tiktok.server.base,
    credentials: { appKey: tiktok.appKey, appSecret: tiktok.appSecret, authCode: tiktok.issueAuthCode() },
  });
  const ttMatched = await rest(host, 'platform.matchProducts', { connectionId: tt.id });
  expect(ttMatched.matches.find((m) => m.sku === 'TEA-JASMINE-100')?.outcome).toBe('linked');

  const channel = await rest(host, 'platform.save', {
    platform: 'twitch',
    label: 'Tea channel',
    markets: ['US'],
    apiBase: bases.apiBase,
    authBase: bases.authBase,
    credentials: { clientId },
  });
  const { next } = await rest(host, 'platform.authorize', { connectionId: channel.id });
  if (next.kind !== 'deviceCode') throw new Error(`expected a device code, got ${next.kind}`);
  twitch.approveDevice(next.userCode);
  await until(
    () => rest(host, 'platform.list', {}),
    (l) => l.connections.every((c) => c.state === 'connected'),
    'both connections connected',
  );
  return { dataDir: t.dir, host, shopify, tiktok, twitch, tiktokId: tt.id, shopId: shop.id, channelId: channel.id };
}

const isCreate = (r: FakeRequest) => r.body.includes('discountCodeBasicCreate');
const isDeactivate = (r: FakeRequest) => r.body.includes('discountCodeDeactivate');
const isActivityCreate = (r: FakeRequest) => r.method === 'POST' && r.path === '/promotion/202309/activities';
const isActivityEnd = (r: FakeRequest) => r.method === 'POST' && /^\/promotion\/202309\/activities\/\d+\/deactivate$/.test(r.path);

async function createDeal(host: ServedHost, leadInS = 10): Promise<Deal> {
  const { deal } = await rest(host, 'deal.create', {
    sku: 'TEA-JASMINE-100',
    market: 'US',
    dealPriceMinor: 1999,
    stock: 40,
    perBuyerLimit: 1,
    durationS: 120,
    leadInS,
  });
  return deal;
}

const platformOf = (deal: Deal, connectionId: string) => deal.platforms.find((p) => p.connectionId === connectionId);

describe('deal pushes from a real host process to the fake platforms', { timeout: 60_000 }, () => {
  it('a deal started then ended: one TikTok flash sale and one Shopify code created and deactivated, start and end announced once each', async () => {
    const s = await studio();
    const deal = await createDeal(s.host, 10);
    const started = await rest(s.host, 'deal.start', { dealId: deal.id });
    // During the 10 s countdown: the flash sale exists on TikTok, starting when the deal goes live.
    const counting = await until(
      () => rest(s.host, 'deal.get', { dealId: deal.id }),
      (d) => platformOf(d, s.tiktokId)?.state === 'created',
      'the TikTok flash sale',
    );
    const [activity] = s.tiktok.activityList();
    expect(s.tiktok.activityList()).toHaveLength(1);
    expect(activity).toMatchObject({
      id: platformOf(counting, s.tiktokId)!.remoteId,
      activity_type: 'FLASHSALE',
      // Whole seconds inside the deal: never before it goes live, never after it ends.
      begin_time: Math.ceil(started.liveAt! / 1000),
      end_time: Math.floor(started.endsAt! / 1000),
    });
    expect(activity!.title.length).toBeLessThanOrEqual(50);
    expect(s.tiktok.productsOf(activity!.id)).toEqual([
      expect.objectContaining({ id: '1729000000000001', quantity_limit: 40, quantity_per_user: 1 }),
    ]);
    expect(JSON.stringify(s.tiktok.productsOf(activity!.id))).toContain('19.99');
    const live = await until(
      () => rest(s.host, 'deal.get', { dealId: deal.id }),
      (d) => d.state === 'live' && d.platforms.every((p) => p.state === 'live'),
      'the deal live on every connection',
    );
    const code = platformOf(live, s.shopId)!.code!;
    const discount = s.shopify.discountByCode(code)!;
    expect(discount).toMatchObject({ usageLimit: 40, appliesOncePerCustomer: true, deactivatedAt: null });
    expect(s.twitch.announcements.map((a) => a.message)).toEqual([`Flash deal! Jasmine Silver Needle Tea, 100 g now $19.99 with code ${code}. Limited stock!`]);

    await rest(s.host, 'deal.end', { dealId: deal.id });
    const ended = await until(
      () => rest(s.host, 'deal.get', { dealId: deal.id }),
      (d) => d.platforms.every((p) => p.state === 'ended'),
      'both ended',
    );
    expect(ended.platforms).toHaveLength(3);
    expect(s.tiktok.activityList().map((a) => a.status)).toEqual(['DEACTIVATED']);
    expect(s.tiktok.calls().filter(isActivityCreate)).toHaveLength(1);
    expect(s.tiktok.calls().filter(isActivityEnd)).toHaveLength(1);
    expect(s.shopify.discounts).toHaveLength(1);
    expect(s.shopify.discountByCode(code)!.deactivatedAt).not.toBeNull();
    expect(s.shopify.received(isCreate)).toHaveLength(1);
    expect(s.shopify.received(isDeactivate)).toHaveLength(1);
    // The start is a highlighted announcement, the end a plain chat message (the Twitch adapter's choice).
    expect(s.twitch.announcements.map((a) => a.message)).toEqual([expect.stringContaining('Flash deal!')]);
    expect(s.twitch.chatMessages.map((m) => m.message)).toEqual(['The flash deal on Jasmine Silver Needle Tea, 100 g has ended. Thanks for shopping with us!']);
    const pushes = await rest(s.host, 'platform.pushes', { dealId: deal.id });
    // Newest first, per connection in the order they were made.
    const byConnection = (id: string) => pushes.pushes.filter((p) => p.connectionId === id).map((p) => [p.action, p.status]);
    for (const id of [s.tiktokId, s.shopId]) {
      expect(byConnection(id)).toEqual([
        ['promotion.end', 'delivered'],
        ['promotion.create', 'delivered'],
      ]);
    }
    expect(byConnection(s.channelId)).toEqual([
      ['announcement', 'delivered'],
      ['announcement', 'delivered'],
    ]);
  });

  it('a shop down for a while and 429s: still one flash sale and one code, created then deactivated, in order', async () => {
    const s = await studio();
    await s.shopify.takeDown();
    s.tiktok.server.inject(isActivityCreate, {
      kind: 'respond',
      response: { status: 429, headers: { 'retry-after': '1' }, body: { code: 36009002, message: 'Too many requests', request_id: 'fake-429', data: {} } },
    });
    const deal = await createDeal(s.host, 10);
    await rest(s.host, 'deal.start', { dealId: deal.id });
    await until(
      () => rest(s.host, 'platform.list', {}),
      (l) => l.connections.find((c) => c.id === s.shopId)?.state === 'error',
      'the shop connection in error',
    );
    s.shopify.inject(isCreate, { kind: 'respond', response: { status: 429, headers: { 'retry-after': '1' }, body: { errors: 'Throttled' } } });
    await s.shopify.bringBack();
    await until(
      () => rest(s.host, 'deal.get', { dealId: deal.id }),
      (d) => platformOf(d, s.shopId)?.state === 'created' && platformOf(d, s.tiktokId)?.state === 'created',
      'the code made once the shop is back, the flash sale after the 429',
    );
    await rest(s.host, 'deal.end', { dealId: deal.id });
    await until(
      () => rest(s.host, 'deal.get', { dealId: deal.id }),
      (d) => d.platforms.every((p) => p.state === 'ended'),
      'both ended',
    );
    expect(s.shopify.discounts).toHaveLength(1);
    expect(s.shopify.discounts[0]!.deactivatedAt).not.toBeNull();
    const ttCalls = s.tiktok.calls().filter((r) => isActivityCreate(r) || isActivityEnd(r));
    expect(ttCalls.map((r) => (isActivityCreate(r) ? 'create' : 'deactivate'))).toEqual(['create', 'create', 'deactivate']);
    expect(ttCalls[1]!.at - ttCalls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(s.tiktok.activityList().map((a) => a.status)).toEqual(['DEACTIVATED']);
    const calls = s.shopify.received((r) => isCreate(r) || isDeactivate(r)).map((r) => (isCreate(r) ? 'create' : 'deactivate'));
    // The 429 was not acted on; the next create made the code; then it was deactivated.
    expect(calls).toEqual(['create', 'create', 'deactivate']);
    expect((await rest(s.host, 'platform.list', {})).connections.find((c) => c.id === s.shopId)?.state).toBe('connected');
  });

  it('a host killed between "sent" and "answered" finds the code it made, and ends it after the restart', async () => {
    const s = await studio();
    const held = s.shopify.hold(isCreate);
    const heldTikTok = s.tiktok.server.hold(isActivityCreate);
    const deal = await createDeal(s.host, 10);
    await rest(s.host, 'deal.start', { dealId: deal.id });
    await Promise.all([held.arrived, heldTikTok.arrived]);
    expect(s.shopify.discounts).toHaveLength(1);
    expect(s.tiktok.activityList()).toHaveLength(1);
    await s.host.kill();

    const again = await startServedHost(s.dataDir);
    cleanups.push(() => again.kill());
    held.release();
    heldTikTok.release();
    // The deal was counting down when the host died: it ends at restart (host_interrupted), and its code
    // is found (not made again) and deactivated.
    const ended = await until(
      () => rest(again, 'deal.get', { dealId: deal.id }),
      (d) => platformOf(d, s.shopId)?.state === 'ended' && platformOf(d, s.tiktokId)?.state === 'ended',
      'the code and the flash sale found and ended after the restart',
    );
    expect(ended).toMatchObject({ state: 'ended', finishReason: 'host_interrupted' });
    expect(s.shopify.discounts).toHaveLength(1);
    expect(s.shopify.discounts[0]!.deactivatedAt).not.toBeNull();
    expect(s.shopify.received(isCreate)).toHaveLength(1);
    expect(platformOf(ended, s.shopId)!.code).toBe(s.shopify.discounts[0]!.code);
    expect(s.tiktok.activityList().map((a) => a.status)).toEqual(['DEACTIVATED']);
    expect(s.tiktok.calls().filter(isActivityCreate)).toHaveLength(1);
    expect(platformOf(ended, s.tiktokId)!.remoteId).toBe(s.tiktok.activityList()[0]!.id);
  });
});

/** A served host with one chat connection (no shop): what a pin announcement goes to. */
async function chatStudio(platform: 'youtube' | 'twitch') {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const host = await startServedHost(t.dir);
  cleanups.push(() => host.kill());
  if (platform === 'youtube') {
    const google = new FakeGoogle();
    const youtube = new FakeYouTube(google);
    await google.start();
    await youtube.start();
    cleanups.push(() => youtube.stop(), () => google.stop());
    google.addClient('desktop.apps.googleusercontent.com', 'GOCSPX-secret');
    const broadcast = youtube.startBroadcast();
    const channel = await rest(host, 'platform.save', {
      platform: 'youtube',
      label: 'Tea channel',
      markets: ['US'],
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' },
    });
    const { next } = await rest(host, 'platform.authorize', { connectionId: channel.id });
    if (next.kind !== 'browser') throw new Error(`expected a browser sign-in, got ${next.kind}`);
    // What the system browser does: the consent page (approving at once) sends it back to the host.
    const consent = await fetch(next.url, { redirect: 'manual' });
    expect((await fetch(consent.headers.get('location')!)).status).toBe(200);
    await until(() => rest(host, 'platform.list', {}), (l) => l.connections[0]?.state === 'connected', 'the YouTube channel connected');
    const posts = () => youtube.chats.get(broadcast.liveChatId)!.messages.map((m) => m.text);
    const isPost = (r: FakeRequest) => r.method === 'POST' && r.path === '/youtube/v3/liveChat/messages';
    return { dataDir: t.dir, host, channelId: channel.id, server: youtube.server, posts, isPost };
  }
  const twitch = new FakeTwitch();
  twitch.addClient(clientId);
  twitch.deviceIntervalSeconds = 0.05;
  const bases = await twitch.start();
  cleanups.push(() => twitch.stop());
  const channel = await rest(host, 'platform.save', { platform: 'twitch', label: 'Tea channel', markets: ['US'], ...bases, credentials: { clientId } });
  const { next } = await rest(host, 'platform.authorize', { connectionId: channel.id });
  if (next.kind !== 'deviceCode') throw new Error(`expected a device code, got ${next.kind}`);
  twitch.approveDevice(next.userCode);
  await until(() => rest(host, 'platform.list', {}), (l) => l.connections[0]?.state === 'connected', 'the Twitch channel connected');
  const posts = () => [...twitch.announcements, ...twitch.chatMessages].map((m) => m.message);
  const isPost = (r: FakeRequest) => r.method === 'POST' && (r.path === '/helix/chat/announcements' || r.path === '/helix/chat/messages');
  return { dataDir: t.dir, host, channelId: channel.id, server: twitch.api, posts, isPost };
}

const pinPushes = async (host: ServedHost, connectionId: string) =>
  (await rest(host, 'platform.pushes', { connectionId })).pushes.filter((p) => p.key.startsWith('pin:'));

describe('chat announcements from a real host process killed between "sent" and "answered"', { timeout: 60_000 }, () => {
  it('YouTube: the restarted host finds the message it posted in the chat and never posts it again', async () => {
    const s = await chatStudio('youtube');
    const held = s.server.hold(s.isPost);
    await rest(s.host, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    await held.arrived;
    expect(s.posts()).toHaveLength(1); // YouTube acted on it; its answer never reaches the host
    await s.host.kill();

    const again = await startServedHost(s.dataDir);
    cleanups.push(() => again.kill());
    held.release();
    const [push] = await until(
      () => pinPushes(again, s.channelId),
      (p) => p[0]?.status === 'delivered',
      'the pin announcement found in the chat after the restart',
    );
    expect(push!.attempts).toBe(2);
    expect(s.posts()).toHaveLength(1);
    expect(s.posts()[0]).toContain('Jasmine Silver Needle Tea');
    // The queue goes on: the next pin is posted once, after it.
    await rest(again, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    await until(() => pinPushes(again, s.channelId), (p) => p.length === 2 && p.every((x) => x.status === 'delivered'), 'the next pin posted');
    expect(s.posts()).toHaveLength(2);
  });

  it('Twitch: a send whose answer never came is reported unconfirmed after the restart, never sent twice', async () => {
    const s = await chatStudio('twitch');
    const held = s.server.hold(s.isPost);
    await rest(s.host, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    await held.arrived;
    expect(s.posts()).toHaveLength(1);
    await s.host.kill();

    const again = await startServedHost(s.dataDir);
    cleanups.push(() => again.kill());
    held.release();
    // Twitch cannot read its chat back: the host cannot know whether it went out, and says so.
    const [push] = await until(() => pinPushes(again, s.channelId), (p) => p[0]?.status === 'failed', 'the pin announcement reported unconfirmed');
    expect(push!.lastError).toMatch(/^unconfirmed: Sent once without an answer; not sent again/);
    // The next pin goes out once; the unconfirmed one was not sent again meanwhile.
    await rest(again, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    await until(() => pinPushes(again, s.channelId), (p) => p.length === 2 && p[0]!.status === 'delivered', 'the next pin posted');
    expect(s.posts()).toHaveLength(2);
    expect((await pinPushes(again, s.channelId))[1]).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
