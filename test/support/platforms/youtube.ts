import crypto from 'node:crypto';
import { FakePlatform, type FakeRequest, type FakeResponse } from './fake-platform';
import type { AccessTokenInfo, FakeGoogle } from './google';

/**
 * A fake YouTube Data API v3 (a connection's apiBase; production www.googleapis.com), for the calls the
 * studio makes: channels.list (mine), liveBroadcasts.list (broadcastStatus=active, one filter only),
 * liveChatMessages.insert and .list (history on the first call, page tokens, pollingIntervalMillis, a poll
 * when asked, a poll sooner than half the interval answered rateLimitExceeded, offlineAt then liveChatEnded once the chat is
 * over), videos.list part=liveStreamingDetails (concurrentViewers as a string, absent at zero). It checks Google's access tokens (through FakeGoogle) and their scope,
 * counts quota units per call as YouTube does (an invalid call costs too), and answers errors in YouTube's
 * envelope {"error":{code, message, errors:[{reason}]}}: liveChatEnded, liveChatDisabled, liveChatNotFound,
 * quotaExceeded, rateLimitExceeded, messageTextInvalid, insufficientPermissions, authError.
 */

export interface FakeBroadcast {
  id: string;
  title: string;
  liveChatId: string;
  /** active: live now; complete: over (not listed as active). */
  status: 'active' | 'complete';
  /** What videos.list says as concurrentViewers (absent when 0 or hidden). */
  concurrentViewers: number;
  hideViewers?: boolean;
}

export interface FakeChat {
  liveChatId: string;
  ended: boolean;
  disabled: boolean;
  messages: FakeChatMessage[];
}

export interface FakeChatMessage {
  id: string;
  liveChatId: string;
  authorChannelId: string;
  text: string;
  publishedAt: string;
  authorName?: string;
  moderator?: boolean;
  sponsor?: boolean;
  /** A Super Chat: amountMicros and currency. */
  superChat?: { amountMicros: number; currency: string };
}

/** How a viewer's message looks beyond its text. */
export interface FakeAuthor {
  channelId?: string;
  name?: string;
  moderator?: boolean;
  sponsor?: boolean;
  superChat?: { amountMicros: number; currency: string };
}

/** YouTube's documented cost per call. */
export const fakeYouTubeCosts = { channels: 1, liveBroadcasts: 1, liveChatList: 5, liveChatInsert: 20, videos: 1 } as const;

const writeScopes = ['https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/youtube.force-ssl'];
const readScopes = [...writeScopes, 'https://www.googleapis.com/auth/youtube.readonly'];

function youtubeError(status: number, reason: string, message: string, domain = 'youtube.liveChat'): FakeResponse {
  return { status, body: { error: { code: status, message, errors: [{ message, domain, reason }] } } };
}

export class FakeYouTube {
  readonly server: FakePlatform;
  readonly broadcasts: FakeBroadcast[] = [];
  readonly chats = new Map<string, FakeChat>();
  /** Quota units used today, and the project's daily limit (a call over it answers 403 quotaExceeded). */
  readonly quota = { used: 0, dailyLimit: 10_000 };
  /** What liveChatMessages.list asks clients to wait before the next poll. */
  pollingIntervalMillis = 2000;
  /**
   * When set (0.5: half), a list of the same chat sooner than this share of the interval after the
   * previous one answers 403 rateLimitExceeded (off by default: reading history pages back to back is fine).
   */
  tooFastShare = 0;
  /** Largest page (YouTube: maxResults 200-2000). */
  pageSize = 2000;
  private readonly lastPoll = new Map<string, number>();
  private counter = 0;

  constructor(private readonly google: FakeGoogle) {
    this.server = new FakePlatform('youtube', (req) => this.handle(req));
  }

