import { afterEach, describe, expect, it } from 'vitest';
import { viewerDropRule } from '../../../electron/core/features/audience/viewers';
import { recordEvents, waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { FakeGoogle } from '../../support/platforms/google';
import { FakeTwitch } from '../../support/platforms/twitch';
import { FakeYouTube, type FakeBroadcast } from '../../support/platforms/youtube';

/**
 * The platform feature's chat and viewer readers in a real in-process host (real SQLite, bus, adapters)
 * against the fake YouTube and Twitch: comments reach the audience feature once each, the cursor is
 * saved, audience.status tells each reader's state, viewers become audience.viewers and a sharp drop
 * audience.viewerDrop.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const googleClient = { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' };
const twitchClient = 'twitch-client-1';

async function host(): Promise<TestHost> {
  const h = await startTestHost();
  cleanups.push(() => h.stop());
  return h;
}

async function youtubeConnection(h: TestHost): Promise<{ youtube: FakeYouTube; google: FakeGoogle; broadcast: FakeBroadcast; id: string }> {
  const google = new FakeGoogle();
  const youtube = new FakeYouTube(google);
  await google.start();
  await youtube.start();
  cleanups.push(() => youtube.stop(), () => google.stop());
  google.addClient(googleClient.clientId, googleClient.clientSecret);
  youtube.pollingIntervalMillis = 100;
  const broadcast = youtube.startBroadcast('Tea tasting');
  const saved = await h.call('platform.save', { platform: 'youtube', label: 'Tea channel', markets: ['US'], apiBase: youtube.base, authBase: google.base, credentials: googleClient });
  const { next } = await h.call('platform.authorize', { connectionId: saved.id });
  if (next.kind !== 'browser') throw new Error('expected the consent page');
  // The system browser: Google's consent (approve mode) redirects to the host's own /oauth/callback.
  const consent = await fetch(next.url, { redirect: 'manual' });
  await fetch(consent.headers.get('location')!);
  await waitFor(() => h.host.features.platform.registry.get(saved.id)?.state === 'connected', 'YouTube connected');
  return { youtube, google, broadcast, id: saved.id };
}

async function twitchConnection(h: TestHost): Promise<{ twitch: FakeTwitch; id: string }> {
  const twitch = new FakeTwitch();
  const bases = await twitch.start();
  cleanups.push(() => twitch.stop());
  twitch.addClient(twitchClient);
  twitch.deviceIntervalSeconds = 0.05;
  const saved = await h.call('platform.save', { platform: 'twitch', label: 'Tea on Twitch', markets: ['US'], ...bases, credentials: { clientId: twitchClient } });
  const { next } = await h.call('platform.authorize', { connectionId: saved.id });
  if (next.kind !== 'deviceCode') throw new Error('expected a device code');
  twitch.approveDevice(next.userCode);
  await waitFor(() => h.host.features.platform.registry.get(saved.id)?.state === 'connected', 'Twitch connected');
  return { twitch, id: saved.id };
}

describe('chat readers in the host', () => {
  it('YouTube comments reach the chat store once each, the cursor is saved after them, audience.status says listening', async () => {
    const h = await host();
    const { youtube, broadcast, id } = await youtubeConnection(h);
    const rec = recordEvents(h);
    youtube.viewerSays(broadcast.liveChatId, '¿Cuánto cuesta?', { channelId: 'UC-ana', name: 'Ana' });
    youtube.viewerSays(broadcast.liveChatId, 'Super!', { channelId: 'UC-bob', name: 'Bob', superChat: { amountMicros: 2_000_000, currency: 'EUR' } });
    await waitFor(async () => (await h.call('chat.list', {})).messages.length === 2, 'two comments');
    const { messages } = await h.call('chat.list', {});
    expect(messages.map((m) => [m.platform, m.connectionId, m.authorName, m.text, m.kind])).toEqual([
      ['youtube', id, 'Ana', '¿Cuánto cuesta?', 'text'],
      ['youtube', id, 'Bob', 'Super!', 'superChat'],
    ]);
    expect(messages[1]!.amount).toEqual({ currency: 'EUR', amountMinor: 200, minorDigits: 2 });
    const cursor = h.host.context.db.prepare("SELECT cursor FROM audience_cursors WHERE connection_id = ? AND stream = 'chat'").get(id) as { cursor: string };
    expect(JSON.parse(cursor.cursor)).toEqual({ liveChatId: broadcast.liveChatId, pageToken: '2' });

    const status = await waitFor(async () => {
      const s = await h.call('audience.status', {});
      return s.sources.find((x) => x.connectionId === id && x.state === 'listening' && x.messages === 2) ? s : null;
    }, 'the source listening');
    expect(status.sources.find((x) => x.connectionId === id)).toMatchObject({ platform: 'youtube', label: 'Tea channel', messageCode: null });
    expect(rec.of('audience.sourceChanged').some((e) => e.payload.connectionId === id && e.payload.state === 'listening')).toBe(true);

    // The chat ends: the source says so in the user's terms (an errors.json key).
    youtube.endBroadcast(broadcast);
    await waitFor(async () => (await h.call('audience.status', {})).sources.find((x) => x.connectionId === id)?.state === 'ended', 'ended');
    expect((await h.call('audience.status', {})).sources.find((x) => x.connectionId === id)!.messageCode).toBe('audience.chat_ended');
  });

  it('Twitch: a burst of 10,000 comments with repeated deliveries and a reconnect in the middle is logged exactly once', async () => {
    const h = await host();
    const { twitch, id } = await twitchConnection(h);
    await twitch.waitUntil(() => twitch.activeChatSubscriptions().length === 1);
    await h.call('session.start', { title: 'Burst', market: 'US' });
    const sent: string[] = [];
    const total = Number(process.env.BURST ?? 10_000);
    for (let i = 0; i < total; i += 1) {
      const { messageId, deliveryId } = twitch.chatterSays(`message ${i}`, { userId: String(1000 + (i % 97)), name: `viewer${i % 97}` });
      sent.push(messageId);
      if (i % 100 === 0) twitch.redeliver(deliveryId);
      if (i === total / 2) twitch.askReconnect();
      // Let the socket breathe now and then, as a real chat does (and the reconnect hand-over happen mid-burst).
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await waitFor(
      () => (h.host.context.db.prepare("SELECT count(*) AS n FROM chat_messages WHERE connection_id = ?").get(id) as { n: number }).n === sent.length,
      'every comment stored',
      60_000,
    );
    await twitch.waitUntil(() => twitch.closes.some((c) => c.by === 'client' && c.code === 1000));
    const marker = twitch.chatterSays('marker').messageId;
    await waitFor(() => h.host.context.db.prepare('SELECT 1 FROM chat_messages WHERE id = ?').get(`twitch:${marker}`), 'the marker');
    await h.call('session.end', {});
    const rows = h.host.context.db.prepare("SELECT message_id FROM chat_messages WHERE connection_id = ? ORDER BY rowid").all(id) as { message_id: string }[];
    // Exactly once each (the order may differ right at the hand-over: two sockets deliver side by side).
    expect(rows).toHaveLength(sent.length + 1);
    expect(rows.map((r) => r.message_id).sort()).toEqual([...sent, marker].sort());
    const logged = h.host.context.db.prepare("SELECT payload FROM session_events WHERE kind = 'chat.message' ORDER BY seq").all() as { payload: string }[];
    const loggedIds = logged.map((r) => (JSON.parse(r.payload) as { messageId: string }).messageId);
    expect(loggedIds).toHaveLength(sent.length + 1);
    expect(new Set(loggedIds).size).toBe(sent.length + 1);
    expect(twitch.api.received((r) => r.path === '/helix/eventsub/subscriptions')).toHaveLength(1);
  }, 120_000);

  it('Twitch revokes the app: the connection turns needs-auth and the source says to sign in again', async () => {
    const h = await host();
    const { twitch, id } = await twitchConnection(h);
    await twitch.waitUntil(() => twitch.activeChatSubscriptions().length === 1);
    twitch.revokeChat('authorization_revoked');
    await waitFor(() => h.host.features.platform.registry.get(id)?.state === 'needs-auth', 'needs-auth');
    const source = await waitFor(async () => (await h.call('audience.status', {})).sources.find((x) => x.connectionId === id && x.messageCode === 'audience.chat_sign_in'), 'the source');
    expect(source.state).toBe('error');
  });

  it('a reader restarted after the connection changed resumes from the saved cursor (no repeat, no gap)', async () => {
    const h = await host();
    const { youtube, google, broadcast, id } = await youtubeConnection(h);
    youtube.viewerSays(broadcast.liveChatId, 'one', 'UC-a');
    await waitFor(async () => (await h.call('chat.list', {})).messages.length === 1, 'one');
    // A new label rebuilds the adapter: a new reader from the stored cursor.
    await h.call('platform.save', { id, platform: 'youtube', label: 'Renamed channel', markets: ['US'], apiBase: youtube.base, authBase: google.base });
    youtube.viewerSays(broadcast.liveChatId, 'two', 'UC-b');
    await waitFor(async () => (await h.call('chat.list', {})).messages.length === 2, 'two');
    const lists = youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages');
    // Only the very first poll read without a page token (the history).
    expect(lists.filter((r) => !r.query.has('pageToken'))).toHaveLength(1);
    expect((await h.call('chat.list', {})).messages.map((m) => m.text)).toEqual(['one', 'two']);
  });
});

describe('viewer readers in the host', () => {
  it('every round reads each live connection\'s viewers: audience.viewers (logged), audience.status, and a drop alarm', async () => {
    const h = await host();
    const { broadcast, id: ytId } = await youtubeConnection(h);
    const { twitch, id: twId } = await twitchConnection(h);
    const rec = recordEvents(h);
    await h.call('session.start', { title: 'Viewers', market: 'US' });
    broadcast.concurrentViewers = 100;
    twitch.goLive(50);
    await h.host.features.platform.readers.readViewers();
    const readings = rec.of('audience.viewers').map((e) => e.payload);
    expect(readings.map((r) => [r.connectionId, r.platform, r.viewers]).sort()).toEqual(
      [
        [twId, 'twitch', 50],
        [ytId, 'youtube', 100],
      ].sort(),
    );
    expect((await h.call('audience.status', {})).viewers.map((v) => v.viewers).sort()).toEqual([100, 50].sort());
    expect(rec.of('audience.viewerDrop')).toHaveLength(0);

    // 150 -> 40 within seconds: the alarm, once (at the first reading that shows the fall: 30 + 50).
    broadcast.concurrentViewers = 30;
    twitch.goLive(10);
    await h.host.features.platform.readers.readViewers();
    await h.host.features.platform.readers.readViewers();
    const drops = rec.of('audience.viewerDrop');
    expect(drops).toHaveLength(1);
    expect(drops[0]!.payload).toMatchObject({ from: 150, to: 80 });

    // Offline on Twitch: it answers null and is not counted; no reading published for it.
    twitch.goOffline();
    const before = rec.of('audience.viewers').length;
    await h.host.features.platform.readers.readViewers();
    expect(rec.of('audience.viewers').slice(before).map((e) => e.payload.connectionId)).toEqual([ytId]);

    await h.call('session.end', {});
    const logged = h.host.context.db.prepare("SELECT kind FROM session_events WHERE kind IN ('audience.viewers', 'audience.viewerDrop')").all() as { kind: string }[];
    expect(logged.filter((r) => r.kind === 'audience.viewers').length).toBe(rec.of('audience.viewers').length);
    expect(logged.filter((r) => r.kind === 'audience.viewerDrop')).toHaveLength(1);
  });

  it('the drop rule: -30% from a peak above 20 within 2 minutes; not for small audiences, not over a longer time', async () => {
    const h = await host();
    const rec = recordEvents(h);
    const gateway = h.host.features.audience.gateway;
    const t0 = Date.now();
    const read = (viewers: number, atMs: number, connectionId = 'c1') => gateway.receiveViewers({ connectionId, platform: 'youtube', viewers, at: t0 + atMs });
    // A small audience: 20 -> 5 is no alarm.
    read(20, 0);
    read(5, 30_000);
    expect(rec.of('audience.viewerDrop')).toHaveLength(0);
    // 100 -> 75 -> 71: not yet 30%; -> 70: the alarm.
    read(100, 60_000);
    read(75, 90_000);
    read(71, 120_000);
    expect(rec.of('audience.viewerDrop')).toHaveLength(0);
    read(70, 150_000);
    expect(rec.of('audience.viewerDrop').map((e) => e.payload)).toEqual([{ from: 100, to: 70, withinMs: 90_000, at: t0 + 150_000 }]);
    // A slow decline (each step within 30%, spread over more than the window) raises nothing.
    for (let i = 1; i <= 10; i += 1) read(Math.round(70 * 0.93 ** i), 150_000 + i * 60_000);
    expect(rec.of('audience.viewerDrop')).toHaveLength(1);
    expect(viewerDropRule).toMatchObject({ windowMs: 120_000, dropTo: 0.7, minPeak: 20 });
    // Two connections together: the sum counts.
    read(60, 900_000, 'c1');
    read(60, 900_000, 'c2');
    read(20, 930_000, 'c1');
    expect(rec.of('audience.viewerDrop').at(-1)!.payload).toMatchObject({ from: 120, to: 80 });
  });
});

