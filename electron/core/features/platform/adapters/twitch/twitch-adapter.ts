import { setTimeout as delay } from 'node:timers/promises';
import type { AnnouncementMoment, AuthorizeStep, PlatformCapability } from '../../../../../shared/contract/platform';
import type { HttpResponse } from '../../platform-http';
import { NetworkError } from '../../platform-http';
import type { AdapterContext, Announcement, ChatReadOptions, PlatformAdapter, StoredCredentials } from '../adapter';
import { PlatformError, retryAfterMs } from '../adapter';
import { eventSubUrlFor, readEventSubChat, RecentIds } from './eventsub';

/**
 * Twitch: announcements in the channel's chat (Helix chat/announcements, or a plain chat message), signed in
 * with the device code flow: the user's own client id (a public client: no secret), the user enters a
 * short code on twitch.tv/activate on any device while the host polls.
 *
 * Stored credentials: clientId (the user's), accessToken, refreshToken (single-use: replaced at every
 * refresh), accessTokenExpiresAt (ms), userId/login/scopes (from validate); while a sign-in is open
 * deviceCode, deviceInterval (s), deviceExpiresAt (ms).
 *
 * No findAnnouncement: Helix cannot read chat back (only EventSub sees messages as they arrive), so a
 * send whose answer never came is reported as unconfirmed and never sent twice.
 */

/** Post announcements, post chat messages, and read chat (EventSub channel.chat.message). */
export const twitchScopes = ['user:write:chat', 'moderator:manage:announcements', 'user:read:chat'] as const;
/** Helix's limit for an announcement and for a chat message. */
export const twitchMaxMessageLength = 500;

/**
 * Which moments are highlighted announcements; the others go as plain chat messages. Announcements stand
 * out (and Twitch allows about one per 2 s): they are for the calls to act, pin and deal start; the
 * follow-ups (last minute, deal over) would only crowd the chat with banners.
 */
export const announcedAsHighlight: ReadonlySet<AnnouncementMoment> = new Set<AnnouncementMoment>(['pin', 'dealStart']);

const refreshMarginMs = 60_000;
const deviceGrantType = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628: on slow_down the client adds 5 s to its polling interval, for good. */
const slowDownStepMs = 5_000;

interface TwitchErrorBody {
  error?: string;
  status?: number;
  message?: string;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parse<T>(res: HttpResponse): T {
  try {
    return (res.text ? JSON.parse(res.text) : {}) as T;
  } catch {
    return {} as T;
  }
}

export class TwitchAdapter implements PlatformAdapter {
  readonly platform = 'twitch' as const;
  readonly capabilities: ReadonlySet<PlatformCapability> = new Set<PlatformCapability>(['chatAnnouncement', 'chat', 'viewers']);
  readonly maxAnnouncementLength = twitchMaxMessageLength;

  private refreshing: Promise<void> | null = null;
  /** EventSub delivery ids seen by this adapter (at least once: repeats, also across a reconnect, are dropped). */
  private readonly seenDeliveries = new RecentIds();
  private readonly closed = new AbortController();

  constructor(private readonly ctx: AdapterContext) {}

  private get creds(): StoredCredentials {
    return this.ctx.credentials();
  }

  // ---- sign-in ----

  async authorize(_input: { authCode?: string } = {}): Promise<AuthorizeStep> {
    const clientId = this.clientId();
    const res = await this.post(`${this.ctx.config.authBase}/oauth2/device`, { client_id: clientId, scopes: twitchScopes.join(' ') });
    const body = parse<{ device_code?: string; user_code?: string; verification_uri?: string; expires_in?: number; interval?: number } & TwitchErrorBody>(res);
    if (res.status !== 200 || !body.device_code || !body.user_code) throw this.tokenError(res, body, 'sign-in');
    const expiresAt = this.ctx.now() + (body.expires_in ?? 1800) * 1000;
    await this.ctx.saveCredentials({ deviceCode: body.device_code, deviceInterval: body.interval ?? 5, deviceExpiresAt: expiresAt });
    return { kind: 'deviceCode', userCode: body.user_code, verificationUri: body.verification_uri ?? 'https://www.twitch.tv/activate', expiresAt };
  }

