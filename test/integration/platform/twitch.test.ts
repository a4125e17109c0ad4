import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters/index';
import { createTwitchAdapter, twitchScopes, type TwitchAdapter } from '../../../electron/core/features/platform/adapters/twitch/twitch-adapter';
import { memoryAdapterContext, type MemoryAdapterContext } from '../../support/platforms/memory-adapter-context';
import { FakeTwitch } from '../../support/platforms/twitch';

const clientId = 'twitch-public-client-id';

function say(text: string, moment: Announcement['moment'] = 'dealStart'): Announcement {
  return { key: `k-${moment}-${text}`, moment, text, dealId: 'deal-1' };
}

async function rejection(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('Twitch adapter against the fake Twitch', () => {
  let twitch: FakeTwitch;
  let m: MemoryAdapterContext;
  let adapter: TwitchAdapter;

  beforeEach(async () => {
    twitch = new FakeTwitch();
    twitch.addClient(clientId);
    // Twitch asks for 5 s between polls; the fake asks for 50 ms so the test does not wait on the clock.
    twitch.deviceIntervalSeconds = 0.05;
    const { authBase, apiBase } = await twitch.start();
    m = memoryAdapterContext({ platform: 'twitch', apiBase, authBase, credentials: { clientId } });
    expect(adapterFactories.twitch).toBe(createTwitchAdapter);
    adapter = adapterFactories.twitch!(m.ctx) as TwitchAdapter;
  });
  afterEach(async () => {
    adapter.close();
    m.close();
    await twitch.stop();
  });

  /** The device flow as a user does it: the code is shown, the user approves it after a poll or two. */
  async function signIn(): Promise<void> {
    const step = await adapter.authorize({});
    if (step.kind !== 'deviceCode') throw new Error(`expected a device code, got ${step.kind}`);
    const waiting = adapter.waitForDevice(new AbortController().signal);
    await twitch.id.waitFor((r) => r.path === '/oauth2/token');
    twitch.approveDevice(step.userCode);
    await waiting;
  }

  it('signs in with a device code: pending until the user approves it, then tokens and the user are kept', async () => {
    const step = await adapter.authorize({});
    expect(step.kind).toBe('deviceCode');
    if (step.kind !== 'deviceCode') return;
    expect(step.userCode).toMatch(/^[0-9A-F]{8}$/);
    expect(step.verificationUri).toContain('twitch.tv/activate');
    const device = twitch.id.received((r) => r.path === '/oauth2/device')[0]!;
    expect(Object.fromEntries(new URLSearchParams(device.body))).toEqual({ client_id: clientId, scopes: twitchScopes.join(' ') });

    const waiting = adapter.waitForDevice(new AbortController().signal);
    // Two polls answered authorization_pending before the user acts.
    await twitch.id.waitFor((r) => r.path === '/oauth2/token' && twitch.id.received((x) => x.path === '/oauth2/token').length >= 2);
    expect(m.stored().accessToken).toBeUndefined();
    twitch.approveDevice(step.userCode);
    await waiting;

    const poll = new URLSearchParams(twitch.id.received((r) => r.path === '/oauth2/token')[0]!.body);
    expect(poll.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(poll.get('client_secret')).toBeNull();
    const stored = m.stored();
    expect(stored.accessToken).toMatch(/^at/);
    expect(stored.refreshToken).toMatch(/^rt/);
    expect(stored.userId).toBe('141981764');
    expect(stored.login).toBe('fakestudio');
    expect(stored.deviceCode ?? null).toBeNull();
    expect(adapter.tokenExpiresAt()).toBeGreaterThan(Date.now() + 14_000_000);

    const validate = twitch.id.received((r) => r.path === '/oauth2/validate').at(-1)!;
    expect(validate.headers.authorization).toBe(`OAuth ${stored.accessToken}`);
    expect(await adapter.check()).toEqual({ account: 'FakeStudio' });
  });

  it('slow_down adds 5 s to the polling interval', async () => {
    const step = await adapter.authorize({});
    if (step.kind !== 'deviceCode') throw new Error('no device code');
    twitch.id.inject((r) => r.path === '/oauth2/token', { kind: 'respond', response: { status: 400, body: { status: 400, message: 'slow_down' } } });
    const waiting = adapter.waitForDevice(new AbortController().signal);
    const slowed = await twitch.id.waitFor((r) => r.path === '/oauth2/token');
    twitch.approveDevice(step.userCode);
    await waiting;
    const [, next] = twitch.id.received((r) => r.path === '/oauth2/token');
    expect(next!.at - slowed.at).toBeGreaterThanOrEqual(5_000);
    expect(m.stored().accessToken).toMatch(/^at/);
  }, 20_000);

  it('a declined device code says so', async () => {
    const step = await adapter.authorize({});
    if (step.kind !== 'deviceCode') throw new Error('no device code');
    const waiting = adapter.waitForDevice(new AbortController().signal);
    await twitch.id.waitFor((r) => r.path === '/oauth2/token');
    twitch.approveDevice(step.userCode, false);
    const error = await rejection(waiting);
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('access_denied');
    expect(error.message).toMatch(/declined/);
  });

  it('a code never entered expires with a clear error', async () => {
    twitch.deviceCodeLifetimeSeconds = 0.2;
    await adapter.authorize({});
    const error = await rejection(adapter.waitForDevice(new AbortController().signal));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/code expired before it was entered/);
  });

  it('stops polling when the sign-in is cancelled', async () => {
    await adapter.authorize({});
    const cancel = new AbortController();
    const waiting = adapter.waitForDevice(cancel.signal);
    await twitch.id.waitFor((r) => r.path === '/oauth2/token');
    cancel.abort();
    await expect(waiting).rejects.toThrow();
    const polls = twitch.id.received((r) => r.path === '/oauth2/token').length;
    // Another interval later there is still no new poll (waiting on the fake's own request list, not a sleep:
    // a fresh device sign-in's first poll marks that time has passed).
    await adapter.authorize({});
    const next = adapter.waitForDevice(new AbortController().signal);
    await twitch.id.waitFor((r) => r.path === '/oauth2/token' && new URLSearchParams(r.body).get('device_code') === m.stored().deviceCode);
    adapter.close();
    await expect(next).rejects.toThrow();
    expect(twitch.id.received((r) => r.path === '/oauth2/token').length).toBe(polls + 1);
  });

  it('refreshes before expiry: the refresh token is replaced every time, and the old one is dead', async () => {
    await signIn();
    const before = m.stored();
    expect(await adapter.refreshIfDue(60_000)).toBe(false);
    await m.ctx.saveCredentials({ accessTokenExpiresAt: Date.now() + 30_000 });
    expect(await adapter.refreshIfDue(5 * 60_000)).toBe(true);
    const after = m.stored();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const refresh = new URLSearchParams(twitch.id.received((r) => new URLSearchParams(r.body).get('grant_type') === 'refresh_token')[0]!.body);
    expect(refresh.get('client_id')).toBe(clientId);
    expect(refresh.get('client_secret')).toBeNull();
    expect(twitch.refreshTokens.get(String(before.refreshToken))?.used).toBe(true);
    // The new pair works and refreshes again.
    await m.ctx.saveCredentials({ accessTokenExpiresAt: Date.now() + 1_000 });
    expect(await adapter.refreshIfDue(60_000)).toBe(true);
    expect((await adapter.check()).account).toBe('FakeStudio');
  });

  it('an expired access token is refreshed on the 401 and the call goes on', async () => {
    await signIn();
    twitch.expireAccessTokens();
    await adapter.announce(say('Deal live: Silk scarf $19.90'));
    expect(twitch.announcements).toHaveLength(1);
  });

  it('a revoked sign-in turns into PlatformError auth', async () => {
    await signIn();
    twitch.revokeAll();
    const error = await rejection(adapter.announce(say('revoked')));
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('Invalid refresh token');
    expect(error.message).toMatch(/Sign in to Twitch again/);
    expect(twitch.announcements).toHaveLength(0);
  });

  it('announces once with Client-Id and the user token; follow-ups go as chat messages', async () => {
    await signIn();
    expect(await adapter.announce(say('Deal live: Silk scarf $19.90'))).toEqual({ remoteId: null });
    expect(twitch.announcements).toEqual([expect.objectContaining({ broadcasterId: '141981764', moderatorId: '141981764', message: 'Deal live: Silk scarf $19.90', color: 'primary' })]);
    const call = twitch.api.received((r) => r.path === '/helix/chat/announcements')[0]!;
    expect(call.headers['client-id']).toBe(clientId);
    expect(call.headers.authorization).toBe(`Bearer ${m.stored().accessToken}`);
    expect(call.query.get('broadcaster_id')).toBe('141981764');

    const ended = await adapter.announce(say('Deal over, thanks!', 'dealEnd'));
    expect(twitch.chatMessages.map((c) => c.message)).toEqual(['Deal over, thanks!']);
    expect(ended.remoteId).toBe(twitch.chatMessages[0]!.messageId);
    expect(twitch.announcements).toHaveLength(1);
  });

  it('429 with an empty bucket is throttled, retrying when Ratelimit-Reset says', async () => {
    await signIn();
    twitch.emptyBucket(30);
    const error = await rejection(adapter.announce(say('too fast')));
    expect(error.kind).toBe('throttled');
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(31_000);
    const answered = twitch.api.received((r) => r.path === '/helix/chat/announcements');
    expect(answered).toHaveLength(1);
    expect(twitch.announcements).toHaveLength(0);
  });

  it('a chat message dropped with is_sent:false is refused with the drop reason', async () => {
    await signIn();
    await adapter.announce(say('Last minute!', 'dealLastMinute'));
    const error = await rejection(adapter.announce(say('Last minute!', 'dealLastMinute')));
    expect(error.kind).toBe('refused');
    expect(error.httpStatus).toBe(200);
    expect(error.platformCode).toBe('msg_duplicate');
    expect(error.message).toContain('identical to the one you sent within the last 30 seconds');
    expect(twitch.chatMessages).toHaveLength(1);
  });

  it('a chat message dropped for the rate limit is throttled, not refused', async () => {
    await signIn();
    twitch.api.inject((r) => r.path === '/helix/chat/messages', {
      kind: 'respond',
      response: { status: 200, body: { data: [{ message_id: '', is_sent: false, drop_reason: { code: 'msg_ratelimit', message: 'Your message was not sent because you are sending messages too quickly.' } }] } },
    });
    const error = await rejection(adapter.announce(say('Deal over', 'dealEnd')));
    expect(error.kind).toBe('throttled');
    expect(error.platformCode).toBe('msg_ratelimit');
  });

  it('a sign-in without the announcement scope is named by check()', async () => {
    await signIn();
    const token = twitch.accessTokens.get(String(m.stored().accessToken))!;
    token.scopes = token.scopes.filter((s) => s !== 'moderator:manage:announcements');
    const error = await rejection(adapter.check());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('moderator:manage:announcements');
    // The announcement itself says the same (a missing scope is not worth a refresh).
    const refused = await rejection(adapter.announce(say('no scope')));
    expect(refused.kind).toBe('auth');
    expect(refused.platformCode).toBe('Missing scope: moderator:manage:announcements');
    expect(twitch.id.received((r) => new URLSearchParams(r.body).get('grant_type') === 'refresh_token')).toHaveLength(0);
  });

  it('texts over 500 characters are refused before sending; Twitch cannot read chat back', async () => {
    await signIn();
    const error = await rejection(adapter.announce(say('x'.repeat(501))));
    expect(error.kind).toBe('refused');
    expect(adapter.maxAnnouncementLength).toBe(500);
    expect(twitch.api.received((r) => r.method === 'POST')).toHaveLength(0);
    // No findAnnouncement: a send whose answer never came is reported as unconfirmed, never sent twice.
    expect((adapter as { findAnnouncement?: unknown }).findAnnouncement).toBeUndefined();
  });

  it('the fake refuses Helix calls without Client-Id or with another app\'s Client-Id', async () => {
    await signIn();
    const url = `${twitch.api.base}/helix/users`;
    const token = String(m.stored().accessToken);
    const none = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(none.status).toBe(401);
    const other = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'client-id': 'another-app' } });
    expect(await other.json()).toMatchObject({ status: 401, message: 'Client ID and OAuth token do not match' });
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'client-id': clientId } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-limit')).toBe('800');
    expect(Number(ok.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});
