import { setTimeout as delay } from 'node:timers/promises';
import type { IncomingChat } from '../../../../../shared/contract/audience';
import type { AuthorizeStep, PlatformCapability } from '../../../../../shared/contract/platform';
import type { HttpResponse } from '../../platform-http';
import { NetworkError } from '../../platform-http';
import type { AdapterContext, Announcement, ChatReadOptions, PlatformAdapter, QuotaUsage, StoredCredentials } from '../adapter';
import { PlatformError, retryAfterMs } from '../adapter';
import { consentPageUrl, consentValidityMs, exchangeCode, pkcePair, randomState, refreshTokens, youtubeScope } from './google-oauth';

/**
 * YouTube: announcements in the live chat of the channel's active broadcast (liveChatMessages.insert), signed
 * in with Google's OAuth for installed apps (see google-oauth.ts).
 *
 * Stored credentials: clientId, clientSecret (the user's), accessToken, refreshToken, accessTokenExpiresAt
 * (ms), channelId/channelTitle (from check), and while a sign-in is open signInState, signInVerifier,
 * signInRedirectUri, signInExpiresAt (the host's /oauth/callback finds the connection by signInState).
 */

/** Units each call costs of the project's daily 10,000 (YouTube's quota table; an invalid call still costs). */
export const youtubeQuotaCost = { channelsList: 1, liveBroadcastsList: 1, liveChatMessagesList: 5, liveChatMessagesInsert: 20, videosList: 1 } as const;
export const youtubeDailyQuota = 10_000;
/** YouTube's limit for one chat message, in characters. */
export const youtubeMaxMessageLength = 200;

/** Refresh when the token expires this soon before a call (the feature's scheduler usually does it earlier). */
const refreshMarginMs = 60_000;
/** publishedAt is YouTube's clock, sentAfter ours: a little slack so a post right at sentAfter is still ours. */
const clockSlackMs = 2_000;
/** Pages of chat history read when looking for our own post (each costs 5 units). */
const maxHistoryPages = 5;

interface YouTubeErrorEnvelope {
  error?: { code?: number; message?: string; errors?: { reason?: string; message?: string }[] };
}

interface ChatMessageItem {
  id: string;
  snippet?: {
    type?: string;
    authorChannelId?: string;
    publishedAt?: string;
    displayMessage?: string;
    textMessageDetails?: { messageText?: string };
    superChatDetails?: { amountMicros?: string; currency?: string; userComment?: string };
    superStickerDetails?: { amountMicros?: string; currency?: string };
  };
  authorDetails?: { channelId?: string; displayName?: string; isChatOwner?: boolean; isChatModerator?: boolean; isChatSponsor?: boolean };
}

interface ChatListAnswer {
  items?: ChatMessageItem[];
  nextPageToken?: string;
  pollingIntervalMillis?: number;
  offlineAt?: string;
}

/** Where a chat reader resumes: the chat it read and the page token after the last page stored. */
interface ChatCursor {
  liveChatId: string;
  pageToken: string | null;
}

/** Reading chat: how long to wait when nothing is live, and the bounds of polling and backoff. */
export const youtubeChatTiming = {
  /** No active broadcast (or its chat is off): look again this often (liveBroadcasts.list costs 1 unit). */
  waitingRecheckMs: 60_000,
  /** Never poll faster than this, whatever the answer says (a missing or zero interval). */
  minPollMs: 1_000,
  /** Network trouble or 5xx: first wait, doubled up to the max. */
  backoffFirstMs: 1_000,
  backoffMaxMs: 60_000,
  /** Polling too fast (rateLimitExceeded) without a Retry-After: wait this long. */
  rateLimitWaitMs: 10_000,
  /** Units of the daily quota chat polling leaves for announcements (20 each) and viewer counts. */
  quotaReserveUnits: 1_000,
  /**
   * The units left are spread over this much time from now (or until the reset, if sooner): a fresh day
   * polls about every 2 s, and the pace slows as the units go, so they never run out mid-live.
   */
  quotaHorizonMs: 3_600_000,
  /** The slowest pacing: a chat read at least this often, whatever the budget says. */
  maxPacedPollMs: 60_000,
};

