import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { eventSubUrlFor, twitchChatTiming, twitchEventSubUrl } from '../../../electron/core/features/platform/adapters/twitch/eventsub';
import { createTwitchAdapter, twitchScopes, type TwitchAdapter } from '../../../electron/core/features/platform/adapters/twitch/twitch-adapter';
import { incomingChat } from '../../../electron/shared/contract/audience';
import { platformDefaults } from '../../../electron/shared/contract/platform';
import { chatRecorder, type ChatRecorder } from '../../support/platforms/chat-recorder';
import { memoryAdapterContext, type MemoryAdapterContext } from '../../support/platforms/memory-adapter-context';
import { FakeTwitch } from '../../support/platforms/twitch';

/**
 * Twitch chat over EventSub WebSocket and viewers (helix/streams), with the real adapter, a real WebSocket
 * and a real HTTP client against the fake Twitch (welcome window, keepalives, reconnect, close codes,
 * revocation, at-least-once delivery).
 */

const clientId = 'twitch-public-client-id';
const timing = { ...twitchChatTiming };

describe('Twitch chat over EventSub and viewers against the fake Twitch', () => {
  let twitch: FakeTwitch;
  let m: MemoryAdapterContext;
  let adapter: TwitchAdapter;
  const readers: { recorder: ChatRecorder; done: Promise<void> }[] = [];

  beforeEach(async () => {
    Object.assign(twitchChatTiming, { keepaliveSlackMs: 300, welcomeTimeoutMs: 2_000, subscribeRetryMs: 1_000, backoffFirstMs: 50 });
    twitch = new FakeTwitch();
    twitch.addClient(clientId);
    twitch.deviceIntervalSeconds = 0.05;
    // Twitch says 10 s and gives 10 s to subscribe; the fake says 1 s and gives 500 ms.
    twitch.eventSub.keepaliveSeconds = 1;
    twitch.eventSub.welcomeWindowMs = 500;
    const { authBase, apiBase } = await twitch.start();
    m = memoryAdapterContext({ platform: 'twitch', apiBase, authBase, credentials: { clientId } });
    adapter = createTwitchAdapter(m.ctx) as TwitchAdapter;
    const step = await adapter.authorize({});
    if (step.kind !== 'deviceCode') throw new Error('no device code');
    const waiting = adapter.waitForDevice(new AbortController().signal);
    await twitch.id.waitFor((r) => r.path === '/oauth2/token');
    twitch.approveDevice(step.userCode);
    await waiting;
  });
  afterEach(async () => {
    for (const r of readers.splice(0)) {
      r.recorder.controller.abort();
      await r.done.catch(() => undefined);
    }
    adapter.close();
    m.close();
    await twitch.stop();
    Object.assign(twitchChatTiming, timing);
  });

  function read(): { recorder: ChatRecorder; done: Promise<void> } {
    const recorder = chatRecorder(null);
    const done = adapter.readChat(recorder.options);
    const reader = { recorder, done };
    readers.push(reader);
    return reader;
  }

  async function listening(recorder: ChatRecorder, subscriptions = 1): Promise<void> {
    await recorder.until(() => recorder.states.at(-1)?.state === 'listening' && twitch.activeChatSubscriptions().length === 1, 'listening');
    expect(twitch.subscriptions.length).toBe(subscriptions);
  }

  it('connects to <apiBase>/eventsub/ws (production: eventsub.wss.twitch.tv), subscribes on welcome, and delivers normalized messages', async () => {
    expect(eventSubUrlFor('https://api.twitch.tv')).toBe(twitchEventSubUrl);
    expect(eventSubUrlFor(twitch.api.base)).toBe(twitch.eventSubUrl);
    expect(twitchScopes).toContain('user:read:chat');
    const { recorder } = read();
    await listening(recorder);
    const post = twitch.api.received((r) => r.path === '/helix/eventsub/subscriptions')[0]!;
    expect(post.headers['client-id']).toBe(clientId);
    expect(JSON.parse(post.body)).toEqual({
      type: 'channel.chat.message',
      version: '1',
      condition: { broadcaster_user_id: twitch.user.id, user_id: twitch.user.id },
      transport: { method: 'websocket', session_id: twitch.openSessions()[0] },
    });

    const hola = twitch.chatterSays('¿Hay envío a México?', { userId: '501', name: 'Lupita' });
    twitch.chatterSays('I moderate here', { userId: '502', name: 'Mod', badges: ['moderator'] });
    twitch.chatterSays('sub hype', { userId: '503', name: 'Sub', badges: ['subscriber'] });
    twitch.chatterSays('Cheer100 take my bits', { userId: '504', name: 'Cheery', bits: 100 });
    await recorder.until(() => recorder.messages().length === 4, 'four messages');
    const [a, b, c, d] = recorder.messages();
    expect(a).toMatchObject({ platform: 'twitch', messageId: hola.messageId, authorName: 'Lupita', authorId: '501', text: '¿Hay envío a México?', kind: 'text', amount: null });
    expect(b!.kind).toBe('moderator');
    expect(c!.kind).toBe('member');
    expect(d).toMatchObject({ kind: 'superChat', amount: { currency: 'BIT', amountMinor: 100, minorDigits: 0 } });
    for (const x of recorder.messages()) expect(incomingChat.safeParse(x).success).toBe(true);
    expect(recorder.batches.every((batch) => batch.cursor === null)).toBe(true);
  });

  it('drops a notification delivered twice (same metadata.message_id)', async () => {
    const { recorder } = read();
    await listening(recorder);
    const first = twitch.chatterSays('only once');
    twitch.redeliver(first.deliveryId);
    twitch.redeliver(first.deliveryId);
    const marker = twitch.chatterSays('marker');
    await recorder.until(() => recorder.messages().some((x) => x.messageId === marker.messageId), 'the marker');
    expect(recorder.messages().map((x) => x.text)).toEqual(['only once', 'marker']);
  });

  it('session_reconnect: connects to the new URL, keeps the old socket until the new welcome, does not subscribe again, and loses or doubles nothing', async () => {
    const { recorder } = read();
    await listening(recorder);
    const sent: string[] = [];
    for (let i = 0; i < 20; i += 1) sent.push(twitch.chatterSays(`before ${i}`).messageId);
    const sessionsBefore = twitch.openSessions();
    twitch.askReconnect();
    // Sent on the old socket while the client moves (the fake replays the last ones on the new socket too).
    for (let i = 0; i < 5; i += 1) sent.push(twitch.chatterSays(`during ${i}`).messageId);
    await twitch.waitUntil(() => twitch.closes.some((c) => c.by === 'client' && c.code === 1000));
    for (let i = 0; i < 20; i += 1) sent.push(twitch.chatterSays(`after ${i}`).messageId);
    await recorder.until(() => recorder.messages().length >= sent.length, 'every message');
    const marker = twitch.chatterSays('marker').messageId;
    await recorder.until(() => recorder.messages().some((x) => x.messageId === marker), 'the marker');
    const ids = recorder.messages().map((x) => x.messageId);
    expect(ids).toEqual([...sent, marker]);
    // The session moved: same id, still one subscription, the old socket closed by the client.
    expect(twitch.openSessions()).toEqual(sessionsBefore);
    expect(twitch.api.received((r) => r.path === '/helix/eventsub/subscriptions')).toHaveLength(1);
    expect(twitch.closes.filter((c) => c.by === 'server')).toHaveLength(0);
  });

  it('an invalid reconnect URL (4007): starts a fresh session and subscribes again', async () => {
    const { recorder } = read();
    await listening(recorder);
    twitch.askReconnect({ valid: false });
    await twitch.waitUntil(() => twitch.closes.some((c) => c.code === 4007));
    await recorder.until(() => twitch.api.received((r) => r.path === '/helix/eventsub/subscriptions').length === 2 && recorder.states.at(-1)?.state === 'listening', 'a second subscription');
    const after = twitch.chatterSays('after 4007');
    await recorder.until(() => recorder.messages().some((x) => x.messageId === after.messageId), 'the message after 4007');
    expect(recorder.states.some((s) => s.code === '4007')).toBe(true);
  });

  it.each([4005, 4006, 4000])('closed with %i: reconnects and subscribes again', async (code) => {
    const { recorder } = read();
    await listening(recorder);
    twitch.closeSockets(code);
    await recorder.until(() => twitch.api.received((r) => r.path === '/helix/eventsub/subscriptions').length === 2 && twitch.activeChatSubscriptions().length === 1, 'resubscribed');
    const after = twitch.chatterSays(`after ${code}`);
    await recorder.until(() => recorder.messages().some((x) => x.messageId === after.messageId), 'the message after the close');
    expect(recorder.states.some((s) => s.state === 'connecting' && s.code === String(code))).toBe(true);
  });

  it('no subscription within the welcome window (4003): a new session, subscribed this time', async () => {
    // The first subscription call fails for now (503): the retry comes after the fake's window closed the socket.
    twitch.api.inject((r) => r.path === '/helix/eventsub/subscriptions', { kind: 'respond', response: { status: 503, body: { error: 'Service Unavailable', status: 503, message: '' } } });
    const { recorder } = read();
    await twitch.waitUntil(() => twitch.closes.some((c) => c.code === 4003 && c.by === 'server'));
    await recorder.until(() => twitch.activeChatSubscriptions().length === 1 && recorder.states.at(-1)?.state === 'listening', 'subscribed on the second session');
    const after = twitch.chatterSays('after 4003');
    await recorder.until(() => recorder.messages().some((x) => x.messageId === after.messageId), 'the message after 4003');
  });

  it('no keepalive within keepalive_timeout_seconds + slack: reconnects by itself', async () => {
    const { recorder } = read();
    await listening(recorder);
    const first = twitch.openSessions()[0];
    twitch.silence();
    await recorder.until(() => recorder.states.some((s) => s.code === 'keepalive_timeout'), 'the keepalive timeout');
    await recorder.until(() => twitch.activeChatSubscriptions().length === 1 && twitch.openSessions()[0] !== first, 'a new session');
    const after = twitch.chatterSays('after silence');
    await recorder.until(() => recorder.messages().some((x) => x.messageId === after.messageId), 'the message after the silence');
  });

  it('a revoked subscription (authorization_revoked) ends the read with an auth error', async () => {
    const { recorder, done } = read();
    await listening(recorder);
    twitch.revokeChat('authorization_revoked');
    const error = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('auth');
    expect((error as PlatformError).platformCode).toBe('authorization_revoked');
  });

  it('a token without user:read:chat: the subscription is refused (403) and the read ends with an auth error', async () => {
    for (const info of twitch.accessTokens.values()) info.scopes = info.scopes.filter((s) => s !== 'user:read:chat');
    // The adapter knows the scopes it was granted: make it believe it still has them, as after an old sign-in.
    const { done } = read();
    const error = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('auth');
    expect((error as PlatformError).message).toMatch(/read/);
  });

  it('viewers: viewer_count of the live stream, null when offline', async () => {
    expect(await adapter.viewers()).toBeNull();
    twitch.goLive(321);
    expect(await adapter.viewers()).toBe(321);
    const call = twitch.api.received((r) => r.path === '/helix/streams').at(-1)!;
    expect(call.query.get('user_id')).toBe(twitch.user.id);
    expect(call.headers['client-id']).toBe(clientId);
    twitch.goOffline();
    expect(await adapter.viewers()).toBeNull();
    expect(platformDefaults.twitch.capabilities).toEqual(expect.arrayContaining(['chat', 'viewers']));
  });
});