  get base(): string {
    return this.server.base;
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The channel goes live: a new broadcast with its own chat. */
  startBroadcast(title = 'Live shopping'): FakeBroadcast {
    for (const b of this.broadcasts) if (b.status === 'active') b.status = 'complete';
    const id = this.next('bc');
    const liveChatId = this.next('chat');
    const broadcast: FakeBroadcast = { id, title, liveChatId, status: 'active', concurrentViewers: 0 };
    this.broadcasts.push(broadcast);
    this.chats.set(liveChatId, { liveChatId, ended: false, disabled: false, messages: [] });
    return broadcast;
  }

  /** The broadcast is over: its chat ends with it. */
  endBroadcast(broadcast: FakeBroadcast): void {
    broadcast.status = 'complete';
    this.chatOf(broadcast.liveChatId).ended = true;
  }

  /** The chat ends (the broadcast may still show as active for a while). */
  endChat(liveChatId: string, ended = true): void {
    this.chatOf(liveChatId).ended = ended;
  }

  disableChat(liveChatId: string, disabled = true): void {
    this.chatOf(liveChatId).disabled = disabled;
  }

  /** A viewer writes in the chat (a channel id, or a whole author: name, moderator, member, Super Chat). */
  viewerSays(liveChatId: string, text: string, author: string | FakeAuthor = 'UC-viewer'): FakeChatMessage {
    const a: FakeAuthor = typeof author === 'string' ? { channelId: author } : author;
    const message = this.addMessage(liveChatId, a.channelId ?? 'UC-viewer', text);
    if (a.name) message.authorName = a.name;
    if (a.moderator) message.moderator = true;
    if (a.sponsor) message.sponsor = true;
    if (a.superChat) message.superChat = a.superChat;
    return message;
  }

  /** The broadcast live now, if any. */
  activeBroadcast(): FakeBroadcast | null {
    return this.broadcasts.find((b) => b.status === 'active') ?? null;
  }

  /** Messages in a chat posted by a channel. */
  postsBy(channelId: string, liveChatId?: string): FakeChatMessage[] {
    const chats = liveChatId ? [this.chatOf(liveChatId)] : [...this.chats.values()];
    return chats.flatMap((c) => c.messages.filter((m) => m.authorChannelId === channelId));
  }

  private chatOf(liveChatId: string): FakeChat {
    const chat = this.chats.get(liveChatId);
    if (!chat) throw new Error(`no chat ${liveChatId}`);
    return chat;
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}-${crypto.randomBytes(4).toString('hex')}`;
  }

  private addMessage(liveChatId: string, authorChannelId: string, text: string): FakeChatMessage {
    const message: FakeChatMessage = { id: this.next('msg'), liveChatId, authorChannelId, text, publishedAt: new Date().toISOString() };
    this.chatOf(liveChatId).messages.push(message);
    return message;
  }

  private handle(req: FakeRequest): FakeResponse {
    const cost =
      req.path === '/youtube/v3/channels'
        ? fakeYouTubeCosts.channels
        : req.path === '/youtube/v3/liveBroadcasts'
          ? fakeYouTubeCosts.liveBroadcasts
          : req.path === '/youtube/v3/liveChat/messages'
            ? req.method === 'POST'
              ? fakeYouTubeCosts.liveChatInsert
              : fakeYouTubeCosts.liveChatList
            : req.path === '/youtube/v3/videos'
              ? fakeYouTubeCosts.videos
              : 0;
    if (cost === 0) return youtubeError(404, 'notFound', `No ${req.method} ${req.path} on fake YouTube`, 'global');
    if (this.quota.used + cost > this.quota.dailyLimit) {
      return youtubeError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your quota.', 'youtube.quota');
    }
    // Every call that reaches the API costs its units, refused ones included.
    this.quota.used += cost;
    const token = this.google.accessTokenInfo(req.headers.authorization);
    if (!token) {
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
        body: {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
            status: 'UNAUTHENTICATED',
          },
        },
      };
    }
    const needed = req.method === 'POST' ? writeScopes : readScopes;
    if (!token.scope.split(' ').some((s) => needed.includes(s))) {
      return youtubeError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'global');
    }
    if (req.path === '/youtube/v3/channels') return this.channels(req, token);
    if (req.path === '/youtube/v3/liveBroadcasts') return this.liveBroadcasts(req);
    if (req.path === '/youtube/v3/videos') return this.videos(req);
    return req.method === 'POST' ? this.insert(req, token) : this.listMessages(req);
  }

  private channels(req: FakeRequest, token: AccessTokenInfo): FakeResponse {
    if (!req.query.get('part')) return youtubeError(400, 'required', 'Required parameter: part', 'global');
    if (req.query.get('mine') !== 'true') return youtubeError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, id, forHandle...', 'youtube.parameter');
    return {
      status: 200,
      body: { kind: 'youtube#channelListResponse', items: [{ kind: 'youtube#channel', id: token.account.channelId, snippet: { title: token.account.channelTitle } }] },
    };
  }

  private liveBroadcasts(req: FakeRequest): FakeResponse {
    const filters = ['broadcastStatus', 'id', 'mine'].filter((f) => req.query.has(f));
    if (filters.length !== 1) {
      return youtubeError(400, 'incompatibleParameters', 'The request specifies an incompatible or missing filter: use exactly one of broadcastStatus, id, mine.', 'youtube.parameter');
    }
    const status = req.query.get('broadcastStatus');
    const items = this.broadcasts
      .filter((b) => (status ? status === 'all' || b.status === status : true))
      .map((b) => ({ kind: 'youtube#liveBroadcast', id: b.id, snippet: { title: b.title, liveChatId: b.liveChatId } }));
    return { status: 200, body: { kind: 'youtube#liveBroadcastListResponse', items } };
  }

  private insert(req: FakeRequest, token: AccessTokenInfo): FakeResponse {
    if (req.query.get('part') !== 'snippet') return youtubeError(400, 'required', 'Required parameter: part', 'global');
    let body: { snippet?: { liveChatId?: string; type?: string; textMessageDetails?: { messageText?: string } } };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return youtubeError(400, 'parseError', 'Parse Error', 'global');
    }
    const snippet = body.snippet;
    if (!snippet?.liveChatId) return youtubeError(400, 'liveChatIdRequired', 'The live chat id is required.');
    if (!snippet.type) return youtubeError(400, 'typeRequired', 'The message type is required.');
    const text = snippet.textMessageDetails?.messageText;
    if (!text) return youtubeError(400, 'messageTextRequired', 'The message text is required.');
    if ([...text].length > 200) return youtubeError(400, 'messageTextInvalid', 'The message text is too long.');
    const chat = this.chats.get(snippet.liveChatId);
    if (!chat) return youtubeError(404, 'liveChatNotFound', 'The live chat that you are trying to insert a message to cannot be found.');
    if (chat.ended) return youtubeError(403, 'liveChatEnded', 'The specified live chat is no longer live.');
    if (chat.disabled) return youtubeError(403, 'liveChatDisabled', 'The live chat is disabled.');
    const message = this.addMessage(chat.liveChatId, token.account.channelId, text);
    return {
      status: 200,
      body: {
        kind: 'youtube#liveChatMessage',
        id: message.id,
        snippet: {
          type: 'textMessageEvent',
          liveChatId: chat.liveChatId,
          authorChannelId: message.authorChannelId,
          publishedAt: message.publishedAt,
          hasDisplayContent: true,
          displayMessage: text,
          textMessageDetails: { messageText: text },
        },
      },
    };
  }

  private videos(req: FakeRequest): FakeResponse {
    if (!req.query.get('part')) return youtubeError(400, 'required', 'Required parameter: part', 'global');
    const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return youtubeError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, myRating, chart.', 'youtube.parameter');
    const items = this.broadcasts
      .filter((b) => ids.includes(b.id))
      .map((b) => {
        const live = b.status === 'active';
        const details: Record<string, string> = { actualStartTime: new Date(0).toISOString() };
        if (live) details.activeLiveChatId = b.liveChatId;
        else details.actualEndTime = new Date().toISOString();
        // A string, and absent when hidden or zero (as YouTube answers it).
        if (live && !b.hideViewers && b.concurrentViewers > 0) details.concurrentViewers = String(b.concurrentViewers);
        return { kind: 'youtube#video', id: b.id, liveStreamingDetails: details };
      });
    return { status: 200, body: { kind: 'youtube#videoListResponse', items } };
  }

  private listMessages(req: FakeRequest): FakeResponse {
    const liveChatId = req.query.get('liveChatId');
    if (!liveChatId) return youtubeError(400, 'liveChatIdRequired', 'The live chat id is required.');
    if (!req.query.get('part')) return youtubeError(400, 'required', 'Required parameter: part', 'global');
    const chat = this.chats.get(liveChatId);
    if (!chat) return youtubeError(404, 'liveChatNotFound', 'The live chat cannot be found.');
    if (chat.disabled) return youtubeError(403, 'liveChatDisabled', 'The live chat is disabled.');
    const token = req.query.get('pageToken');
    if (token !== null && !/^\d+$/.test(token)) return youtubeError(400, 'pageTokenInvalid', 'The page token is not valid.');
    // The page token is the index of the next message: the first call returns the history.
    const from = Number(token ?? 0);
    if (chat.ended && from >= chat.messages.length) return youtubeError(403, 'liveChatEnded', 'The specified live chat is no longer live.');
    const previous = this.lastPoll.get(liveChatId);
    this.lastPoll.set(liveChatId, req.at);
    if (this.tooFastShare > 0 && previous !== undefined && req.at - previous < this.pollingIntervalMillis * this.tooFastShare) {
      return youtubeError(403, 'rateLimitExceeded', 'The request was sent too soon after the previous one: wait pollingIntervalMillis.');
    }
    const max = Math.min(this.pageSize, Math.min(2000, Math.max(200, Number(req.query.get('maxResults') ?? 500))));
    const page = chat.messages.slice(from, from + max);
    const items = page.map((m) => {
      const snippet: Record<string, unknown> = {
        type: m.superChat ? 'superChatEvent' : 'textMessageEvent',
        liveChatId: m.liveChatId,
        authorChannelId: m.authorChannelId,
        publishedAt: m.publishedAt,
        hasDisplayContent: true,
        displayMessage: m.text,
      };
      if (m.superChat) {
        const digits = m.superChat.currency === 'JPY' ? 0 : 2;
        snippet.superChatDetails = {
          amountMicros: String(m.superChat.amountMicros),
          currency: m.superChat.currency,
          amountDisplayString: `${(m.superChat.amountMicros / 1e6).toFixed(digits)} ${m.superChat.currency}`,
          userComment: m.text,
          tier: 2,
        };
      } else {
        snippet.textMessageDetails = { messageText: m.text };
      }
      return {
        kind: 'youtube#liveChatMessage',
        id: m.id,
        snippet,
        authorDetails: {
          channelId: m.authorChannelId,
          displayName: m.authorName ?? m.authorChannelId,
          isChatOwner: false,
          isChatModerator: m.moderator === true,
          isChatSponsor: m.sponsor === true,
          isVerified: false,
        },
      };
    });
    return {
      status: 200,
      body: {
        kind: 'youtube#liveChatMessageListResponse',
        pollingIntervalMillis: this.pollingIntervalMillis,
        nextPageToken: String(from + page.length),
        ...(chat.ended ? { offlineAt: new Date().toISOString() } : {}),
        items,
      },
    };
  }
}