/**
 * The wait before the next chat poll: the interval YouTube asks for, stretched when polling at that pace
 * would use up the day's quota early. At 2 s, polling (5 units a call) alone takes 9,000 of the 10,000
 * daily units in an hour and then the chat, the announcements and the viewer counts all stop until
 * midnight Pacific time; paced, the units left (less the reserve) are spread over the horizon from now.
 */
export function chatPollWaitMs(askedMs: number, quota: { used: number; dailyLimit: number }, msUntilReset: number): number {
  const t = youtubeChatTiming;
  const asked = Math.max(t.minPollMs, askedMs);
  const pollsLeft = Math.floor((quota.dailyLimit - t.quotaReserveUnits - quota.used) / youtubeQuotaCost.liveChatMessagesList);
  const horizon = Math.min(msUntilReset, t.quotaHorizonMs);
  const paced = pollsLeft > 0 ? Math.ceil(horizon / pollsLeft) : t.maxPacedPollMs;
  return Math.max(asked, Math.min(paced, t.maxPacedPollMs));
}

/** Message types that are comments (or paid or membership messages) a viewer wrote; the rest (deletions, bans, polls) are not. */
const chatTypes = new Set(['textMessageEvent', 'superChatEvent', 'superStickerEvent', 'newSponsorEvent', 'memberMilestoneChatEvent', 'giftMembershipReceivedEvent', 'membershipGiftingEvent']);

/** Digits after the decimal point of an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A YouTube chat item as the studio's IncomingChat, or null when it is not a comment. */
export function normalizeYouTubeChat(item: ChatMessageItem): IncomingChat | null {
  const s = item.snippet;
  if (!item.id || !s || !chatTypes.has(s.type ?? '')) return null;
  const author = item.authorDetails ?? {};
  const authorId = author.channelId ?? s.authorChannelId;
  if (!authorId) return null;
  const paid = s.superChatDetails ?? s.superStickerDetails ?? null;
  let amount: IncomingChat['amount'] = null;
  if (paid?.amountMicros && paid.currency) {
    const currency = paid.currency.toUpperCase();
    const digits = Math.min(3, currencyDigits(currency));
    // amountMicros is millionths of the currency's unit: 1,990,000 micros USD = 199 cents.
    amount = { currency, minorDigits: digits, amountMinor: Math.round(Number(paid.amountMicros) / 10 ** (6 - digits)) };
  }
  const kind: IncomingChat['kind'] = amount ? 'superChat' : author.isChatModerator || author.isChatOwner ? 'moderator' : author.isChatSponsor ? 'member' : 'text';
  const text = s.textMessageDetails?.messageText ?? s.superChatDetails?.userComment ?? s.displayMessage ?? '';
  const at = Date.parse(s.publishedAt ?? '');
  const name = (author.displayName ?? '').trim() || authorId;
  return {
    platform: 'youtube',
    messageId: item.id.slice(0, 200),
    ...(Number.isFinite(at) && at > 0 ? { at } : {}),
    authorName: name.slice(0, 200),
    authorId: authorId.slice(0, 200),
    text: text.slice(0, 2000),
    kind,
    amount,
  };
}

function readCursor(cursor: string | null): ChatCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as Partial<ChatCursor>;
    return typeof value.liveChatId === 'string' ? { liveChatId: value.liveChatId, pageToken: typeof value.pageToken === 'string' ? value.pageToken : null } : null;
  } catch {
    return null;
  }
}

