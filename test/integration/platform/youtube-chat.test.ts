import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { youtubeScope } from '../../../electron/core/features/platform/adapters/youtube/google-oauth';
import { chatPollWaitMs, createYouTubeAdapter, youtubeChatTiming, youtubeDailyQuota, youtubeQuotaCost, type YouTubeAdapter } from '../../../electron/core/features/platform/adapters/youtube/youtube-adapter';
import { incomingChat } from '../../../electron/shared/contract/audience';
import { platformDefaults } from '../../../electron/shared/contract/platform';
import { chatRecorder, type ChatRecorder } from '../../support/platforms/chat-recorder';
import { FakeGoogle } from '../../support/platforms/google';
import { memoryAdapterContext, type MemoryAdapterContext } from '../../support/platforms/memory-adapter-context';
import { FakeYouTube, type FakeBroadcast } from '../../support/platforms/youtube';

/**
 * Reading YouTube live chat (liveChatMessages.list) and viewers (videos.list) with the real adapter and a
 * real HTTP client against the fake YouTube, which checks the calls and answers as YouTube does.
 */

const clientId = 'desktop-client.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-desktop-secret';
const timing = { ...youtubeChatTiming };

describe('YouTube chat and viewers against the fake YouTube', () => {
  let google: FakeGoogle;
  let youtube: FakeYouTube;
  let m: MemoryAdapterContext;
  let adapter: YouTubeAdapter;
  let broadcast: FakeBroadcast;
  const readers: { recorder: ChatRecorder; done: Promise<void> }[] = [];

  beforeEach(async () => {
    // A horizon short enough that quota pacing never slows these reads (its own test sets it).
    Object.assign(youtubeChatTiming, { waitingRecheckMs: 100, rateLimitWaitMs: 300, backoffFirstMs: 50, minPollMs: 50, quotaHorizonMs: 1 });
    google = new FakeGoogle();
    google.addClient(clientId, clientSecret);
    youtube = new FakeYouTube(google);
    // YouTube asks for several seconds between polls; the fake asks for 150 ms and refuses faster polls.
    youtube.pollingIntervalMillis = 150;
    youtube.tooFastShare = 0.5;
    await google.start();
    await youtube.start();
    broadcast = youtube.startBroadcast('Tea tasting');
    m = memoryAdapterContext({
      platform: 'youtube',
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId, clientSecret, refreshToken: google.grantRefreshToken(clientId, youtubeScope) },
    });
    adapter = createYouTubeAdapter(m.ctx) as YouTubeAdapter;
  });
  afterEach(async () => {
    for (const r of readers.splice(0)) {
      r.recorder.controller.abort();
      await r.done.catch(() => undefined);
    }
    adapter.close();
    m.close();
    await youtube.stop();
    await google.stop();
    Object.assign(youtubeChatTiming, timing);
  });

  function read(cursor: string | null = null): { recorder: ChatRecorder; done: Promise<void> } {
    const recorder = chatRecorder(cursor);
    const done = adapter.readChat(recorder.options);
    const reader = { recorder, done };
    readers.push(reader);
    return reader;
  }

  it('delivers the chat history first, normalized (super chat amount, member, moderator), then new messages at the interval asked', async () => {
    youtube.viewerSays(broadcast.liveChatId, '¿Cuánto cuesta el té?', { channelId: 'UC-ana', name: 'Ana' });
    youtube.viewerSays(broadcast.liveChatId, 'Thanks for the show!', { channelId: 'UC-bob', name: 'Bob', superChat: { amountMicros: 5_000_000, currency: 'USD' } });
    youtube.viewerSays(broadcast.liveChatId, '这个茶多少钱？', { channelId: 'UC-mei', name: 'Mei', sponsor: true });
    youtube.viewerSays(broadcast.liveChatId, 'Please keep it friendly', { channelId: 'UC-mod', name: 'Mod', moderator: true });
    youtube.viewerSays(broadcast.liveChatId, 'ありがとう', { channelId: 'UC-ken', name: 'Ken', superChat: { amountMicros: 500_000_000, currency: 'JPY' } });
    const { recorder } = read();
    await recorder.until(() => recorder.messages().length >= 5, 'the history');
    const [ana, bob, mei, mod, ken] = recorder.messages();
    expect(ana).toMatchObject({ platform: 'youtube', authorName: 'Ana', authorId: 'UC-ana', text: '¿Cuánto cuesta el té?', kind: 'text', amount: null });
    expect(bob).toMatchObject({ kind: 'superChat', text: 'Thanks for the show!', amount: { currency: 'USD', amountMinor: 500, minorDigits: 2 } });
    expect(mei).toMatchObject({ kind: 'member', text: '这个茶多少钱？' });
    expect(mod).toMatchObject({ kind: 'moderator' });
    expect(ken).toMatchObject({ kind: 'superChat', amount: { currency: 'JPY', amountMinor: 500, minorDigits: 0 } });
    // Every message is what chat.ingest accepts (the audience feature's own schema).
    for (const message of recorder.messages()) expect(incomingChat.safeParse(message).success).toBe(true);
    expect(recorder.messages().map((x) => x.messageId)).toEqual(youtube.chats.get(broadcast.liveChatId)!.messages.map((x) => x.id));

    const later = youtube.viewerSays(broadcast.liveChatId, 'Is shipping free?', 'UC-cat');
    await recorder.until(() => recorder.messages().some((x) => x.messageId === later.id), 'a new message');
    expect(recorder.messages()).toHaveLength(6);
    expect(recorder.states.at(-1)!.state).toBe('listening');

    const polls = youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages');
    expect(polls[0]!.query.get('part')).toBe('snippet,authorDetails');
    expect(polls[0]!.query.has('pageToken')).toBe(false);
    expect(polls[1]!.query.get('pageToken')).toBe('5');
    // Never sooner than the interval YouTube asked for (the fake answers rateLimitExceeded to a faster poll).
    for (let i = 1; i < polls.length; i += 1) expect(polls[i]!.at - polls[i - 1]!.at).toBeGreaterThanOrEqual(youtube.pollingIntervalMillis - 5);
    expect(youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages' && r.query.get('liveChatId') !== broadcast.liveChatId)).toHaveLength(0);
  });

  it("polls slower than asked when the asked pace would use up the day's quota early, and says so", async () => {
    // A budget of 3 polls beyond the reserve, to last 3 s: the history poll leaves 2, one every 1.5 s at least.
    Object.assign(youtubeChatTiming, { quotaReserveUnits: youtubeDailyQuota - 3 * youtubeQuotaCost.liveChatMessagesList, quotaHorizonMs: 3_000, maxPacedPollMs: 5_000 });
    const { recorder } = read();
    const polls = () => youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages');
    await recorder.until(() => polls().length >= 2, 'a second poll');
    const [first, second] = polls();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_500 - 5);
    expect(youtube.pollingIntervalMillis).toBeLessThan(1_500);
    const paced = recorder.states.find((x) => x.code === 'quotaPaced');
    expect(paced?.state).toBe('listening');
    expect(paced?.message).toMatch(/daily quota lasts the live \(\d+ of 10000 units used today\)/);
  });

  it('resumes from the cursor it delivered: nothing read twice, nothing missed', async () => {
    youtube.viewerSays(broadcast.liveChatId, 'first', 'UC-a');
    youtube.viewerSays(broadcast.liveChatId, 'second', 'UC-b');
    const first = read();
    await first.recorder.until(() => first.recorder.messages().length === 2, 'two messages');
    const cursor = first.recorder.lastCursor();
    expect(JSON.parse(cursor!)).toEqual({ liveChatId: broadcast.liveChatId, pageToken: '2' });
    first.recorder.controller.abort();
    await first.done;

    // While nobody reads, two more arrive; a new reader from the cursor gets exactly those.
    youtube.viewerSays(broadcast.liveChatId, 'third', 'UC-c');
    youtube.viewerSays(broadcast.liveChatId, 'fourth', 'UC-d');
    const second = read(cursor);
    await second.recorder.until(() => second.recorder.messages().length >= 2, 'the two new messages');
    expect(second.recorder.messages().map((x) => x.text)).toEqual(['third', 'fourth']);
  });

  it('a cursor of an earlier broadcast starts the new broadcast\'s chat from its history', async () => {
    const old = JSON.stringify({ liveChatId: 'chat-of-last-week', pageToken: '999' });
    youtube.viewerSays(broadcast.liveChatId, 'hello', 'UC-a');
    const { recorder } = read(old);
    await recorder.until(() => recorder.messages().length === 1, 'the history of the new chat');
    expect(recorder.messages()[0]!.text).toBe('hello');
  });

  it('the chat ending: what was said before the end is delivered, the state is ended and the read resolves', async () => {
    const { recorder, done } = read();
    await recorder.until(() => recorder.states.some((s) => s.state === 'listening'), 'listening');
    youtube.viewerSays(broadcast.liveChatId, 'last words', 'UC-a');
    youtube.endBroadcast(broadcast);
    await done;
    expect(recorder.messages().map((x) => x.text)).toEqual(['last words']);
    expect(recorder.states.at(-1)).toMatchObject({ state: 'ended', code: 'liveChatEnded' });
  });

  it('liveChatEnded on a chat read to its end: ended, resolved', async () => {
    youtube.viewerSays(broadcast.liveChatId, 'one', 'UC-a');
    const first = read();
    await first.recorder.until(() => first.recorder.messages().length === 1, 'one message');
    first.recorder.controller.abort();
    await first.done;
    youtube.endBroadcast(broadcast);
    const second = read(first.recorder.lastCursor());
    await second.done;
    expect(youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages').length).toBeGreaterThan(1);
    expect(second.recorder.states.at(-1)).toMatchObject({ state: 'ended', code: 'liveChatEnded' });
    expect(second.recorder.messages()).toHaveLength(0);
  });

  it('no live broadcast: waiting, and reading starts by itself when one goes live', async () => {
    youtube.endBroadcast(broadcast);
    const { recorder } = read();
    await recorder.until(() => recorder.states.some((s) => s.state === 'waiting'), 'waiting');
    expect(recorder.states.find((s) => s.state === 'waiting')!.message).toMatch(/No live broadcast/);
    const next = youtube.startBroadcast('Second show');
    youtube.viewerSays(next.liveChatId, 'we are back', 'UC-a');
    await recorder.until(() => recorder.messages().length === 1, 'the new broadcast\'s chat');
    expect(recorder.states.at(-1)!.state).toBe('listening');
  });

  it('chat turned off: waiting with the reason, read again once it is on', async () => {
    youtube.disableChat(broadcast.liveChatId);
    const { recorder } = read();
    await recorder.until(() => recorder.states.some((s) => s.code === 'liveChatDisabled'), 'disabled');
    expect(recorder.states.find((s) => s.code === 'liveChatDisabled')).toMatchObject({ state: 'waiting', message: expect.stringMatching(/turned off/) });
    youtube.disableChat(broadcast.liveChatId, false);
    youtube.viewerSays(broadcast.liveChatId, 'chat is on', 'UC-a');
    await recorder.until(() => recorder.messages().length === 1, 'the message once chat is on');
  });

  it('the daily quota used up: throttled until midnight Pacific time, every call counted in quotaUsage', async () => {
    youtube.viewerSays(broadcast.liveChatId, 'one', 'UC-a');
    const { recorder } = read();
    await recorder.until(() => recorder.messages().length === 1, 'one message');
    const used = adapter.quotaUsage().used;
    // liveBroadcasts.list (1) + token refresh (free) + each liveChatMessages.list (5).
    const lists = youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages').length;
    expect(used).toBe(1 + lists * 5);
    expect(used).toBe(youtube.quota.used);
    youtube.quota.used = youtube.quota.dailyLimit;
    await recorder.until(() => recorder.states.some((s) => s.state === 'throttled'), 'throttled');
    const throttled = recorder.states.find((s) => s.state === 'throttled')!;
    expect(throttled.code).toBe('quotaExceeded');
    expect(throttled.retryAt!).toBeGreaterThan(Date.now() + 50_000);
    expect(throttled.retryAt!).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(adapter.quotaUsage().used).toBeGreaterThan(used);
  });

  it('polled too fast (rateLimitExceeded): throttled for a while, then reading on without losing a message', async () => {
    const { recorder } = read();
    await recorder.until(() => recorder.states.some((s) => s.state === 'listening'), 'listening');
    youtube.server.inject((r) => r.path === '/youtube/v3/liveChat/messages', {
      kind: 'respond',
      response: { status: 403, body: { error: { code: 403, message: 'Polling too fast', errors: [{ reason: 'rateLimitExceeded' }] } } },
    });
    youtube.viewerSays(broadcast.liveChatId, 'after the limit', 'UC-a');
    await recorder.until(() => recorder.messages().length === 1, 'the message after the limit');
    const throttled = recorder.states.find((s) => s.state === 'throttled')!;
    expect(throttled.code).toBe('rateLimitExceeded');
    expect(recorder.states.at(-1)!.state).toBe('listening');
  });

  it('the platform down for a while: connecting with a retry time, then on from the same page', async () => {
    youtube.viewerSays(broadcast.liveChatId, 'before', 'UC-a');
    const { recorder } = read();
    await recorder.until(() => recorder.messages().length === 1, 'before');
    youtube.server.inject((r) => r.path === '/youtube/v3/liveChat/messages', { kind: 'reset' }, 2);
    youtube.viewerSays(broadcast.liveChatId, 'during', 'UC-b');
    await recorder.until(() => recorder.messages().length === 2, 'during');
    expect(recorder.states.some((s) => s.state === 'connecting' && s.retryAt !== undefined)).toBe(true);
    expect(recorder.messages().map((x) => x.text)).toEqual(['before', 'during']);
  });

  it('a revoked sign-in ends the read with an auth error', async () => {
    google.revokeAll();
    const { done } = read();
    const error = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('auth');
  });

  it('viewers: concurrentViewers of the active broadcast (a string, absent at zero), null when nothing is live', async () => {
    broadcast.concurrentViewers = 1234;
    expect(await adapter.viewers()).toBe(1234);
    const call = youtube.server.received((r) => r.path === '/youtube/v3/videos').at(-1)!;
    expect(call.query.get('part')).toBe('liveStreamingDetails');
    expect(call.query.get('id')).toBe(broadcast.id);
    broadcast.concurrentViewers = 0;
    expect(await adapter.viewers()).toBe(0);
    youtube.endBroadcast(broadcast);
    expect(await adapter.viewers()).toBeNull();
    expect(await adapter.viewers()).toBeNull();
    expect(platformDefaults.youtube.capabilities).toEqual(expect.arrayContaining(['chat', 'viewers']));
    expect([...adapter.capabilities]).toEqual(expect.arrayContaining(['chat', 'viewers']));
  });
});

describe("chat polling paced by YouTube's daily quota", () => {
  const day = { dailyLimit: youtubeDailyQuota };
  const hours = (n: number) => n * 3_600_000;
  it('a fresh day polls at the asked pace down to about 2 s; the pace slows as the units go, and never stops', () => {
    expect(chatPollWaitMs(5_000, { ...day, used: 0 }, hours(20))).toBe(5_000);
    // 9,000 units left after the reserve = 1,800 polls over the next hour.
    expect(chatPollWaitMs(500, { ...day, used: 0 }, hours(20))).toBe(2_000);
    expect(chatPollWaitMs(500, { ...day, used: 4_500 }, hours(20))).toBe(4_000);
    expect(chatPollWaitMs(500, { ...day, used: 9_000 }, hours(20))).toBe(youtubeChatTiming.maxPacedPollMs);
    expect(chatPollWaitMs(500, { ...day, used: 10_000 }, hours(20))).toBe(youtubeChatTiming.maxPacedPollMs);
    // Ten minutes before the reset, the units left are spent in those ten minutes.
    expect(chatPollWaitMs(500, { ...day, used: 8_000 }, 600_000)).toBe(Math.max(youtubeChatTiming.minPollMs, Math.ceil(600_000 / 200)));
  });
});
