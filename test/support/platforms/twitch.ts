import crypto from 'node:crypto';
import { FakePlatform, type FakeRequest, type FakeResponse } from './fake-platform';

/**
 * A fake Twitch: `id` stands for id.twitch.tv (a connection's authBase: device flow, token, validate) and
 * `api` for api.twitch.tv (its apiBase: Helix users, chat announcements, chat messages). It checks what
 * Twitch checks: a known client id, the device flow's authorization_pending until the test approves the
 * code, single-use refresh tokens (a used one is "Invalid refresh token"), `Authorization: OAuth` at
 * validate, `Client-Id` matching the token's client on Helix, the scope each endpoint needs (401 "Missing
 * scope: ..."), a rate-limit bucket with Ratelimit-Limit/Remaining/Reset headers and 429 when it is empty,
 * and dropped duplicate chat messages (200 with is_sent:false, drop_reason msg_duplicate).
 */

export interface TwitchUser {
  id: string;
  login: string;
  displayName: string;
}

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
}

interface TokenInfo {
  clientId: string;
  scopes: string[];
  user: TwitchUser;
  expiresAt: number;
}

export interface FakeAnnouncement {
  broadcasterId: string;
  moderatorId: string;
  message: string;
  color: string;
  at: number;
}

export interface FakeTwitchChatMessage {
  messageId: string;
  broadcasterId: string;
  senderId: string;
  message: string;
  at: number;
}

function twitchError(status: number, message: string): FakeResponse {
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' }[status] ?? 'Error';
  return { status, body: { error, status, message } };
}

/** The device flow's own answers: {"status":400,"message":"authorization_pending"}. */
function deviceAnswer(message: string): FakeResponse {
  return { status: 400, body: { status: 400, message } };
}

export class FakeTwitch {
  readonly id: FakePlatform;
  readonly api: FakePlatform;
  /** Registered applications (public clients: no secret). */
  readonly clients = new Set<string>();
  user: TwitchUser = { id: '141981764', login: 'fakestudio', displayName: 'FakeStudio' };
  /** Seconds between device-flow polls the device endpoint asks for (Twitch: 5). */
  deviceIntervalSeconds = 5;
  deviceCodeLifetimeSeconds = 1800;
  accessTokenLifetimeSeconds = 14_400;
  /** Rate-limit bucket of Helix (per client and user; Twitch: 800 points a minute). */
  readonly bucket = { limit: 800, remaining: 800, resetAt: 0 };
  /** Identical chat messages within this window are dropped (Twitch: 30 s). */
  duplicateWindowMs = 30_000;
  /** Where the device flow sends the user to enter the code (npm run fakes points it at its own page). */
  activatePage = 'https://www.twitch.tv/activate';

  readonly announcements: FakeAnnouncement[] = [];
  readonly chatMessages: FakeTwitchChatMessage[] = [];
  readonly devices = new Map<string, DeviceGrant>();
  readonly accessTokens = new Map<string, TokenInfo>();
  /** Refresh tokens: each works once (public clients), `used` ones are refused. */
  readonly refreshTokens = new Map<string, { clientId: string; scopes: string[]; user: TwitchUser; used: boolean; revoked: boolean }>();
  private counter = 0;

  constructor() {
    this.id = new FakePlatform('twitch-id', (req) => this.handleId(req));
    this.api = new FakePlatform('twitch-api', (req) => this.handleApi(req));
  }

  async start(): Promise<{ authBase: string; apiBase: string }> {
    return { authBase: await this.id.start(), apiBase: await this.api.start() };
  }

  async stop(): Promise<void> {
    await this.id.stop();
    await this.api.stop();
  }

  addClient(clientId: string): void {
    this.clients.add(clientId);
  }

  /** The user entered the code on twitch.tv/activate and clicked Authorize (or Cancel). */
  approveDevice(userCode: string, allow = true): void {
    const grant = [...this.devices.values()].find((d) => d.userCode === userCode);
    if (!grant) throw new Error(`no device code ${userCode}`);
    grant.state = allow ? 'approved' : 'denied';
  }

  /** The user disconnected the app in their Twitch settings: every token of it stops working. */
  revokeAll(): void {
    this.accessTokens.clear();
    for (const r of this.refreshTokens.values()) r.revoked = true;
  }