/** YouTube's quota day is the date in Pacific time (the quota resets at midnight PT). */
function pacificDay(now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Ms until the next midnight in Pacific time, when a used-up daily quota comes back. */
function msUntilPacificMidnight(now: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = (part('hour') * 3600 + part('minute') * 60 + part('second')) * 1000;
  return Math.max(60_000, 24 * 3600_000 - elapsed);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export class YouTubeAdapter implements PlatformAdapter {
  readonly platform = 'youtube' as const;
  readonly capabilities: ReadonlySet<PlatformCapability> = new Set<PlatformCapability>(['chatAnnouncement', 'chat', 'viewers']);
  readonly maxAnnouncementLength = youtubeMaxMessageLength;

  /** The active broadcast's chat, looked up once per broadcast (forgotten when YouTube says the chat ended). */
  private chat: { broadcastId: string; liveChatId: string } | null = null;
  private refreshing: Promise<void> | null = null;
  private quota = { day: '', used: 0 };

  constructor(private readonly ctx: AdapterContext) {}

  private get creds(): StoredCredentials {
    return this.ctx.credentials();
  }

  private get apiBase(): string {
    return this.ctx.config.apiBase;
  }

  // ---- sign-in ----

  async authorize(_input: { authCode?: string } = {}): Promise<AuthorizeStep> {
    const { clientId } = this.client();
    const { verifier, challenge } = pkcePair();
    const state = randomState();
    const redirectUri = this.ctx.redirectUri();
    const expiresAt = this.ctx.now() + consentValidityMs;
    await this.ctx.saveCredentials({ signInState: state, signInVerifier: verifier, signInRedirectUri: redirectUri, signInExpiresAt: expiresAt });
    const url = new URL(consentPageUrl(this.ctx.config.authBase));
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: youtubeScope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      // offline + consent: Google gives a refresh token (it does only with consent shown again).
      access_type: 'offline',
      prompt: 'consent',
    }).toString();
    return { kind: 'browser', url: url.toString(), expiresAt };
  }

  async completeRedirect(query: URLSearchParams): Promise<void> {
    const creds = this.creds;
    const pendingState = str(creds.signInState);
    const verifier = str(creds.signInVerifier);
    if (!pendingState || !verifier) {
      throw new PlatformError('auth', 'No YouTube sign-in is waiting for this answer: start the sign-in again from Settings > Platforms.', { platformCode: 'no_pending_sign_in' });
    }
    // The state proves the answer belongs to the sign-in started here (not a page someone else opened).
    if (query.get('state') !== pendingState) {
      throw new PlatformError('auth', 'This answer from Google does not belong to the YouTube sign-in started here (state mismatch): start the sign-in again.', { platformCode: 'state_mismatch' });
    }
    const clear = { signInState: null, signInVerifier: null, signInRedirectUri: null, signInExpiresAt: null };
    if (this.ctx.now() > Number(creds.signInExpiresAt ?? 0)) {
      await this.ctx.saveCredentials(clear);
      throw new PlatformError('auth', 'The YouTube sign-in took longer than 10 minutes and expired: start it again.', { platformCode: 'sign_in_expired' });
    }
    const error = query.get('error');
    if (error) {
      await this.ctx.saveCredentials(clear);
      if (error === 'access_denied') {
        throw new PlatformError('auth', 'Access was declined on Google\'s consent page, so YouTube is not connected: start the sign-in again and choose Allow.', { platformCode: error });
      }
      throw new PlatformError('auth', `Google's consent page answered "${error}": start the YouTube sign-in again.`, { platformCode: error });
    }
    const code = query.get('code');
    if (!code) throw new PlatformError('auth', 'Google\'s answer carried no sign-in code: start the YouTube sign-in again.', { platformCode: 'no_code' });
    const { clientId, clientSecret } = this.client();
    // A code is good for one exchange only: whatever Google answers, this sign-in is over.
    const tokens = await exchangeCode(
      this.ctx.http,
      this.ctx.config.authBase,
      { code, clientId, clientSecret, codeVerifier: verifier, redirectUri: str(creds.signInRedirectUri) ?? this.ctx.redirectUri() },
      () => this.ctx.now(),
    ).finally(() => this.ctx.saveCredentials(clear));
    // Google's consent page lets the user untick a permission: without this one nothing can be posted.
    if (tokens.scope && !tokens.scope.split(' ').includes(youtubeScope)) {
      throw new PlatformError('auth', 'Google did not grant access to YouTube (the permission was unticked on the consent page): sign in again and allow "Manage your YouTube account".', {
        platformCode: 'insufficient_scope',
      });
    }
    await this.ctx.saveCredentials({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? str(creds.refreshToken),
      accessTokenExpiresAt: tokens.expiresAt,
      channelId: null,
      channelTitle: null,
    });
    this.chat = null;
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

  /** One refresh at a time: calls that find the token expired wait for the same one. */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const refreshToken = str(this.creds.refreshToken);
        if (!refreshToken) throw new PlatformError('auth', 'YouTube is not signed in (no refresh token kept): sign in to YouTube again.', { platformCode: 'no_refresh_token' });
        const { clientId, clientSecret } = this.client();
        const tokens = await refreshTokens(this.ctx.http, this.ctx.config.authBase, { refreshToken, clientId, clientSecret }, () => this.ctx.now());
        // Google usually omits the refresh token on a refresh: the one we have stays valid.
        await this.ctx.saveCredentials({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? refreshToken, accessTokenExpiresAt: tokens.expiresAt });
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private client(): { clientId: string; clientSecret: string } {
    const clientId = str(this.creds.clientId);
    const clientSecret = str(this.creds.clientSecret);
    if (!clientId || !clientSecret) {
      throw new PlatformError('misconfigured', 'YouTube needs the client id and client secret of your Google Cloud OAuth client (type "Desktop app"): enter both in Settings > Platforms.', {
        platformCode: 'missing_client',
      });
    }
    return { clientId, clientSecret };
  }

  // ---- calls ----

  async check(): Promise<{ account: string }> {
    const channel = await this.ownChannel(true);
    return { account: channel.title };
  }

  async announce(message: Announcement): Promise<{ remoteId: string | null }> {
    const length = [...message.text].length;
    if (length > youtubeMaxMessageLength) {
      throw new PlatformError('refused', `The announcement is ${length} characters long; YouTube's chat takes at most ${youtubeMaxMessageLength}: shorten the template.`, {
        platformCode: 'messageTextTooLong',
      });
    }
    const chat = await this.activeChat();
    try {
      return await this.insert(chat.liveChatId, message.text);
    } catch (error) {
      if (!this.isChatGone(error)) throw error;
      // The chat we remembered is over: a new broadcast may have started since (its chat is another one).
      this.chat = null;
      const fresh = await this.activeChat().catch(() => null);
      if (!fresh || fresh.liveChatId === chat.liveChatId) throw error;
      return this.insert(fresh.liveChatId, message.text);
    }
  }

  async findAnnouncement(message: Announcement, sentAfter: number): Promise<{ remoteId: string | null } | null> {
    const chat = this.chat ?? (await this.activeChat());
    const channel = await this.ownChannel(false);
    const text = message.text.trim();
    let pageToken: string | null = null;
    // The newest match: an identical earlier post (a repeated template) must not stand for the lost one.
    let newest: string | null = null;
    for (let page = 0; page < maxHistoryPages; page += 1) {
      const query: Record<string, string> = { liveChatId: chat.liveChatId, part: 'id,snippet,authorDetails', maxResults: '2000' };
      if (pageToken) query.pageToken = pageToken;
      const body = await this.call<{ items?: ChatMessageItem[]; nextPageToken?: string }>('GET', '/youtube/v3/liveChat/messages', query, undefined, youtubeQuotaCost.liveChatMessagesList).catch(
        (error: unknown) => {
          if (this.isChatGone(error)) this.chat = null;
          throw error;
        },
      );
      const items = body.items ?? [];
      const ours = items.filter((item) => {
        const s = item.snippet;
        if (!s || s.type !== 'textMessageEvent') return false;
        const author = s.authorChannelId ?? item.authorDetails?.channelId;
        const said = (s.textMessageDetails?.messageText ?? s.displayMessage ?? '').trim();
        const at = Date.parse(s.publishedAt ?? '');
        return author === channel.id && said === text && Number.isFinite(at) && at >= sentAfter - clockSlackMs;
      });
      if (ours.length > 0) newest = ours[ours.length - 1]!.id;
      // The first page is the chat's history; later pages hold only what arrived since: an empty page ends it.
      if (items.length === 0 || !body.nextPageToken) break;
      pageToken = body.nextPageToken;
    }
    return newest === null ? null : { remoteId: newest };
  }

  // ---- reading the chat and the viewers ----

  /**
   * Polls liveChatMessages.list of the active broadcast's chat at the interval YouTube asks for. The cursor
   * names the chat and the page token after the last stored page, so a restart resumes there (a new
   * broadcast's chat starts from its history; repeats are dropped by id downstream). Resolves when the chat
   * ends; rides out no broadcast (waiting), quota and rate limits (throttled) and network trouble itself.
   */
  async readChat(options: ChatReadOptions): Promise<void> {
    const { signal, onState } = options;
    let resume = readCursor(options.cursor);
    let failures = 0;
    const pause = (ms: number) => delay(ms, undefined, { signal }).then(
      () => true,
      () => false,
    );
    onState('connecting');
    while (!signal.aborted) {
      let chat: { broadcastId: string; liveChatId: string } | null;
      try {
        chat = await this.activeChat().catch((error: unknown) => {
          if (error instanceof PlatformError && error.platformCode === 'noActiveBroadcast') return null;
          throw error;
        });
      } catch (error) {
        const wait = this.rideOut(error, failures++, onState);
        if (!(await pause(wait))) return;
        continue;
      }
      if (!chat) {
        onState('waiting', { message: 'No live broadcast on this YouTube channel yet: the chat is read as soon as one starts.' });
        if (!(await pause(youtubeChatTiming.waitingRecheckMs))) return;
        continue;
      }
      // The stored token belongs to one chat: a new broadcast's chat starts from its history.
      const pageToken = resume && resume.liveChatId === chat.liveChatId ? resume.pageToken : null;
      const liveChatId = chat.liveChatId;
      const outcome = await this.pollChat(liveChatId, pageToken, options, (token) => {
        resume = { liveChatId, pageToken: token };
        failures = 0;
      });
      if (outcome === 'ended' || outcome === 'aborted') return;
      if (outcome === 'gone') {
        this.chat = null;
        onState('waiting', { message: 'YouTube no longer finds this broadcast\'s chat: waiting for the next live broadcast.' });
        if (!(await pause(youtubeChatTiming.waitingRecheckMs))) return;
      } else if (outcome === 'disabled') {
        onState('waiting', { message: 'Chat is turned off for this YouTube broadcast: turn it on in YouTube Studio; it is read as soon as it is on.', code: 'liveChatDisabled' });
        if (!(await pause(youtubeChatTiming.waitingRecheckMs))) return;
      } else {
        if (!(await pause(this.rideOut(outcome.error, failures++, onState)))) return;
      }
    }
  }

  /** Polls one chat until it ends, is gone or disabled, or a call fails (handed back to ride out). */
  private async pollChat(
    liveChatId: string,
    startToken: string | null,
    options: ChatReadOptions,
    advanced: (token: string | null) => void,
  ): Promise<'ended' | 'gone' | 'disabled' | 'aborted' | { error: unknown }> {
    const { signal, onState, deliver } = options;
    let pageToken = startToken;
    for (;;) {
      if (signal.aborted) return 'aborted';
      const query: Record<string, string> = { liveChatId, part: 'snippet,authorDetails', maxResults: '2000' };
      if (pageToken) query.pageToken = pageToken;
      let body: ChatListAnswer;
      try {
        body = await this.call<ChatListAnswer>('GET', '/youtube/v3/liveChat/messages', query, undefined, youtubeQuotaCost.liveChatMessagesList);
      } catch (error) {
        if (signal.aborted) return 'aborted';
        if (error instanceof PlatformError) {
          if (error.platformCode === 'liveChatEnded') {
            this.chat = null;
            onState('ended', { message: 'The YouTube broadcast\'s chat has ended.', code: 'liveChatEnded' });
            return 'ended';
          }
          if (error.platformCode === 'liveChatNotFound') return 'gone';
          if (error.platformCode === 'liveChatDisabled') return 'disabled';
          // A page token YouTube no longer knows: read the chat again from its history (repeats are dropped by id).
          if (error.platformCode === 'pageTokenInvalid' && pageToken) {
            pageToken = null;
            continue;
          }
        }
        return { error };
      }
      const messages = (body.items ?? []).map(normalizeYouTubeChat).filter((m): m is IncomingChat => m !== null);
      const next = body.nextPageToken ?? pageToken;
      const cursor = JSON.stringify({ liveChatId, pageToken: next ?? null } satisfies ChatCursor);
      // Stored before reading on: the cursor is saved only once what it covers is kept.
      await deliver(messages, cursor);
      pageToken = next;
      advanced(next);
      if (body.offlineAt) {
        this.chat = null;
        onState('ended', { message: 'The YouTube broadcast\'s chat has ended.', code: 'liveChatEnded' });
        return 'ended';
      }
      const askedMs = Number(body.pollingIntervalMillis) || 0;
      const waitMs = chatPollWaitMs(askedMs, this.quotaUsage(), msUntilPacificMidnight(this.ctx.now()));
      if (waitMs > Math.max(youtubeChatTiming.minPollMs, askedMs)) {
        const { used, dailyLimit } = this.quotaUsage();
        onState('listening', {
          message: `Reading the chat every ${Math.round(waitMs / 1000)} s instead of ${Math.round(askedMs / 1000)} s, so YouTube's daily quota lasts the live (${used} of ${dailyLimit} units used today).`,
          code: 'quotaPaced',
        });
      } else onState('listening');
      const waited = await delay(waitMs, undefined, { signal }).then(
        () => true,
        () => false,
      );
      if (!waited) return 'aborted';
    }
  }

  /** A failure the reader waits out (quota, rate limit, network, 5xx): says so and answers how long; others are thrown. */
  private rideOut(error: unknown, failures: number, onState: ChatReadOptions['onState']): number {
    if (!(error instanceof PlatformError) || !error.retryable) throw error;
    const now = this.ctx.now();
    if (error.kind === 'throttled') {
      const quota = error.platformCode === 'quotaExceeded' || error.platformCode === 'dailyLimitExceeded';
      const waitMs = error.retryAfterMs ?? (quota ? msUntilPacificMidnight(now) : youtubeChatTiming.rateLimitWaitMs);
      onState('throttled', { message: error.message, code: error.platformCode ?? undefined, retryAt: now + waitMs });
      return waitMs;
    }
    const waitMs = Math.min(youtubeChatTiming.backoffMaxMs, youtubeChatTiming.backoffFirstMs * 2 ** Math.min(failures, 16));
    onState('connecting', { message: error.message, code: error.platformCode ?? undefined, retryAt: now + waitMs });
    return waitMs;
  }

  /** Concurrent viewers of the active broadcast (videos.list liveStreamingDetails); null when nothing is live. */
  async viewers(): Promise<number | null> {
    const chat = await this.activeChat().catch((error: unknown) => {
      if (error instanceof PlatformError && error.platformCode === 'noActiveBroadcast') return null;
      throw error;
    });
    if (!chat) return null;
    const body = await this.call<{ items?: { id: string; liveStreamingDetails?: { concurrentViewers?: string; actualEndTime?: string } }[] }>(
      'GET',
      '/youtube/v3/videos',
      { part: 'liveStreamingDetails', id: chat.broadcastId },
      undefined,
      youtubeQuotaCost.videosList,
    );
    const details = body.items?.[0]?.liveStreamingDetails;
    if (!details || details.actualEndTime) {
      // The broadcast we remembered is over: look it up again next time.
      this.chat = null;
      return null;
    }
    // A string, and absent when the channel hides the count or nobody watches.
    const viewers = Number(details.concurrentViewers ?? 0);
    return Number.isFinite(viewers) && viewers >= 0 ? Math.floor(viewers) : 0;
  }

  quotaUsage(): QuotaUsage {
    this.rollQuotaDay();
    return { used: this.quota.used, dailyLimit: youtubeDailyQuota, day: this.quota.day };
  }

  close(): void {
    this.chat = null;
  }

  private async insert(liveChatId: string, text: string): Promise<{ remoteId: string | null }> {
    const body = JSON.stringify({ snippet: { liveChatId, type: 'textMessageEvent', textMessageDetails: { messageText: text } } });
    const posted = await this.call<{ id?: string }>('POST', '/youtube/v3/liveChat/messages', { part: 'snippet' }, body, youtubeQuotaCost.liveChatMessagesInsert);
    return { remoteId: posted.id ?? null };
  }

  /** The channel the token belongs to (its id tells our own chat posts apart), remembered in the credentials. */
  private async ownChannel(fresh: boolean): Promise<{ id: string; title: string }> {
    const knownId = str(this.creds.channelId);
    const knownTitle = str(this.creds.channelTitle);
    if (!fresh && knownId) return { id: knownId, title: knownTitle ?? knownId };
    const body = await this.call<{ items?: { id: string; snippet?: { title?: string } }[] }>(
      'GET',
      '/youtube/v3/channels',
      { part: 'snippet', mine: 'true' },
      undefined,
      youtubeQuotaCost.channelsList,
    );
    const channel = body.items?.[0];
    if (!channel) {
      throw new PlatformError('misconfigured', 'This Google account has no YouTube channel: sign in with the account that owns the channel you stream on.', { platformCode: 'noChannel' });
    }
    const title = channel.snippet?.title ?? channel.id;
    if (channel.id !== knownId || title !== knownTitle) await this.ctx.saveCredentials({ channelId: channel.id, channelTitle: title });
    return { id: channel.id, title };
  }

  /** The live chat of the channel's broadcast that is live now. */
  private async activeChat(): Promise<{ broadcastId: string; liveChatId: string }> {
    if (this.chat) return this.chat;
    // liveBroadcasts.list takes exactly one filter: broadcastStatus=active already means "mine".
    const body = await this.call<{ items?: { id: string; snippet?: { liveChatId?: string } }[] }>(
      'GET',
      '/youtube/v3/liveBroadcasts',
      { part: 'snippet', broadcastStatus: 'active' },
      undefined,
      youtubeQuotaCost.liveBroadcastsList,
    );
    const broadcast = (body.items ?? []).find((b) => b.snippet?.liveChatId);
    if (!broadcast) {
      throw new PlatformError('misconfigured', 'YouTube has no active broadcast on this channel (or its chat is off): go live on YouTube first, then the announcement can be sent again.', {
        platformCode: 'noActiveBroadcast',
      });
    }
    this.chat = { broadcastId: broadcast.id, liveChatId: broadcast.snippet!.liveChatId! };
    return this.chat;
  }

  private isChatGone(error: unknown): boolean {
    return error instanceof PlatformError && (error.platformCode === 'liveChatEnded' || error.platformCode === 'liveChatNotFound');
  }

  private rollQuotaDay(): void {
    const day = pacificDay(this.ctx.now());
    if (day !== this.quota.day) this.quota = { day, used: 0 };
  }

  /** An authenticated Data API call: refreshes a token about to expire, and once more on a 401. */
  private async call<T>(method: 'GET' | 'POST', path: string, query: Record<string, string>, body: string | undefined, cost: number): Promise<T> {
    if (!str(this.creds.accessToken) && !str(this.creds.refreshToken)) {
      throw new PlatformError('auth', 'YouTube is not signed in yet: open the sign-in page from Settings > Platforms.', { platformCode: 'not_signed_in' });
    }
    await this.refreshIfDue(refreshMarginMs);
    let res = await this.send(method, path, query, body, cost);
    if (res.status === 401 && str(this.creds.refreshToken)) {
      await this.refresh();
      res = await this.send(method, path, query, body, cost);
    }
    if (res.status >= 200 && res.status < 300) return (res.text ? JSON.parse(res.text) : {}) as T;
    throw this.errorOf(res);
  }

  private async send(method: 'GET' | 'POST', path: string, query: Record<string, string>, body: string | undefined, cost: number): Promise<HttpResponse> {
    const url = `${this.apiBase}${path}?${new URLSearchParams(query).toString()}`;
    const headers: Record<string, string> = { authorization: `Bearer ${str(this.creds.accessToken) ?? ''}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await this.ctx.http.request({ method, url, headers, body });
      // Google charges every answered call, refused ones included.
      this.rollQuotaDay();
      this.quota.used += cost;
      return res;
    } catch (error) {
      if (error instanceof NetworkError) throw new PlatformError('network', error.message, { platformCode: error.code });
      throw error;
    }
  }

  /** YouTube's error envelope {"error":{code, message, errors:[{reason}]}} in the push engine's terms. */
  private errorOf(res: HttpResponse): PlatformError {
    let envelope: YouTubeErrorEnvelope = {};
    try {
      envelope = JSON.parse(res.text) as YouTubeErrorEnvelope;
    } catch {
      // not JSON (a proxy's page): the status decides
    }
    const reason = envelope.error?.errors?.[0]?.reason ?? null;
    const said = envelope.error?.message ?? `HTTP ${res.status}`;
    const details = { platformCode: reason ?? res.status, httpStatus: res.status };
    const now = this.ctx.now();
    switch (reason) {
      case 'liveChatEnded':
        this.chat = null;
        return new PlatformError('refused', `The YouTube broadcast's chat has ended (${said}): nothing more can be posted in it.`, details);
      case 'liveChatNotFound':
        this.chat = null;
        return new PlatformError('refused', `YouTube no longer finds the broadcast's chat (${said}).`, details);
      case 'liveChatDisabled':
        return new PlatformError('refused', `Chat is turned off for this YouTube broadcast (${said}): turn it on in YouTube Studio.`, details);
      case 'forbidden':
        return new PlatformError('refused', `YouTube does not let this channel post in this chat (${said}).`, details);
      case 'quotaExceeded':
      case 'dailyLimitExceeded':
        return new PlatformError('throttled', `The YouTube API's daily quota is used up (${said}): it comes back at midnight Pacific time.`, {
          ...details,
          retryAfterMs: msUntilPacificMidnight(now),
        });
      case 'rateLimitExceeded':
      case 'userRateLimitExceeded':
        return new PlatformError('throttled', `YouTube asks to post more slowly (${said}).`, { ...details, retryAfterMs: retryAfterMs(res.headers['retry-after'], now) });
      case 'insufficientPermissions':
        return new PlatformError('auth', `The YouTube sign-in lacks the permission to post in chat (${said}): sign in again and allow "Manage your YouTube account".`, details);
    }
    if (res.status === 401) return new PlatformError('auth', `YouTube no longer accepts the sign-in (${said}): sign in to YouTube again.`, details);
    if (res.status === 429) return new PlatformError('throttled', `YouTube asks to slow down (${said}).`, { ...details, retryAfterMs: retryAfterMs(res.headers['retry-after'], now) });
    if (res.status >= 500) return new PlatformError('unavailable', `YouTube failed to answer (${said}); trying again later.`, details);
    return new PlatformError('refused', `YouTube refused the call: ${said}.`, details);
  }
}

export function createYouTubeAdapter(ctx: AdapterContext): PlatformAdapter {
  return new YouTubeAdapter(ctx);
}
