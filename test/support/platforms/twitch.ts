import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakePlatform, type FakeRequest, type FakeResponse } from './fake-platform';

/**
 * A fake Twitch: `id` stands for id.twitch.tv (a connection's authBase: device flow, token, validate) and
 * `api` for api.twitch.tv (its apiBase: Helix users, chat announcements, chat messages). It checks what
 * Twitch checks: a known client id, the device flow's authorization_pending until the test approves the
 * code, single-use refresh tokens (a used one is "Invalid refresh token"), `Authorization: OAuth` at
 * validate, `Client-Id` matching the token's client on Helix, the scope each endpoint needs (401 "Missing
 * scope: ..."), a rate-limit bucket with Ratelimit-Limit/Remaining/Reset headers and 429 when it is empty,
 * and dropped duplicate chat messages (200 with is_sent:false, drop_reason msg_duplicate).
 *
 * EventSub over WebSocket at `<api>/eventsub/ws` (what the adapter derives from a non-production apiBase):
 * session_welcome with keepalive_timeout_seconds, keepalives when nothing else was sent, close 4003 when no
 * subscription arrives within the welcome window, session_reconnect to a new URL (the session and its
 * subscriptions move there; the last notifications are sent again on it, as at-least-once allows), 4007
 * for a reconnect URL it never gave, close codes on demand (4005/4006...), revocation; and
 * POST /helix/eventsub/subscriptions checking type, version, condition (user_id = the token's user), the
 * scope user:read:chat (403 otherwise), the websocket session id (400 when unknown or closed), 409 on a
 * repeat. GET /helix/streams?user_id= answers the live stream's viewer_count (empty data when offline).
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

export interface FakeEventSubSubscription {
  id: string;
  type: string;
  version: string;
  condition: { broadcaster_user_id: string; user_id: string };
  sessionId: string;
  status: 'enabled' | 'authorization_revoked' | 'user_removed' | 'version_removed' | 'websocket_disconnected';
  createdAt: string;
}

interface EventSubSocket {
  ws: WebSocket;
  sessionId: string;
  /** Time of the last message sent on it (keepalives are sent only after a silence). */
  lastSentAt: number;
  keepalive: NodeJS.Timeout | null;
  /** Keepalives stopped (a dead link, as the client sees it). */
  silent: boolean;
  closedWith: number | null;
}

interface EventSubSessionState {
  id: string;
  /** The socket carrying it now (another during a reconnect hand-over). */
  socket: EventSubSocket | null;
  welcomeWindow: NodeJS.Timeout | null;
  /** Notifications sent on it, newest last (sent again on the new socket after a reconnect). */
  sent: string[];
  reconnectToken: string | null;
}

/** A chatter in the fake channel. */
export interface FakeChatter {
  userId?: string;
  login?: string;
  name?: string;
  /** Badge set ids: moderator, subscriber, broadcaster, vip... */
  badges?: string[];
  /** A cheer: Bits in the message. */
  bits?: number;
}

