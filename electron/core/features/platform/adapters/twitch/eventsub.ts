import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import type { IncomingChat } from '../../../../../shared/contract/audience';
import { productionHosts } from '../../../../../shared/platform-names';
import type { ChatReadOptions } from '../adapter';
import { PlatformError } from '../adapter';

/**
 * Twitch chat over EventSub WebSocket: connect, and on `session_welcome` subscribe to
 * `channel.chat.message` with the session's id (within Twitch's 10 s, else it closes 4003); every message
 * (keepalives included) re-arms the keepalive timer (keepalive_timeout_seconds + slack: silence means the
 * link is dead, reconnect); `session_reconnect` opens its reconnect_url and keeps the old socket until the
 * new one's welcome (the subscriptions move with the session: no new subscription); `revocation` ends the
 * read. Delivery is at least once: repeats are dropped by `metadata.message_id` within the adapter.
 */

/** Twitch's production EventSub WebSocket. */
export const twitchEventSubUrl = 'wss://eventsub.wss.twitch.tv/ws';

/**
 * The EventSub WebSocket of a connection: production for Twitch's own API host; for any other apiBase (a
 * local fake, a mock such as twitch-cli's) `<apiBase>/eventsub/ws` on the same host, ws:// for http://.
 */
export function eventSubUrlFor(apiBase: string): string {
  if (apiBase.replace(/\/+$/, '') === productionHosts.twitch.apiBase) return twitchEventSubUrl;
  const url = new URL(apiBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/eventsub/ws`;
  return url.toString();
}

/** Timing of the EventSub reader (tests shorten it). */
export const twitchChatTiming = {
  /** A socket that does not say welcome within this is given up. */
  welcomeTimeoutMs: 10_000,
  /** Added to keepalive_timeout_seconds before silence counts as a dead link. */
  keepaliveSlackMs: 3_000,
  /** A subscription call that failed for now is tried again after this (doubled, while the session lives). */
  subscribeRetryMs: 1_000,
  /** Reconnect waits: 0 the first time, then this doubled up to the max (reset once subscribed). */
  backoffFirstMs: 1_000,
  backoffMaxMs: 30_000,
  /** How long a delivery id is remembered for dropping repeats, and how many at most. */
  dedupeWindowMs: 10 * 60_000,
  dedupeMax: 20_000,
};

/** What Twitch's close codes mean (EventSub WebSocket reference). */
const closeReasons: Record<number, string> = {
  4000: 'Twitch had an internal server error',
  4001: 'Twitch closed it: the client sent traffic it must not send',
  4002: 'Twitch closed it: a ping got no pong',
  4003: 'Twitch closed it: no subscription was created within its welcome window',
  4004: 'Twitch closed it: the reconnect grace time expired',
  4005: 'Twitch closed it: network timeout',
  4006: 'Twitch closed it: network error',
  4007: 'Twitch refused the reconnect URL (invalid reconnect)',
};

export interface EventSubMessage {
  metadata?: { message_id?: string; message_type?: string; message_timestamp?: string; subscription_type?: string; subscription_version?: string };
  payload?: {
    session?: { id?: string; status?: string; keepalive_timeout_seconds?: number | null; reconnect_url?: string | null };
    subscription?: { id?: string; type?: string; status?: string };
    event?: TwitchChatEvent;
  };
}

export interface TwitchChatEvent {
  broadcaster_user_id?: string;
  chatter_user_id?: string;
  chatter_user_login?: string;
  chatter_user_name?: string;
  message_id?: string;
  message?: { text?: string };
  message_type?: string;
  badges?: { set_id?: string; id?: string; info?: string }[];
  cheer?: { bits?: number } | null;
}

/** A channel.chat.message event as the studio's IncomingChat (null when it lacks what a comment needs). */
export function normalizeTwitchChat(event: TwitchChatEvent | undefined, timestamp: string | undefined): IncomingChat | null {
  if (!event?.message_id || !event.chatter_user_id) return null;
  const badges = new Set((event.badges ?? []).map((b) => b.set_id ?? ''));
  const bits = Number(event.cheer?.bits ?? 0);
  const amount = bits > 0 ? { currency: 'BIT', amountMinor: Math.floor(bits), minorDigits: 0 } : null;
  const kind: IncomingChat['kind'] = amount
    ? 'superChat'
    : badges.has('moderator') || badges.has('broadcaster')
      ? 'moderator'
      : badges.has('subscriber') || badges.has('founder')
        ? 'member'
        : 'text';
  const at = Date.parse(timestamp ?? '');
  const name = (event.chatter_user_name ?? event.chatter_user_login ?? '').trim() || event.chatter_user_id;
  return {
    platform: 'twitch',
    messageId: event.message_id.slice(0, 200),
    ...(Number.isFinite(at) && at > 0 ? { at } : {}),
    authorName: name.slice(0, 200),
    authorId: event.chatter_user_id.slice(0, 200),
    text: (event.message?.text ?? '').slice(0, 2000),
    kind,
    amount,
  };
}

/** Delivery ids seen lately: EventSub delivers at least once. */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  /** True the first time an id is seen (within the window). */
  add(id: string, now: number): boolean {
    const at = this.seen.get(id);
    if (at !== undefined && now - at < twitchChatTiming.dedupeWindowMs) return false;
    this.seen.delete(id);
    this.seen.set(id, now);
    for (const [oldId, oldAt] of this.seen) {
      if (this.seen.size <= twitchChatTiming.dedupeMax && now - oldAt < twitchChatTiming.dedupeWindowMs) break;
      this.seen.delete(oldId);
    }
    return true;
  }
}

type SessionOutcome = { kind: 'aborted' } | { kind: 'fatal'; error: unknown } | { kind: 'lost'; message: string; code?: string };

export interface EventSubReaderDeps {
  url: string;
  /** Creates the channel.chat.message subscription on this session (throws a PlatformError). */
  subscribe(sessionId: string): Promise<void>;
  seen: RecentIds;
  now(): number;
}

/** Reads Twitch chat over EventSub until `signal` aborts (or a fatal error: auth, revocation). */
export async function readEventSubChat(options: ChatReadOptions, deps: EventSubReaderDeps): Promise<void> {
  const { signal, onState } = options;
  let failures = 0;
  while (!signal.aborted) {
    onState('connecting');
    const outcome = await runSession(options, deps, () => (failures = 0));
    if (outcome.kind === 'aborted' || signal.aborted) return;
    if (outcome.kind === 'fatal') throw outcome.error;
    const waitMs = failures === 0 ? 0 : Math.min(twitchChatTiming.backoffMaxMs, twitchChatTiming.backoffFirstMs * 2 ** Math.min(failures - 1, 16));
    failures += 1;
    onState('connecting', { message: `Reconnecting to Twitch chat: ${outcome.message}.`, code: outcome.code, retryAt: deps.now() + waitMs });
    if (waitMs > 0) {
      const waited = await delay(waitMs, undefined, { signal }).then(
        () => true,
        () => false,
      );
      if (!waited) return;
    }
  }
}

/** One EventSub session, across session_reconnect hand-overs, until it is lost, fails for good or is aborted. */
function runSession(options: ChatReadOptions, deps: EventSubReaderDeps, subscribed: () => void): Promise<SessionOutcome> {
  const { signal, onState, deliver } = options;
  return new Promise<SessionOutcome>((resolve) => {
    /** The socket whose session is ours now; `pending` is a reconnect_url socket not yet welcomed. */
    let current: WebSocket | null = null;
    let pending: WebSocket | null = null;
    const sockets = new Set<WebSocket>();
    const timers = new Set<NodeJS.Timeout>();
    let finished = false;
    /** Comments waiting for the delivery in flight: delivered in order, one delivery at a time. */
    let queue: IncomingChat[] = [];
    let scheduled = false;
    let deliveries: Promise<void> = Promise.resolve();

    const finish = (outcome: SessionOutcome) => {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', onAbort);
      for (const t of timers) clearTimeout(t);
      for (const ws of sockets) {
        ws.removeAllListeners('message');
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
      }
      // What arrived before the end is still delivered (a failed delivery ends at once).
      if (outcome.kind === 'fatal') resolve(outcome);
      else void deliveries.then(() => resolve(outcome));
    };
    const onAbort = () => finish({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort);
    const timer = (ms: number, fn: () => void): NodeJS.Timeout => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
      return t;
    };
    const cancel = (t: NodeJS.Timeout | null) => {
      if (!t) return;
      clearTimeout(t);
      timers.delete(t);
    };

    const enqueue = (chat: IncomingChat) => {
      queue.push(chat);
      if (scheduled) return;
      scheduled = true;
      deliveries = deliveries.then(async () => {
        scheduled = false;
        const batch = queue;
        queue = [];
        try {
          await deliver(batch, null);
        } catch (error) {
          finish({ kind: 'fatal', error });
        }
      });
    };

    const subscribeWithRetry = async (ws: WebSocket, sessionId: string) => {
      let waitMs = twitchChatTiming.subscribeRetryMs;
      for (;;) {
        try {
          await deps.subscribe(sessionId);
          if (finished || ws !== current) return;
          subscribed();
          onState('listening');
          return;
        } catch (error) {
          if (finished || ws !== current) return;
          if (!(error instanceof PlatformError) || !error.retryable) return finish({ kind: 'fatal', error });
          onState('connecting', { message: `Subscribing to Twitch chat failed for now: ${error.message}`, code: error.platformCode ?? undefined });
          await delay(error.retryAfterMs ?? waitMs);
          waitMs = Math.min(waitMs * 2, 8_000);
          if (finished || ws !== current || ws.readyState !== WebSocket.OPEN) return;
        }
      }
    };

    const open = (url: string, handover: boolean) => {
      const ws = new WebSocket(url, { handshakeTimeout: twitchChatTiming.welcomeTimeoutMs });
      sockets.add(ws);
      if (handover) pending = ws;
      let keepalive: NodeJS.Timeout | null = null;
      let keepaliveMs: number | null = null;
      const armKeepalive = () => {
        cancel(keepalive);
        if (keepaliveMs === null) return;
        keepalive = timer(keepaliveMs, () => {
          if (ws === current) finish({ kind: 'lost', message: `no message or keepalive from Twitch within ${Math.round(keepaliveMs! / 1000)} s`, code: 'keepalive_timeout' });
        });
      };
      const welcomeTimer = timer(twitchChatTiming.welcomeTimeoutMs, () => {
        if (ws === pending) {
          // The reconnect URL never welcomed: the old session cannot last, start afresh.
          finish({ kind: 'lost', message: 'the reconnect URL gave no welcome', code: 'reconnect_no_welcome' });
        } else if (ws === current || current === null) {
          finish({ kind: 'lost', message: 'Twitch EventSub gave no welcome', code: 'no_welcome' });
        }
      });

      ws.on('message', (data: WebSocket.RawData) => {
        if (finished) return;
        let message: EventSubMessage;
        try {
          message = JSON.parse(data.toString()) as EventSubMessage;
        } catch {
          return;
        }
        armKeepalive();
        switch (message.metadata?.message_type) {
          case 'session_welcome': {
            cancel(welcomeTimer);
            const session = message.payload?.session;
            keepaliveMs = (Number(session?.keepalive_timeout_seconds) || 10) * 1000 + twitchChatTiming.keepaliveSlackMs;
            armKeepalive();
            if (ws === pending) {
              // The new socket is welcomed: it carries the session (and its subscriptions) from now on.
              const old = current;
              current = ws;
              pending = null;
              // Closed politely: what it still has in flight is read to the end (repeats are dropped by id).
              if (old) old.close(1000);
              onState('listening');
            } else {
              current = ws;
              if (session?.id) void subscribeWithRetry(ws, session.id);
            }
            return;
          }
          case 'session_keepalive':
            return;
          case 'session_reconnect': {
            const next = message.payload?.session?.reconnect_url;
            if (ws === current && next && !pending) open(next, true);
            return;
          }
          case 'revocation': {
            const status = message.payload?.subscription?.status ?? 'revoked';
            const error =
              status === 'authorization_revoked'
                ? new PlatformError('auth', 'Twitch revoked the chat subscription: the app\'s access was removed. Sign in to Twitch again.', { platformCode: status })
                : new PlatformError('refused', `Twitch revoked the chat subscription (${status}).`, { platformCode: status });
            finish({ kind: 'fatal', error });
            return;
          }
          case 'notification': {
            const id = message.metadata?.message_id;
            if (!id || !deps.seen.add(id, deps.now())) return;
            if (message.metadata?.subscription_type !== 'channel.chat.message') return;
            const chat = normalizeTwitchChat(message.payload?.event, message.metadata?.message_timestamp);
            if (!chat) return;
            enqueue(chat);
            return;
          }
        }
      });
      ws.on('error', () => {
        // 'close' follows with the code; nothing to add here.
      });
      ws.on('close', (code: number) => {
        cancel(keepalive);
        cancel(welcomeTimer);
        sockets.delete(ws);
        if (finished) return;
        const reason = closeReasons[code] ?? `the connection closed (code ${code})`;
        if (ws === pending) {
          pending = null;
          // 4007: the reconnect URL is no good; anything else: it failed. Either way the session is over.
          finish({ kind: 'lost', message: reason, code: String(code) });
          return;
        }
        if (ws !== current) return;
        current = null;
        // The old socket of a hand-over may close first: the new one's welcome takes over.
        if (pending) return;
        finish({ kind: 'lost', message: reason, code: String(code) });
      });
    };

    open(deps.url, false);
  });
}