  async waitForDevice(signal: AbortSignal): Promise<void> {
    const deviceCode = str(this.creds.deviceCode);
    if (!deviceCode) throw new PlatformError('auth', 'No Twitch sign-in is waiting: start it again from Settings > Platforms.', { platformCode: 'no_pending_sign_in' });
    const expiresAt = Number(this.creds.deviceExpiresAt ?? 0);
    const stop = AbortSignal.any([signal, this.closed.signal]);
    let intervalMs = Number(this.creds.deviceInterval ?? 5) * 1000;
    const clear = { deviceCode: null, deviceInterval: null, deviceExpiresAt: null };
    for (;;) {
      await delay(intervalMs, undefined, { signal: stop });
      if (this.ctx.now() > expiresAt) {
        await this.ctx.saveCredentials(clear);
        throw new PlatformError('auth', 'The Twitch code expired before it was entered: start the Twitch sign-in again for a new code.', { platformCode: 'expired_token' });
      }
      let res: HttpResponse;
      try {
        res = await this.post(`${this.ctx.config.authBase}/oauth2/token`, {
          client_id: this.clientId(),
          scopes: twitchScopes.join(' '),
          device_code: deviceCode,
          grant_type: deviceGrantType,
        });
      } catch (error) {
        // A dropped poll is not a failed sign-in: keep polling until the code expires.
        if (error instanceof PlatformError && error.kind === 'network') continue;
        throw error;
      }
      if (res.status === 200) {
        await this.keepTokens(res);
        await this.ctx.saveCredentials(clear);
        await this.validate();
        return;
      }
      if (res.status >= 500) continue;
      const body = parse<TwitchErrorBody>(res);
      const word = body.message ?? body.error ?? '';
      if (word === 'authorization_pending') continue;
      if (word === 'slow_down') {
        intervalMs += slowDownStepMs;
        continue;
      }
      await this.ctx.saveCredentials(clear);
      if (word === 'access_denied') {
        throw new PlatformError('auth', 'The Twitch sign-in was declined on the activation page, so Twitch is not connected: start it again and choose Authorize.', { platformCode: word });
      }
      if (word === 'expired_token' || /invalid device code/i.test(word)) {
        throw new PlatformError('auth', 'The Twitch code expired before it was entered: start the Twitch sign-in again for a new code.', { platformCode: word || res.status });
      }
      throw this.tokenError(res, body, 'sign-in');
    }
  }

  tokenExpiresAt(): number | null {
    const at = this.creds.accessTokenExpiresAt;
    return typeof at === 'number' ? at : null;
  }

  async refreshIfDue(withinMs: number): Promise<boolean> {
    if (!str(this.creds.refreshToken)) return false;
    const expiresAt = this.tokenExpiresAt();
    if (str(this.creds.accessToken) && expiresAt !== null && expiresAt - this.ctx.now() > withinMs) return false;
    await this.refresh();
    return true;
  }

  /**
   * One refresh at a time (a public client's refresh token is single-use: two refreshes racing with the same
   * token would leave one of them holding a dead token).
   */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const refreshToken = str(this.creds.refreshToken);
        if (!refreshToken) throw new PlatformError('auth', 'Twitch is not signed in (no refresh token kept): sign in to Twitch again.', { platformCode: 'no_refresh_token' });
        const res = await this.post(`${this.ctx.config.authBase}/oauth2/token`, { client_id: this.clientId(), grant_type: 'refresh_token', refresh_token: refreshToken });
        if (res.status !== 200) throw this.tokenError(res, parse<TwitchErrorBody>(res), 'refresh');
        await this.keepTokens(res);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async keepTokens(res: HttpResponse): Promise<void> {
    const body = parse<{ access_token?: string; refresh_token?: string; expires_in?: number; scope?: string[] }>(res);
    if (!body.access_token) throw new PlatformError('unavailable', 'Twitch answered the token request without an access token.', { httpStatus: res.status });
    await this.ctx.saveCredentials({
      accessToken: body.access_token,
      // Always the new one: the old refresh token no longer works once used.
      refreshToken: body.refresh_token ?? null,
      accessTokenExpiresAt: body.expires_in ? this.ctx.now() + body.expires_in * 1000 : null,
      scopes: Array.isArray(body.scope) ? body.scope.join(' ') : null,
    });
  }