  /** Access tokens expire now (a call with one gets 401), refresh tokens stay good. */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = 0;
  }

  /** The Helix bucket is empty until `resetInSeconds` from now. */
  emptyBucket(resetInSeconds: number): void {
    this.bucket.remaining = 0;
    this.bucket.resetAt = Math.ceil(Date.now() / 1000) + resetInSeconds;
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}${crypto.randomBytes(8).toString('hex')}`;
  }

  private issue(clientId: string, scopes: string[], user: TwitchUser): { access_token: string; refresh_token: string; expires_in: number; scope: string[]; token_type: string } {
    const access = this.next('at');
    const refresh = this.next('rt');
    this.accessTokens.set(access, { clientId, scopes, user: { ...user }, expiresAt: Date.now() + this.accessTokenLifetimeSeconds * 1000 });
    this.refreshTokens.set(refresh, { clientId, scopes, user: { ...user }, used: false, revoked: false });
    return { access_token: access, refresh_token: refresh, expires_in: this.accessTokenLifetimeSeconds, scope: scopes, token_type: 'bearer' };
  }

  // ---- id.twitch.tv ----

  private handleId(req: FakeRequest): FakeResponse {
    if (req.method === 'POST' && req.path === '/oauth2/device') return this.device(req);
    if (req.method === 'POST' && req.path === '/oauth2/token') return this.token(req);
    if (req.method === 'GET' && req.path === '/oauth2/validate') return this.validate(req);
    return twitchError(404, `no ${req.method} ${req.path} on fake id.twitch.tv`);
  }

  /** Twitch takes the OAuth parameters as a form body (or the query). */
  private params(req: FakeRequest): URLSearchParams {
    const form = new URLSearchParams(req.body);
    for (const [k, v] of req.query) if (!form.has(k)) form.set(k, v);
    return form;
  }

  private device(req: FakeRequest): FakeResponse {
    const form = this.params(req);
    const clientId = form.get('client_id') ?? '';
    if (!this.clients.has(clientId)) return deviceAnswer('invalid client');
    const scopes = (form.get('scopes') ?? '').split(' ').filter(Boolean);
    const deviceCode = this.next('dc');
    const userCode = crypto.randomBytes(4).toString('hex').toUpperCase();
    this.devices.set(deviceCode, { deviceCode, userCode, clientId, scopes, expiresAt: Date.now() + this.deviceCodeLifetimeSeconds * 1000, state: 'pending' });
    return {
      status: 200,
      body: {
        device_code: deviceCode,
        expires_in: this.deviceCodeLifetimeSeconds,
        interval: this.deviceIntervalSeconds,
        user_code: userCode,
        verification_uri: `${this.activatePage}?public=true&device-code=${userCode}`,
      },
    };
  }

  private token(req: FakeRequest): FakeResponse {
    const form = this.params(req);
    const clientId = form.get('client_id') ?? '';
    if (!this.clients.has(clientId)) return deviceAnswer('invalid client');
    const grantType = form.get('grant_type');
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      const grant = this.devices.get(form.get('device_code') ?? '');
      if (!grant || grant.clientId !== clientId || grant.state === 'used') return deviceAnswer('invalid device code');
      if (Date.now() > grant.expiresAt) return deviceAnswer('expired_token');
      if (grant.state === 'pending') return deviceAnswer('authorization_pending');
      if (grant.state === 'denied') return deviceAnswer('access_denied');
      grant.state = 'used';
      return { status: 200, body: this.issue(clientId, grant.scopes, this.user) };
    }
    if (grantType === 'refresh_token') {
      const refresh = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.used || refresh.revoked || refresh.clientId !== clientId) return twitchError(400, 'Invalid refresh token');
      // Public clients: a refresh token works once; the answer carries the next one.
      refresh.used = true;
      return { status: 200, body: this.issue(clientId, refresh.scopes, refresh.user) };
    }
    return twitchError(400, 'Invalid grant type');
  }

  private tokenOf(header: string | undefined, scheme: 'OAuth' | 'Bearer'): TokenInfo | null {
    const match = new RegExp(`^${scheme} (.+)$`, 'i').exec(header ?? '');
    const info = match ? this.accessTokens.get(match[1]!) : undefined;
    return info && info.expiresAt > Date.now() ? info : null;
  }

  private validate(req: FakeRequest): FakeResponse {
    const info = this.tokenOf(req.headers.authorization, 'OAuth');
    if (!info) return { status: 401, body: { status: 401, message: 'invalid access token' } };
    return {
      status: 200,
      body: { client_id: info.clientId, login: info.user.login, scopes: info.scopes, user_id: info.user.id, expires_in: Math.floor((info.expiresAt - Date.now()) / 1000) },
    };
  }

  // ---- api.twitch.tv (Helix) ----

  private rateHeaders(): Record<string, string> {
    const now = Math.ceil(Date.now() / 1000);
    if (this.bucket.resetAt <= now) {
      this.bucket.remaining = this.bucket.limit;
      this.bucket.resetAt = now + 60;
    }
    return { 'ratelimit-limit': String(this.bucket.limit), 'ratelimit-remaining': String(this.bucket.remaining), 'ratelimit-reset': String(this.bucket.resetAt) };
  }

  private handleApi(req: FakeRequest): FakeResponse {
    const clientId = req.headers['client-id'];
    if (typeof clientId !== 'string' || !clientId) return twitchError(401, 'Client ID is missing');
    const auth = req.headers.authorization;
    if (!auth) return twitchError(401, 'OAuth token is missing');
    const token = this.tokenOf(auth, 'Bearer');
    if (!token) return twitchError(401, 'Invalid OAuth token');
    if (token.clientId !== clientId) return twitchError(401, 'Client ID and OAuth token do not match');
    const headers = this.rateHeaders();
    if (this.bucket.remaining <= 0) return { ...twitchError(429, 'Too Many Requests'), headers };
    this.bucket.remaining -= 1;
    headers['ratelimit-remaining'] = String(this.bucket.remaining);
    const answer = this.route(req, token);
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  private route(req: FakeRequest, token: TokenInfo): FakeResponse {
    if (req.method === 'GET' && req.path === '/helix/users') return this.users(req, token);
    if (req.method === 'POST' && req.path === '/helix/chat/announcements') return this.announce(req, token);
    if (req.method === 'POST' && req.path === '/helix/chat/messages') return this.chatMessage(req, token);
    return twitchError(404, `no ${req.method} ${req.path} on fake Helix`);
  }

  private users(req: FakeRequest, token: TokenInfo): FakeResponse {
    const ids = req.query.getAll('id');
    const logins = req.query.getAll('login');
    const known = [this.user];
    const users = ids.length === 0 && logins.length === 0 ? [token.user] : known.filter((u) => ids.includes(u.id) || logins.includes(u.login));
    return {
      status: 200,
      body: { data: users.map((u) => ({ id: u.id, login: u.login, display_name: u.displayName, type: '', broadcaster_type: 'affiliate', created_at: '2020-01-01T00:00:00Z' })) },
    };
  }

  private json<T>(req: FakeRequest): T | null {
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return null;
    try {
      return JSON.parse(req.body) as T;
    } catch {
      return null;
    }
  }

  private announce(req: FakeRequest, token: TokenInfo): FakeResponse {
    if (!token.scopes.includes('moderator:manage:announcements')) return twitchError(401, 'Missing scope: moderator:manage:announcements');
    const broadcasterId = req.query.get('broadcaster_id');
    const moderatorId = req.query.get('moderator_id');
    if (!broadcasterId) return twitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!moderatorId) return twitchError(400, 'Missing required parameter "moderator_id"');
    if (moderatorId !== token.user.id) return twitchError(403, 'The ID in moderator_id must match the user ID in the user access token.');
    if (broadcasterId !== this.user.id) return twitchError(400, 'The ID in broadcaster_id is not valid.');
    const body = this.json<{ message?: string; color?: string }>(req);
    if (!body) return twitchError(400, 'The body is not valid JSON (Content-Type: application/json).');
    if (!body.message) return twitchError(400, 'Missing required parameter "message"');
    if ([...body.message].length > 500) return twitchError(400, 'The message is too long.');
    const color = body.color ?? 'primary';
    if (!['blue', 'green', 'orange', 'purple', 'primary'].includes(color)) return twitchError(400, 'The color is not valid.');
    this.announcements.push({ broadcasterId, moderatorId, message: body.message, color, at: Date.now() });
    return { status: 204 };
  }

  private chatMessage(req: FakeRequest, token: TokenInfo): FakeResponse {
    if (!token.scopes.includes('user:write:chat')) return twitchError(401, 'Missing scope: user:write:chat');
    const body = this.json<{ broadcaster_id?: string; sender_id?: string; message?: string }>(req);
    if (!body) return twitchError(400, 'The body is not valid JSON (Content-Type: application/json).');
    if (!body.broadcaster_id || !body.sender_id || !body.message) return twitchError(400, 'Missing required parameter: broadcaster_id, sender_id and message are required.');
    if (body.sender_id !== token.user.id) return twitchError(403, 'The sender must have authorized the app with the user:write:chat scope.');
    if ([...body.message].length > 500) return twitchError(400, 'The message is too long.');
    const now = Date.now();
    const duplicate = this.chatMessages.some(
      (m) => m.senderId === body.sender_id && m.broadcasterId === body.broadcaster_id && m.message === body.message && now - m.at < this.duplicateWindowMs,
    );
    const messageId = crypto.randomUUID();
    if (duplicate) {
      return {
        status: 200,
        body: { data: [{ message_id: '', is_sent: false, drop_reason: { code: 'msg_duplicate', message: 'Your message is identical to the one you sent within the last 30 seconds.' } }] },
      };
    }
    this.chatMessages.push({ messageId, broadcasterId: body.broadcaster_id, senderId: body.sender_id, message: body.message, at: now });
    return { status: 200, body: { data: [{ message_id: messageId, is_sent: true, drop_reason: null }] } };
  }
}
