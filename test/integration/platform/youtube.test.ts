import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformError } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters/index';
import { consentPageUrl, youtubeScope } from '../../../electron/core/features/platform/adapters/youtube/google-oauth';
import { createYouTubeAdapter, type YouTubeAdapter } from '../../../electron/core/features/platform/adapters/youtube/youtube-adapter';
import { platformDefaults } from '../../../electron/shared/contract/platform';
import { FakeGoogle } from '../../support/platforms/google';
import { memoryAdapterContext, type MemoryAdapterContext } from '../../support/platforms/memory-adapter-context';
import { FakeYouTube } from '../../support/platforms/youtube';

const clientId = 'desktop-client.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-desktop-secret';

/** Stands in for the host's /oauth/callback: hands the redirect's query to the adapter, like the host does. */
class LoopbackCallback {
  private server: http.Server | null = null;
  adapter: YouTubeAdapter | null = null;
  readonly outcomes: ({ ok: true } | { ok: false; error: unknown })[] = [];

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/oauth/callback' || !this.adapter) {
        res.writeHead(404).end();
        return;
      }
      this.adapter.completeRedirect(url.searchParams).then(
        () => {
          this.outcomes.push({ ok: true });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('Signed in: you can close this window.');
        },
        (error: unknown) => {
          this.outcomes.push({ ok: false, error });
          res.writeHead(400, { 'content-type': 'text/plain' }).end(`Sign-in failed: ${(error as Error).message}`);
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get uri(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/oauth/callback`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function announcement(text: string, key = `k-${text}`): Announcement {
  return { key, moment: 'dealStart', text, dealId: 'deal-1' };
}

async function rejection(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('YouTube adapter against fake Google and YouTube', () => {
  const callback = new LoopbackCallback();
  let google: FakeGoogle;
  let youtube: FakeYouTube;
  let m: MemoryAdapterContext;
  let adapter: YouTubeAdapter;

  beforeAll(() => callback.start());
  afterAll(() => callback.stop());

  // Fresh fake servers and a fresh adapter per test: nothing one test did shows in the next.
  beforeEach(async () => {
    google = new FakeGoogle();
    google.addClient(clientId, clientSecret);
    youtube = new FakeYouTube(google);
    await google.start();
    await youtube.start();
    callback.outcomes.length = 0;
    m = memoryAdapterContext({ platform: 'youtube', apiBase: youtube.base, authBase: google.base, credentials: { clientId, clientSecret }, redirectUri: () => callback.uri });
    expect(adapterFactories.youtube).toBe(createYouTubeAdapter);
    adapter = adapterFactories.youtube!(m.ctx) as YouTubeAdapter;
    callback.adapter = adapter;
  });
  afterEach(async () => {
    adapter.close();
    m.close();
    await youtube.stop();
    await google.stop();
  });

  /** Walks the browser sign-in as the user would: open the consent URL, Google redirects to the loopback. */
  async function signIn(): Promise<Response> {
    const step = await adapter.authorize({});
    if (step.kind !== 'browser') throw new Error(`expected a browser step, got ${step.kind}`);
    return fetch(step.url);
  }

  it('signs in through the consent page and the loopback redirect, with PKCE and the client secret', async () => {
    const step = await adapter.authorize({});
    expect(step.kind).toBe('browser');
    if (step.kind !== 'browser') return;
    const url = new URL(step.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${google.base}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: clientId,
      redirect_uri: callback.uri,
      response_type: 'code',
      scope: youtubeScope,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
    });
    expect(url.searchParams.get('state')).toBe(m.stored().signInState);

    // A plain HTTP client follows Google's 302 to the loopback listener, as the system browser would.
    const landed = await fetch(step.url);
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('Signed in');

    const exchange = google.server.received((r) => r.path === '/token');
    expect(exchange).toHaveLength(1);
    const form = new URLSearchParams(exchange[0]!.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('client_secret')).toBe(clientSecret);
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(form.get('redirect_uri')).toBe(callback.uri);

    const stored = m.stored();
    expect(stored.accessToken).toMatch(/^ya29\./);
    expect(stored.refreshToken).toMatch(/^1\/\/refresh/);
    expect(adapter.tokenExpiresAt()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(stored.signInState ?? null).toBeNull();
    expect(stored.signInVerifier ?? null).toBeNull();

    expect(await adapter.check()).toEqual({ account: 'Fake Studio Channel' });
    expect(m.stored().channelId).toBe('UC-fake-channel');
  });

  it('signs in through the consent page a browser shows (Allow button posts the form)', async () => {
    google.consent = 'ask';
    const step = (await adapter.authorize({})) as { url: string };
    const page = await fetch(step.url);
    const html = await page.text();
    expect(html).toContain('Allow');
    const id = /name="id" value="([^"]+)"/.exec(html)![1]!;
    const action = /action="([^"]+)"/.exec(html)![1]!;
    // The browser posts the form, then follows Google's 302 to the loopback.
    const landed = await fetch(`${google.base}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id, allow: '1' }) });
    expect(landed.status).toBe(200);
    expect(callback.outcomes).toEqual([{ ok: true }]);
    expect(m.stored().accessToken).toMatch(/^ya29\./);
  });

  it('uses Google\'s own consent page when authBase is the production token host', () => {
    expect(consentPageUrl(platformDefaults.youtube.authBase)).toBe('https://accounts.google.com/o/oauth2/v2/auth');
  });

  it('says clearly when the user declines on the consent page (access_denied)', async () => {
    google.consent = 'deny';
    const landed = await signIn();
    expect(landed.status).toBe(400);
    const outcome = callback.outcomes[0];
    expect(outcome?.ok).toBe(false);
    const error = (outcome as { error: PlatformError }).error;
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('access_denied');
    expect(error.message).toMatch(/declined on Google's consent page/);
    expect(m.stored().accessToken).toBeUndefined();
  });

  it('refuses a redirect whose state is not the one of the sign-in started here', async () => {
    await adapter.authorize({});
    const error = await rejection(adapter.completeRedirect(new URLSearchParams({ code: 'stolen', state: 'someone-else' })));
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('state_mismatch');
    expect(google.server.received((r) => r.path === '/token')).toHaveLength(0);
  });

  it('says when the consent page\'s YouTube permission was unticked', async () => {
    google.consent = 'untick';
    await signIn();
    const error = (callback.outcomes[0] as { error: PlatformError }).error;
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('insufficient_scope');
  });

  it('fake Google checks what Google checks: client_secret, PKCE verifier, single-use codes', async () => {
    // A code issued for a known challenge, taken from the consent redirect without following it.
    await adapter.authorize({});
    const step = (await adapter.authorize({})) as { url: string };
    const consent = await fetch(step.url, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const post = (form: Record<string, string>) =>
      fetch(`${google.base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    const base = { code, client_id: clientId, grant_type: 'authorization_code', redirect_uri: callback.uri };

    const noSecret = await post({ ...base, code_verifier: String(m.stored().signInVerifier) });
    expect(noSecret.status).toBe(400);
    expect(await noSecret.json()).toEqual({ error: 'invalid_request', error_description: 'client_secret is missing.' });

    const wrongVerifier = await post({ ...base, client_secret: clientSecret, code_verifier: 'x'.repeat(43) });
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });

    const good = await post({ ...base, client_secret: clientSecret, code_verifier: String(m.stored().signInVerifier) });
    expect(good.status).toBe(200);
    const again = await post({ ...base, client_secret: clientSecret, code_verifier: String(m.stored().signInVerifier) });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refreshes before expiry and keeps the refresh token Google omits', async () => {
    await signIn();
    const before = m.stored();
    expect(await adapter.refreshIfDue(60_000)).toBe(false);

    await m.ctx.saveCredentials({ accessTokenExpiresAt: Date.now() + 30_000 });
    expect(await adapter.refreshIfDue(5 * 60_000)).toBe(true);
    const after = m.stored();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(adapter.tokenExpiresAt()).toBeGreaterThan(Date.now() + 3_500_000);
    const refresh = google.server.received((r) => r.path === '/token' && new URLSearchParams(r.body).get('grant_type') === 'refresh_token');
    expect(refresh).toHaveLength(1);
    expect(new URLSearchParams(refresh[0]!.body).get('client_secret')).toBe(clientSecret);
    // The new token works.
    expect((await adapter.check()).account).toBe('Fake Studio Channel');
  });

  it('refreshes once on a 401 and goes on', async () => {
    await signIn();
    youtube.startBroadcast();
    google.expireAccessTokens();
    await adapter.announce(announcement('Flash deal: Silk scarf now 19.90 EUR'));
    expect(youtube.postsBy('UC-fake-channel')).toHaveLength(1);
  });

  it('a token without the YouTube scope is auth (sign in again), not a refresh loop', async () => {
    await signIn();
    youtube.startBroadcast();
    for (const info of google.accessTokens.values()) info.scope = 'openid';
    const error = await rejection(adapter.announce(announcement('no scope')));
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('insufficientPermissions');
    expect(google.grants.filter((g) => g.grantType === 'refresh_token')).toHaveLength(0);
  });

  it('a revoked sign-in turns into PlatformError auth', async () => {
    await signIn();
    youtube.startBroadcast();
    google.revokeAll();
    const error = await rejection(adapter.announce(announcement('Flash deal: revoked')));
    expect(error.kind).toBe('auth');
    expect(error.platformCode).toBe('invalid_grant');
    expect(error.message).toMatch(/Sign in to YouTube again/);
    expect(youtube.postsBy('UC-fake-channel')).toHaveLength(0);
  });

  it('announces once in the active broadcast\'s chat, finds the chat once per broadcast, and counts quota', async () => {
    await signIn();
    const broadcast = youtube.startBroadcast();
    youtube.viewerSays(broadcast.liveChatId, 'hello!');
    const first = await adapter.announce(announcement('Deal live: Silk scarf 19.90 EUR'));
    const second = await adapter.announce(announcement('Last minute: Silk scarf 19.90 EUR'));
    const posts = youtube.postsBy('UC-fake-channel', broadcast.liveChatId);
    expect(posts.map((p) => p.text)).toEqual(['Deal live: Silk scarf 19.90 EUR', 'Last minute: Silk scarf 19.90 EUR']);
    expect(first.remoteId).toBe(posts[0]!.id);
    expect(second.remoteId).toBe(posts[1]!.id);

    const lookups = youtube.server.received((r) => r.path === '/youtube/v3/liveBroadcasts');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.query.get('broadcastStatus')).toBe('active');
    const inserts = youtube.server.received((r) => r.method === 'POST');
    expect(inserts).toHaveLength(2);
    expect(inserts[0]!.query.get('part')).toBe('snippet');
    expect(JSON.parse(inserts[0]!.body)).toEqual({
      snippet: { liveChatId: broadcast.liveChatId, type: 'textMessageEvent', textMessageDetails: { messageText: 'Deal live: Silk scarf 19.90 EUR' } },
    });
    // 1 (liveBroadcasts.list) + 2 x 20 (inserts): the same count YouTube keeps.
    expect(adapter.quotaUsage().used).toBe(41);
    expect(youtube.quota.used).toBe(41);
    expect(adapter.quotaUsage().dailyLimit).toBe(10_000);
  });

  it('without an active broadcast: misconfigured, saying to go live first', async () => {
    await signIn();
    for (const b of youtube.broadcasts) b.status = 'complete';
    const error = await rejection(adapter.announce(announcement('nobody is live')));
    expect(error.kind).toBe('misconfigured');
    expect(error.platformCode).toBe('noActiveBroadcast');
    expect(error.message).toMatch(/no active broadcast/);
  });

  it('chat ended: refused, and the chat id is forgotten so the next broadcast\'s chat is used', async () => {
    await signIn();
    const first = youtube.startBroadcast('Morning');
    await adapter.announce(announcement('Morning deal'));
    youtube.endChat(first.liveChatId);

    const error = await rejection(adapter.announce(announcement('After the chat ended')));
    expect(error.kind).toBe('refused');
    expect(error.platformCode).toBe('liveChatEnded');
    expect(error.httpStatus).toBe(403);

    const second = youtube.startBroadcast('Evening');
    await adapter.announce(announcement('Evening deal'));
    expect(youtube.postsBy('UC-fake-channel', second.liveChatId).map((p) => p.text)).toEqual(['Evening deal']);
  });

  it('a chat that is turned off is refused with liveChatDisabled', async () => {
    await signIn();
    const b = youtube.startBroadcast();
    youtube.disableChat(b.liveChatId);
    const error = await rejection(adapter.announce(announcement('chat is off')));
    expect(error.kind).toBe('refused');
    expect(error.platformCode).toBe('liveChatDisabled');
  });

  it('rate limits and a used-up quota are throttled, with when to retry', async () => {
    await signIn();
    youtube.startBroadcast();
    youtube.server.inject((r) => r.method === 'POST', {
      kind: 'respond',
      response: { status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 429, message: 'Rate limit exceeded', errors: [{ reason: 'rateLimitExceeded' }] } } },
    });
    const limited = await rejection(adapter.announce(announcement('too fast')));
    expect(limited.kind).toBe('throttled');
    expect(limited.platformCode).toBe('rateLimitExceeded');
    expect(limited.retryAfterMs).toBe(7000);

    youtube.quota.used = youtube.quota.dailyLimit - 5;
    const quota = await rejection(adapter.announce(announcement('over quota')));
    expect(quota.kind).toBe('throttled');
    expect(quota.platformCode).toBe('quotaExceeded');
    expect(quota.retryAfterMs).toBeGreaterThan(0);
    expect(quota.retryAfterMs).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('a text over 200 characters is refused before it is sent', async () => {
    await signIn();
    youtube.startBroadcast();
    const error = await rejection(adapter.announce(announcement('x'.repeat(201))));
    expect(error.kind).toBe('refused');
    expect(adapter.maxAnnouncementLength).toBe(200);
    expect(youtube.server.received((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('findAnnouncement finds a post whose answer was dropped, and only ours after sentAfter', async () => {
    await signIn();
    await adapter.check();
    const b = youtube.startBroadcast();
    const text = 'Deal live: Tea set 29.00 EUR';
    await adapter.announce(announcement(text, 'earlier'));
    const sentAfter = Date.now() + 5_000; // the earlier identical post is before this
    youtube.viewerSays(b.liveChatId, text); // same text, not ours
    expect(await adapter.findAnnouncement(announcement(text), sentAfter)).toBeNull();

    youtube.server.inject((r) => r.method === 'POST', { kind: 'dropAfterHandling' });
    const sentAt = Date.now();
    const lost = await rejection(adapter.announce(announcement(text, 'lost')));
    expect(lost.kind).toBe('network');
    const posted = youtube.postsBy('UC-fake-channel', b.liveChatId);
    expect(posted).toHaveLength(2);

    const found = await adapter.findAnnouncement(announcement(text, 'lost'), sentAt);
    expect(found).toEqual({ remoteId: posted[1]!.id });
    const reads = youtube.server.received((r) => r.method === 'GET' && r.path === '/youtube/v3/liveChat/messages');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.query.get('liveChatId')).toBe(b.liveChatId);
  });

  it('not signed in: auth, saying to sign in', async () => {
    const error = await rejection(adapter.check());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/not signed in/);
  });
});