  private tokenError(res: HttpResponse, body: TwitchErrorBody, during: 'sign-in' | 'refresh'): PlatformError {
    const word = body.message ?? body.error ?? `HTTP ${res.status}`;
    const details = { platformCode: word, httpStatus: res.status };
    if (res.status >= 500) return new PlatformError('unavailable', `Twitch's sign-in service failed (HTTP ${res.status}); trying again later.`, details);
    if (res.status === 429) return new PlatformError('throttled', 'Twitch\'s sign-in service asks to slow down (HTTP 429).', { ...details, retryAfterMs: this.resetAfterMs(res) });
    if (/invalid client/i.test(word)) {
      return new PlatformError('auth', `Twitch does not know this client id (${word}): copy it again from your application in the Twitch developer console (client type "Public").`, details);
    }
    if (during === 'refresh') return new PlatformError('auth', `Twitch no longer accepts this sign-in: it was revoked or expired (Twitch said: ${word}). Sign in to Twitch again.`, details);
    return new PlatformError('auth', `Twitch refused the sign-in (Twitch said: ${word}): start the Twitch sign-in again.`, details);
  }

  private clientId(): string {
    const clientId = str(this.creds.clientId);
    if (!clientId) throw new PlatformError('misconfigured', 'Twitch needs the client id of your Twitch application (client type "Public"): enter it in Settings > Platforms.', { platformCode: 'missing_client' });
    return clientId;
  }

  // ---- calls ----

  /**
   * Validates the access token (Twitch asks apps to do so at start and hourly) and learns whose it is.
   * The feature's scheduler calls check(), which does this first.
   */
  async validate(): Promise<{ userId: string; login: string; scopes: string[] }> {
    this.requireSignedIn();
    await this.refreshIfDue(refreshMarginMs);
    let res = await this.sendValidate();
    if (res.status === 401 && str(this.creds.refreshToken)) {
      await this.refresh();
      res = await this.sendValidate();
    }
    const body = parse<{ user_id?: string; login?: string; scopes?: string[]; expires_in?: number; client_id?: string } & TwitchErrorBody>(res);
    if (res.status === 401) throw new PlatformError('auth', `Twitch no longer accepts the sign-in (${body.message ?? 'invalid access token'}): sign in to Twitch again.`, { platformCode: body.message ?? 401, httpStatus: 401 });
    if (res.status !== 200 || !body.user_id) throw this.errorOf(res);
    const scopes = body.scopes ?? [];
    await this.ctx.saveCredentials({
      userId: body.user_id,
      login: body.login ?? null,
      scopes: scopes.join(' '),
      ...(body.expires_in ? { accessTokenExpiresAt: this.ctx.now() + body.expires_in * 1000 } : {}),
    });
    return { userId: body.user_id, login: body.login ?? body.user_id, scopes };
  }

  async check(): Promise<{ account: string }> {
    const me = await this.validate();
    const missing = twitchScopes.filter((s) => !me.scopes.includes(s));
    if (missing.length > 0) {
      throw new PlatformError('auth', `The Twitch sign-in lacks the permission ${missing.join(', ')}: sign in to Twitch again and authorize all of them.`, { platformCode: 'missing_scope' });
    }
    const res = await this.helix('GET', '/helix/users', { id: me.userId });
    const user = parse<{ data?: { id: string; login?: string; display_name?: string }[] }>(res).data?.[0];
    return { account: user?.display_name ?? user?.login ?? me.login };
  }