const closeReasonText: Record<number, string> = {
  4000: 'internal server error',
  4001: 'sent inbound traffic',
  4002: 'failed ping pong',
  4003: 'connection unused',
  4004: 'reconnect grace time expired',
  4005: 'network timeout',
  4006: 'network error',
  4007: 'invalid reconnect',
};

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

  /** EventSub WebSocket: keepalive timeout said in the welcome, the window to subscribe in, notifications replayed after a reconnect. */
  readonly eventSub = { keepaliveSeconds: 10, welcomeWindowMs: 10_000, replayOnReconnect: 3 };
  readonly subscriptions: FakeEventSubSubscription[] = [];
  /** Sockets closed, with who closed them and the code (4003, 4005, 1000 by the client after a hand-over...). */
  readonly closes: { sessionId: string; code: number; by: 'server' | 'client' }[] = [];
  /** Every notification sent, by delivery id (metadata.message_id), with the chat message id it carried. */
  readonly notifications = new Map<string, { messageId: string; text: string; frame: string }>();
  /** The channel's live stream (null: offline) for helix/streams. */
  stream: { viewerCount: number; startedAt: string } | null = null;
  private readonly sessions = new Map<string, EventSubSessionState>();
  private readonly wss = new WebSocketServer({ noServer: true });

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
    this.api.onUpgrade((req, socket, head) => this.upgrade(req, socket, head));
  }

  async start(): Promise<{ authBase: string; apiBase: string }> {
    return { authBase: await this.id.start(), apiBase: await this.api.start() };
  }

  async stop(): Promise<void> {
    for (const session of this.sessions.values()) this.dropSession(session);
    await this.id.stop();
    await this.api.stop();
  }

  // ---- EventSub WebSocket: what a test makes happen ----

  /** The EventSub WebSocket address (the adapter's `<apiBase>/eventsub/ws`). */
  get eventSubUrl(): string {
    return `${this.api.base.replace(/^http/, 'ws')}/eventsub/ws`;
  }

  /** Sessions with an open socket. */
  openSessions(): string[] {
    return [...this.sessions.values()].filter((s) => s.socket && s.socket.closedWith === null).map((s) => s.id);
  }

  /** Enabled chat subscriptions on open sessions. */
  activeChatSubscriptions(): FakeEventSubSubscription[] {
    const open = new Set(this.openSessions());
    return this.subscriptions.filter((s) => s.status === 'enabled' && s.type === 'channel.chat.message' && open.has(s.sessionId));
  }

  /** Waits (event-driven: checked on every socket change) until `ready` holds. */
  async waitUntil(ready: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error('fake Twitch: timed out waiting');
      await new Promise<void>((resolve) => this.changeWaiters.push(resolve));
    }
  }

  /**
   * A chatter writes in the channel: a channel.chat.message notification on every session subscribed to
   * it. Returns the chat message id and the delivery id (metadata.message_id).
   */
  chatterSays(text: string, chatter: FakeChatter = {}): { messageId: string; deliveryId: string } {
    const messageId = crypto.randomUUID();
    const deliveryId = crypto.randomUUID();
    const event = {
      broadcaster_user_id: this.user.id,
      broadcaster_user_login: this.user.login,
      broadcaster_user_name: this.user.displayName,
      chatter_user_id: chatter.userId ?? '90001',
      chatter_user_login: chatter.login ?? (chatter.name ?? 'viewer').toLowerCase(),
      chatter_user_name: chatter.name ?? 'Viewer',
      message_id: messageId,
      message: { text, fragments: [{ type: chatter.bits ? 'cheermote' : 'text', text, cheermote: null, emote: null, mention: null }] },
      color: '#00FF7F',
      badges: (chatter.badges ?? []).map((b) => ({ set_id: b, id: '1', info: '' })),
      message_type: 'text',
      cheer: chatter.bits ? { bits: chatter.bits } : null,
      reply: null,
      channel_points_custom_reward_id: null,
    };
    for (const sub of this.subscriptions) {
      if (sub.status !== 'enabled' || sub.type !== 'channel.chat.message' || sub.condition.broadcaster_user_id !== this.user.id) continue;
      const session = this.sessions.get(sub.sessionId);
      if (!session?.socket || session.socket.closedWith !== null) continue;
      const frame = JSON.stringify({
        metadata: { message_id: deliveryId, message_type: 'notification', message_timestamp: new Date().toISOString(), subscription_type: sub.type, subscription_version: sub.version },
        payload: { subscription: this.subscriptionBody(sub), event },
      });
      this.notifications.set(deliveryId, { messageId, text, frame });
      session.sent.push(deliveryId);
      if (session.sent.length > 100) session.sent.shift();
      this.sendFrame(session.socket, frame);
    }
    return { messageId, deliveryId };
  }

  /** Sends a notification again with the same delivery id (EventSub delivers at least once). */
  redeliver(deliveryId: string): void {
    const sent = this.notifications.get(deliveryId);
    if (!sent) throw new Error(`no notification ${deliveryId}`);
    for (const session of this.sessions.values()) if (session.socket && session.socket.closedWith === null) this.sendFrame(session.socket, sent.frame);
  }

  /** session_reconnect on every open session; `valid: false` gives a URL the fake refuses with 4007. */
  askReconnect(options: { valid?: boolean } = {}): void {
    for (const session of this.sessions.values()) {
      if (!session.socket || session.socket.closedWith !== null) continue;
      session.reconnectToken = options.valid === false ? null : crypto.randomBytes(8).toString('hex');
      const url = `${this.eventSubUrl}?reconnect=${session.reconnectToken ?? 'not-a-reconnect-token'}`;
      this.sendMessage(session.socket, 'session_reconnect', {
        session: { id: session.id, status: 'reconnecting', keepalive_timeout_seconds: null, reconnect_url: url, connected_at: new Date().toISOString() },
      });
    }
  }

  /** Twitch closes every open socket with `code` (4005 network timeout, 4006 network error, 4000...). */
  closeSockets(code: number): void {
    for (const session of this.sessions.values()) if (session.socket && session.socket.closedWith === null) this.closeSocket(session.socket, code);
  }

  /** Keepalives stop on every open socket (the link died without a close, as the client sees it). */
  silence(): void {
    for (const session of this.sessions.values()) if (session.socket) session.socket.silent = true;
  }

  /** Twitch revokes every chat subscription (the user removed the app: authorization_revoked). */
  revokeChat(status: FakeEventSubSubscription['status'] = 'authorization_revoked'): void {
    for (const sub of this.subscriptions) {
      if (sub.status !== 'enabled' || sub.type !== 'channel.chat.message') continue;
      sub.status = status;
      const session = this.sessions.get(sub.sessionId);
      if (session?.socket && session.socket.closedWith === null) this.sendMessage(session.socket, 'revocation', { subscription: this.subscriptionBody(sub) }, sub);
    }
  }

  /** The channel goes live with this many viewers (helix/streams), or changes its count. */
  goLive(viewerCount: number): void {
    this.stream = { viewerCount, startedAt: this.stream?.startedAt ?? new Date().toISOString() };
  }

  goOffline(): void {
    this.stream = null;
  }

  private readonly changeWaiters: (() => void)[] = [];

  private changed(): void {
    for (const w of this.changeWaiters.splice(0)) w();
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/eventsub/ws') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, url.searchParams.get('reconnect')));
  }

  private connected(ws: WebSocket, reconnectToken: string | null): void {
    const now = Date.now();
    let session: EventSubSessionState | undefined;
    if (reconnectToken !== null) {
      session = [...this.sessions.values()].find((s) => s.reconnectToken !== null && s.reconnectToken === reconnectToken);
      if (!session) {
        // A URL this server never gave (or already used): 4007 invalid reconnect.
        const orphan: EventSubSocket = { ws, sessionId: 'none', lastSentAt: now, keepalive: null, silent: false, closedWith: null };
        this.closeSocket(orphan, 4007);
        return;
      }
      session.reconnectToken = null;
    }
    const socket: EventSubSocket = { ws, sessionId: session?.id ?? crypto.randomUUID().replace(/-/g, '_'), lastSentAt: now, keepalive: null, silent: false, closedWith: null };
    ws.on('message', () => {
      // Clients must not send anything but pongs: Twitch closes with 4001.
      this.closeSocket(socket, 4001);
    });
    ws.on('close', (code: number) => {
      if (socket.keepalive) clearInterval(socket.keepalive);
      if (socket.closedWith === null) {
        socket.closedWith = code;
        this.closes.push({ sessionId: socket.sessionId, code, by: 'client' });
      }
      const s = this.sessions.get(socket.sessionId);
      if (s && s.socket === socket) {
        // The session ends with its socket: its subscriptions stop (websocket_disconnected).
        for (const sub of this.subscriptions) if (sub.sessionId === s.id && sub.status === 'enabled') sub.status = 'websocket_disconnected';
        if (s.welcomeWindow) clearTimeout(s.welcomeWindow);
        this.sessions.delete(s.id);
      }
      this.changed();
    });
    const welcome = {
      session: { id: socket.sessionId, status: 'connected', connected_at: new Date().toISOString(), keepalive_timeout_seconds: this.eventSub.keepaliveSeconds, reconnect_url: null, recovery_url: null },
    };
    if (session) {
      // The hand-over: the new socket carries the session; the old one stays open until the client closes it.
      const old = session.socket;
      session.socket = socket;
      if (old && old.keepalive) clearInterval(old.keepalive);
      if (old) old.silent = true;
      this.sendMessage(socket, 'session_welcome', welcome);
      for (const deliveryId of session.sent.slice(-this.eventSub.replayOnReconnect)) {
        const sent = this.notifications.get(deliveryId);
        if (sent) this.sendFrame(socket, sent.frame);
      }
    } else {
      session = { id: socket.sessionId, socket, welcomeWindow: null, sent: [], reconnectToken: null };
      this.sessions.set(session.id, session);
      this.sendMessage(socket, 'session_welcome', welcome);
      const s = session;
      s.welcomeWindow = setTimeout(() => {
        s.welcomeWindow = null;
        const subscribed = this.subscriptions.some((sub) => sub.sessionId === s.id && sub.status === 'enabled');
        if (!subscribed && s.socket) this.closeSocket(s.socket, 4003);
      }, this.eventSub.welcomeWindowMs);
    }
    socket.keepalive = setInterval(() => {
      if (socket.silent || socket.closedWith !== null) return;
      if (Date.now() - socket.lastSentAt >= this.eventSub.keepaliveSeconds * 1000 - 50) this.sendMessage(socket, 'session_keepalive', {});
    }, Math.max(50, (this.eventSub.keepaliveSeconds * 1000) / 2));
    this.changed();
  }

  private sendMessage(socket: EventSubSocket, type: string, payload: unknown, sub?: FakeEventSubSubscription): void {
    const metadata: Record<string, string> = { message_id: crypto.randomUUID(), message_type: type, message_timestamp: new Date().toISOString() };
    if (sub) {
      metadata.subscription_type = sub.type;
      metadata.subscription_version = sub.version;
    }
    this.sendFrame(socket, JSON.stringify({ metadata, payload }));
  }

  private sendFrame(socket: EventSubSocket, frame: string): void {
    if (socket.closedWith !== null || socket.ws.readyState !== socket.ws.OPEN) return;
    socket.lastSentAt = Date.now();
    socket.ws.send(frame);
  }

  private closeSocket(socket: EventSubSocket, code: number): void {
    if (socket.closedWith !== null) return;
    socket.closedWith = code;
    if (socket.keepalive) clearInterval(socket.keepalive);
    this.closes.push({ sessionId: socket.sessionId, code, by: 'server' });
    socket.ws.close(code, closeReasonText[code] ?? 'closed');
    this.changed();
  }

  private dropSession(session: EventSubSessionState): void {
    if (session.welcomeWindow) clearTimeout(session.welcomeWindow);
    if (session.socket?.keepalive) clearInterval(session.socket.keepalive);
    session.socket?.ws.terminate();
  }

  private subscriptionBody(sub: FakeEventSubSubscription): Record<string, unknown> {
    return {
      id: sub.id,
      status: sub.status,
      type: sub.type,
      version: sub.version,
      condition: sub.condition,
      transport: { method: 'websocket', session_id: sub.sessionId },
      created_at: sub.createdAt,
      cost: 0,
    };
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
    if (req.method === 'POST' && req.path === '/helix/eventsub/subscriptions') return this.subscribe(req, token);
    if (req.method === 'GET' && req.path === '/helix/eventsub/subscriptions') {
      const data = this.subscriptions.map((s) => this.subscriptionBody(s));
      return { status: 200, body: { data, total: data.length, total_cost: 0, max_total_cost: 10, pagination: {} } };
    }
    if (req.method === 'GET' && req.path === '/helix/streams') return this.streams(req);
    return twitchError(404, `no ${req.method} ${req.path} on fake Helix`);
  }

  private subscribe(req: FakeRequest, token: TokenInfo): FakeResponse {
    const body = this.json<{ type?: string; version?: string; condition?: { broadcaster_user_id?: string; user_id?: string }; transport?: { method?: string; session_id?: string } }>(req);
    if (!body) return twitchError(400, 'The body is not valid JSON (Content-Type: application/json).');
    if (body.type !== 'channel.chat.message') return twitchError(400, `unknown subscription type ${String(body.type)} on the fake`);
    if (body.version !== '1') return twitchError(400, 'invalid version');
    const condition = body.condition ?? {};
    if (!condition.broadcaster_user_id || !condition.user_id) return twitchError(400, 'missing condition: broadcaster_user_id and user_id are required');
    if (!token.scopes.includes('user:read:chat')) return twitchError(403, 'subscription missing proper authorization');
    if (condition.user_id !== token.user.id) return twitchError(403, 'subscription missing proper authorization');
    if (body.transport?.method !== 'websocket') return twitchError(400, 'invalid transport method: this fake takes websocket');
    const sessionId = body.transport.session_id ?? '';
    const session = this.sessions.get(sessionId);
    if (!session || !session.socket || session.socket.closedWith !== null) return twitchError(400, 'websocket transport session does not exist or has already disconnected');
    const duplicate = this.subscriptions.some(
      (s) => s.status === 'enabled' && s.sessionId === sessionId && s.type === body.type && s.condition.broadcaster_user_id === condition.broadcaster_user_id && s.condition.user_id === condition.user_id,
    );
    if (duplicate) return twitchError(409, 'subscription already exists');
    if (this.subscriptions.filter((s) => s.sessionId === sessionId && s.status === 'enabled').length >= 300) return twitchError(429, 'websocket transport session subscription limit reached');
    const sub: FakeEventSubSubscription = {
      id: crypto.randomUUID(),
      type: body.type,
      version: body.version,
      condition: { broadcaster_user_id: condition.broadcaster_user_id, user_id: condition.user_id },
      sessionId,
      status: 'enabled',
      createdAt: new Date().toISOString(),
    };
    this.subscriptions.push(sub);
    this.changed();
    return { status: 202, body: { data: [this.subscriptionBody(sub)], total: this.subscriptions.filter((s) => s.status === 'enabled').length, total_cost: 0, max_total_cost: 10 } };
  }

  private streams(req: FakeRequest): FakeResponse {
    const ids = req.query.getAll('user_id');
    if (ids.length === 0 && req.query.getAll('user_login').length === 0) return { status: 200, body: { data: [], pagination: {} } };
    const live = this.stream && (ids.includes(this.user.id) || req.query.getAll('user_login').includes(this.user.login));
    const data = live
      ? [
          {
            id: '40952121085',
            user_id: this.user.id,
            user_login: this.user.login,
            user_name: this.user.displayName,
            game_id: '509658',
            game_name: 'Just Chatting',
            type: 'live',
            title: 'Live shopping',
            viewer_count: this.stream!.viewerCount,
            started_at: this.stream!.startedAt,
            language: 'en',
            thumbnail_url: '',
            tags: [],
            is_mature: false,
          },
        ]
      : [];
    return { status: 200, body: { data, pagination: {} } };
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
