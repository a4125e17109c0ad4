import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { recordEvents, waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { FakeGoogle } from '../../support/platforms/google';
import { FakeTikTokShop } from '../../support/platforms/tiktok-shop';
import { FakeTwitch } from '../../support/platforms/twitch';
import { FakeYouTube } from '../../support/platforms/youtube';

/**
 * Sign-in as a user goes through it, with the real adapters against the fake platforms: YouTube in the
 * browser back to the host's own /oauth/callback, Twitch with a device code polled in the background;
 * then the token keeper refreshing before expiry and finding a revoked token.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A host whose clock the test moves forward (the keeper's "an hour later" without waiting an hour). */
async function hostWithClock(): Promise<{ h: TestHost; clock: { now: number } }> {
  const clock = { now: Date.now() };
  const h = await startTestHost({ now: () => clock.now });
  cleanups.push(() => h.stop());
  return { h, clock };
}

async function youtubeFakes() {
  const google = new FakeGoogle();
  const youtube = new FakeYouTube(google);
  await google.start();
  await youtube.start();
  cleanups.push(() => youtube.stop(), () => google.stop());
  google.addClient('desktop.apps.googleusercontent.com', 'GOCSPX-secret');
  return { google, youtube };
}

async function twitchFake() {
  const twitch = new FakeTwitch();
  const bases = await twitch.start();
  cleanups.push(() => twitch.stop());
  twitch.addClient('twitch-client-1');
  twitch.deviceIntervalSeconds = 0.05;
  return { twitch, bases };
}

/** What the system browser does with the consent page (approve mode answers with a redirect at once). */
async function openInBrowser(url: string): Promise<Response> {
  const consent = await fetch(url, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = consent.headers.get('location')!;
  expect(back).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?/);
  // The browser has no host token: the callback is let in by its state alone.
  return fetch(back);
}

describe('platform sign-in', () => {
  it('YouTube: the browser comes back to /oauth/callback, the page says it in the studio language, the channel is connected', async () => {
    const { google, youtube } = await youtubeFakes();
    const { h } = await hostWithClock();
    const saved = await h.call('platform.save', {
      platform: 'youtube',
      label: 'Channel',
      markets: ['US'],
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' },
    });
    expect(saved).toMatchObject({ state: 'needs-auth', stateCode: 'platform.sign_in_youtube' });

    const { next, connection } = await h.call('platform.authorize', { connectionId: saved.id });
    expect(next.kind).toBe('browser');
    expect(connection.stateCode).toBe('platform.waiting_for_sign_in');
    const page = await openInBrowser((next as { url: string }).url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Signed in to YouTube as Fake Studio Channel. You can close this tab.');
    expect((await h.call('platform.list', {})).connections[0]).toMatchObject({ state: 'connected', account: 'Fake Studio Channel' });
    expect((await h.call('platform.list', {})).connections[0]!.credentialsSet.sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'refreshToken']);

    // The same link again (a reload of the tab): the sign-in is over, said in Chinese when the studio is.
    await h.call('settings.set', { general: { language: 'zh-CN' } });
    const again = await fetch(page.url);
    expect(again.status).toBe(400);
    const zh = await again.text();
    expect(zh).toContain('lang="zh-CN"');
    expect(zh).toContain('此登录页面未知或已过期');
    expect(zh).toContain('dir="ltr"');
    // In Arabic the page reads right to left.
    await h.call('settings.set', { general: { language: 'ar' } });
    const ar = await (await fetch(page.url)).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain('صفحة تسجيل الدخول هذه غير معروفة أو منتهية');
    expect((await h.call('platform.list', {})).connections[0]!.state).toBe('connected');
  });

  it('YouTube: cancelled on the consent page and a forged state are refused with a page saying why', async () => {
    const { google, youtube } = await youtubeFakes();
    const { h } = await hostWithClock();
    const { id } = await h.call('platform.save', {
      platform: 'youtube',
      label: 'Channel',
      markets: [],
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' },
    });
    const forged = await fetch(`${h.baseUrl}/oauth/callback?code=stolen&state=made-up`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This sign-in page is unknown or has expired.');

    google.consent = 'deny';
    const { next } = await h.call('platform.authorize', { connectionId: id });
    const page = await openInBrowser((next as { url: string }).url);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('The sign-in was cancelled or refused (access_denied).');
    expect((await h.call('platform.list', {})).connections[0]).toMatchObject({ state: 'needs-auth', stateCode: 'platform.oauth_denied' });
  });

  it('Twitch: the device code is polled in the background; entering it connects the channel (platform.changed)', async () => {
    const { twitch, bases } = await twitchFake();
    const { h } = await hostWithClock();
    const events = recordEvents(h);
    const { id } = await h.call('platform.save', { platform: 'twitch', label: 'Channel', markets: [], ...bases, credentials: { clientId: 'twitch-client-1' } });
    const { next } = await h.call('platform.authorize', { connectionId: id });
    expect(next).toMatchObject({ kind: 'deviceCode', verificationUri: expect.stringContaining('twitch.tv/activate') });
    const userCode = (next as { userCode: string }).userCode;
    // Polling goes on while the user has not entered it.
    await twitch.id.waitFor((r) => r.path === '/oauth2/token' && r.body.includes('device_code'));
    expect((await h.call('platform.list', {})).connections[0]!.state).toBe('needs-auth');

    twitch.approveDevice(userCode);
    await waitFor(() => events.of('platform.changed').some((e) => e.payload.connection?.state === 'connected'), 'the channel to connect');
    expect((await h.call('platform.list', {})).connections[0]).toMatchObject({ state: 'connected', account: expect.stringMatching(/fakestudio/i) });
  });

  it('the keeper refreshes tokens before they expire, validates Twitch hourly, and a revoked token turns needs-auth while the studio works on', async () => {
    const { twitch, bases } = await twitchFake();
    const { google, youtube } = await youtubeFakes();
    google.accessTokenLifetimeSeconds = 300; // inside the 10-minute margin: due at the next round
    const { h, clock } = await hostWithClock();

    const tw = await h.call('platform.save', { platform: 'twitch', label: 'Twitch', markets: [], ...bases, credentials: { clientId: 'twitch-client-1' } });
    const { next } = await h.call('platform.authorize', { connectionId: tw.id });
    twitch.approveDevice((next as { userCode: string }).userCode);
    await waitFor(async () => (await h.call('platform.list', {})).connections.find((c) => c.id === tw.id)?.state === 'connected', 'Twitch connected');

    const yt = await h.call('platform.save', {
      platform: 'youtube',
      label: 'YouTube',
      markets: [],
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' },
    });
    const step = await h.call('platform.authorize', { connectionId: yt.id });
    expect((await openInBrowser((step.next as { url: string }).url)).status).toBe(200);
    const tokenBefore = JSON.parse(h.host.context.secrets.get(`platform.${yt.id}`)!).accessToken as string;

    const keeper = h.host.features.platform.keeper;
    const refreshesBefore = google.grants.filter((g) => g.grantType === 'refresh_token').length;
    await keeper.tick();
    expect(google.grants.filter((g) => g.grantType === 'refresh_token').length).toBe(refreshesBefore + 1);
    expect(JSON.parse(h.host.context.secrets.get(`platform.${yt.id}`)!).accessToken).not.toBe(tokenBefore);

    // An hour later Twitch is validated again; the user has disconnected the app meanwhile.
    const validatesBefore = twitch.id.received((r) => r.path === '/oauth2/validate').length;
    twitch.revokeAll();
    clock.now += 61 * 60_000;
    await keeper.tick();
    expect(twitch.id.received((r) => r.path === '/oauth2/validate').length).toBeGreaterThan(validatesBefore);
    const revoked = (await h.call('platform.list', {})).connections.find((c) => c.id === tw.id)!;
    expect(revoked).toMatchObject({ state: 'needs-auth', stateCode: 'platform.auth_failed' });
    expect(revoked.message).toMatch(/^Twitch refused the sign-in \(.+\)\. It may have been revoked or have expired: sign in again\.$/);
    // The other connection and the rest of the studio go on.
    expect((await h.call('platform.list', {})).connections.find((c) => c.id === yt.id)!.state).toBe('connected');
    expect((await h.call('catalog.listProducts', {})).total).toBeGreaterThan(0);
    await h.call('card.pin', { sku: 'TEA-JASMINE-100', output: 'overlay' });

    // YouTube revoked too: its next check says so.
    google.revokeAll();
    const checked = await h.call('platform.check', { connectionId: yt.id });
    expect(checked).toMatchObject({ state: 'needs-auth', stateCode: 'platform.auth_failed' });
  });

  it('TikTok Shop: the authorization code is exchanged on save (never kept), a wrong one is said, tokens refresh before expiry, a revoked shop needs sign-in', async () => {
    const tiktok = new FakeTikTokShop({ accessTtlS: 300 });
    await tiktok.start();
    cleanups.push(() => tiktok.stop());
    const { h } = await hostWithClock();
    const bases = { apiBase: tiktok.base, authBase: tiktok.base };
    const wrong = await h.call('platform.save', {
      platform: 'tiktok-shop',
      label: 'TikTok DE',
      markets: ['DE'],
      ...bases,
      credentials: { appKey: tiktok.appKey, appSecret: tiktok.appSecret, authCode: 'not-a-code' },
    });
    expect(wrong.state).toBe('needs-auth');
    expect(wrong.stateCode).toBe('platform.auth_failed');
    await expect(h.call('platform.authorize', { connectionId: wrong.id })).rejects.toMatchObject({ key: 'platform.no_auth_code' });

    const code = tiktok.issueAuthCode();
    const { connection } = await h.call('platform.authorize', { connectionId: wrong.id, authCode: code });
    expect(connection).toMatchObject({ state: 'connected', account: expect.stringContaining('Broadcart Demo EU') });
    const stored = JSON.parse(h.host.context.secrets.get(`platform.${wrong.id}`)!) as Record<string, unknown>;
    expect(stored.authCode ?? null).toBeNull();
    expect(JSON.stringify(stored)).not.toContain(code);

    // The access token lives 5 minutes: inside the margin, so the keeper refreshes it.
    const before = stored.accessToken;
    await h.host.features.platform.keeper.tick();
    expect(JSON.parse(h.host.context.secrets.get(`platform.${wrong.id}`)!).accessToken).not.toBe(before);
    expect(tiktok.calls('/api/v2/token/refresh').length).toBeGreaterThan(0);

    tiktok.revoke();
    const revoked = await h.call('platform.check', { connectionId: wrong.id });
    expect(revoked).toMatchObject({ state: 'needs-auth', stateCode: 'platform.auth_failed' });
    expect((await h.call('catalog.listProducts', {})).total).toBeGreaterThan(0);
  });

  const lanAddress = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.runIf(lanAddress)('the sign-in callback answers only this computer, even when the studio listens on the LAN', async () => {
    const h = await startTestHost({ lan: true });
    cleanups.push(() => h.stop());
    const res = await fetch(`http://${lanAddress}:${h.host.server.port}/oauth/callback?code=x&state=y`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Sign-in answers are taken only from this computer.');
  });
});