  async announce(message: Announcement): Promise<{ remoteId: string | null }> {
    const length = [...message.text].length;
    if (length > twitchMaxMessageLength) {
      throw new PlatformError('refused', `The announcement is ${length} characters long; Twitch's chat takes at most ${twitchMaxMessageLength}: shorten the template.`, {
        platformCode: 'message_too_long',
      });
    }
    const userId = str(this.creds.userId) ?? (await this.validate()).userId;
    if (announcedAsHighlight.has(message.moment)) {
      // The broadcaster's own token: the channel and its moderator are the same user.
      await this.helix('POST', '/helix/chat/announcements', { broadcaster_id: userId, moderator_id: userId }, JSON.stringify({ message: message.text, color: 'primary' }));
      return { remoteId: null };
    }
    const res = await this.helix('POST', '/helix/chat/messages', {}, JSON.stringify({ broadcaster_id: userId, sender_id: userId, message: message.text }));
    const sent = parse<{ data?: { message_id?: string; is_sent?: boolean; drop_reason?: { code?: string; message?: string } | null }[] }>(res).data?.[0];
    if (sent && sent.is_sent === false) {
      const code = sent.drop_reason?.code ?? 'dropped';
      const said = sent.drop_reason?.message ?? 'no reason given';
      // A dropped message answers 200: only is_sent says it never reached the chat.
      if (code === 'msg_ratelimit') throw new PlatformError('throttled', `Twitch dropped the chat message for now: ${said} (${code}).`, { platformCode: code, httpStatus: res.status });
      throw new PlatformError('refused', `Twitch dropped the chat message: ${said} (${code}).`, { platformCode: code, httpStatus: res.status });
    }
    return { remoteId: str(sent?.message_id) };
  }

  /**
   * Reads the channel's chat over EventSub WebSocket (see eventsub.ts) until `signal` aborts. Twitch keeps
   * no history and no cursor: what was said while nobody listened is not delivered.
   */
  async readChat(options: ChatReadOptions): Promise<void> {
    const signal = AbortSignal.any([options.signal, this.closed.signal]);
    const me = str(this.creds.userId) ? { userId: str(this.creds.userId)!, scopes: (str(this.creds.scopes) ?? '').split(' ') } : await this.validate();
    if (!me.scopes.includes('user:read:chat')) {
      throw new PlatformError('auth', 'The Twitch sign-in lacks the permission user:read:chat (read the chat): sign in to Twitch again and authorize it.', { platformCode: 'missing_scope' });
    }
    await readEventSubChat(
      { ...options, signal },
      {
        url: eventSubUrlFor(this.ctx.config.apiBase),
        subscribe: (sessionId) => this.subscribeChat(sessionId, me.userId),
        seen: this.seenDeliveries,
        now: () => this.ctx.now(),
      },
    );
  }

  /** channel.chat.message on the broadcaster's own channel, delivered to this WebSocket session. */
  private async subscribeChat(sessionId: string, userId: string): Promise<void> {
    const body = JSON.stringify({
      type: 'channel.chat.message',
      version: '1',
      condition: { broadcaster_user_id: userId, user_id: userId },
      transport: { method: 'websocket', session_id: sessionId },
    });
    try {
      await this.helix('POST', '/helix/eventsub/subscriptions', {}, body);
    } catch (error) {
      // 409: this session already has it (a retry whose first answer was lost).
      if (error instanceof PlatformError && error.httpStatus === 409) return;
      // 403: the token's user cannot read this chat (scope missing): only a new sign-in helps.
      if (error instanceof PlatformError && error.httpStatus === 403) {
        throw new PlatformError('auth', `Twitch refused to send this channel's chat (${error.message}): sign in to Twitch again and authorize reading the chat.`, {
          platformCode: error.platformCode,
          httpStatus: 403,
        });
      }
      // 400 about the session: it is gone (closed meanwhile): the next session subscribes again.
      if (error instanceof PlatformError && error.httpStatus === 400 && /session/i.test(error.message)) {
        throw new PlatformError('unavailable', error.message, { platformCode: error.platformCode, httpStatus: 400 });
      }
      throw error;
    }
  }

  /** Concurrent viewers of the channel's live stream (helix/streams); null when it is offline. */
  async viewers(): Promise<number | null> {
    const userId = str(this.creds.userId) ?? (await this.validate()).userId;
    const res = await this.helix('GET', '/helix/streams', { user_id: userId });
    const stream = parse<{ data?: { viewer_count?: number; type?: string }[] }>(res).data?.[0];
    if (!stream || (stream.type !== undefined && stream.type !== 'live')) return null;
    return Math.max(0, Math.floor(Number(stream.viewer_count ?? 0)));
  }

  close(): void {
    this.closed.abort(new Error('Twitch connection closed'));
  }

  private requireSignedIn(): void {
    if (!str(this.creds.accessToken) && !str(this.creds.refreshToken)) {
      throw new PlatformError('auth', 'Twitch is not signed in yet: start the sign-in from Settings > Platforms and enter the code shown.', { platformCode: 'not_signed_in' });
    }
  }

  private sendValidate(): Promise<HttpResponse> {
    return this.request({ method: 'GET', url: `${this.ctx.config.authBase}/oauth2/validate`, headers: { authorization: `OAuth ${str(this.creds.accessToken) ?? ''}` } });
  }

  /** A Helix call with Client-Id and the user's token: refreshes a token about to expire, and once more on a 401. */
  private async helix(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: string): Promise<HttpResponse> {
    this.requireSignedIn();
    await this.refreshIfDue(refreshMarginMs);
    const search = new URLSearchParams(query).toString();
    const url = `${this.ctx.config.apiBase}${path}${search ? `?${search}` : ''}`;
    const send = () =>
      this.request({
        method,
        url,
        headers: {
          'client-id': this.clientId(),
          authorization: `Bearer ${str(this.creds.accessToken) ?? ''}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body,
      });
    let res = await send();
    // A missing scope is a 401 too, but a fresh token has the same scopes: only an invalid token is worth a refresh.
    if (res.status === 401 && !/missing scope/i.test(parse<TwitchErrorBody>(res).message ?? '') && str(this.creds.refreshToken)) {
      await this.refresh();
      res = await send();
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw this.errorOf(res);
  }

  private async post(url: string, form: Record<string, string>): Promise<HttpResponse> {
    return this.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  private async request(req: Parameters<AdapterContext['http']['request']>[0]): Promise<HttpResponse> {
    try {
      return await this.ctx.http.request(req);
    } catch (error) {
      if (error instanceof NetworkError) throw new PlatformError('network', error.message, { platformCode: error.code });
      throw error;
    }
  }

  /** Ratelimit-Reset is the epoch second the bucket refills; Retry-After when a proxy says it instead. */
  private resetAfterMs(res: HttpResponse): number | null {
    const reset = Number(res.headers['ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - this.ctx.now());
    return retryAfterMs(res.headers['retry-after'], this.ctx.now());
  }

  /** Helix's {"error","status","message"} in the push engine's terms. */
  private errorOf(res: HttpResponse): PlatformError {
    const body = parse<TwitchErrorBody>(res);
    const said = body.message ?? body.error ?? `HTTP ${res.status}`;
    const details = { platformCode: body.message ?? res.status, httpStatus: res.status };
    if (res.status === 429) return new PlatformError('throttled', `Twitch asks to slow down (${said}).`, { ...details, retryAfterMs: this.resetAfterMs(res) });
    if (res.status === 401) {
      if (/missing scope/i.test(said)) return new PlatformError('auth', `The Twitch sign-in lacks a permission (${said}): sign in to Twitch again and authorize all of them.`, details);
      return new PlatformError('auth', `Twitch no longer accepts the sign-in (${said}): sign in to Twitch again.`, details);
    }
    if (res.status >= 500) return new PlatformError('unavailable', `Twitch failed to answer (${said}); trying again later.`, details);
    return new PlatformError('refused', `Twitch refused the call: ${said}.`, details);
  }
}

export function createTwitchAdapter(ctx: AdapterContext): PlatformAdapter {
  return new TwitchAdapter(ctx);
}
