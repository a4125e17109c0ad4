import { z } from 'zod';
import { event, method, noInput, ok } from './define';
import { rule } from './validation-texts';
import { languageTagPattern } from '../languages';
import { platformId } from './platform';

/**
 * The audience coming back: live chat from every platform, concurrent viewers, and orders, each tied to
 * what was on air. Three method groups, one per half of the audience feature:
 * - chat: comments in (platform readers and `chat.ingest` for bridges), the dock, the question queue, a
 *   comment pinned on stream, moderation, privacy;
 * - audience: viewer counts and the chat sources' state;
 * - sales: orders matched to catalog products, attributed, summed for the Live page and the review.
 *
 * Viewer privacy: a message carries the author's display name (the dock shows it) and `authorKey`, a keyed
 * hash of (platform, author id) per studio. The platform's author id itself is never stored. The session
 * log keeps `authorKey` and drops the display name (see `logOmit` of `chat.message`), except for a
 * comment pinned on stream (`chat.pinned`), which viewers saw anyway.
 */

/** Where a comment came from: `youtube`, `twitch`, or what a bridge names (`tiktok`, `instagram`...). */
export const chatPlatform = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, rule('chat_platform'));
export type ChatPlatform = z.infer<typeof chatPlatform>;

/** text: a comment; superChat: paid (YouTube Super Chat, Twitch cheer) with `amount`; member: a member's/subscriber's comment; moderator: the channel's moderator. */
export const chatKind = z.enum(['text', 'superChat', 'member', 'moderator']);
export type ChatKind = z.infer<typeof chatKind>;

export const chatAmount = z.object({
  currency: z.string().trim().toUpperCase().length(3),
  /** In minor units of `currency` (`minorDigits` of them: 2 for USD, 0 for JPY). ISO 4217 codes; Twitch Bits are `BIT` with 0 digits. */
  amountMinor: z.number().int().nonnegative(),
  minorDigits: z.number().int().min(0).max(3),
});
export type ChatAmount = z.infer<typeof chatAmount>;

/** One comment as a platform reader or a bridge hands it in (before normalization and dedupe). */
export const incomingChat = z
  .object({
    platform: chatPlatform,
    /** The platform's own id of the message: with `platform`, what duplicates are recognized by. */
    messageId: z.string().trim().min(1).max(200),
    /** When it was sent, ms since epoch; the host's clock when absent. */
    at: z.number().int().positive().optional(),
    authorName: z.string().trim().min(1).max(200),
    /** The platform's id of the author (channel id, user id): hashed at once, never stored. */
    authorId: z.string().trim().min(1).max(200),
    text: z.string().max(2000),
    kind: chatKind.default('text'),
    amount: chatAmount.nullable().optional(),
  })
  .strict();
export type IncomingChat = z.input<typeof incomingChat>;
export type IncomingChatParsed = z.output<typeof incomingChat>;

/** A comment as the studio keeps and shows it. */
export const chatMessage = z.object({
  /** `<platform>:<messageId>`: unique, the dedupe key. */
  id: z.string(),
  platform: chatPlatform,
  /** The platform connection that read it; null when a bridge fed it through chat.ingest. */
  connectionId: z.string().nullable(),
  messageId: z.string(),
  at: z.number().int(),
  authorName: z.string(),
  /** Keyed hash of (platform, author id), per studio: the same viewer has the same key, nobody can reverse it. */
  authorKey: z.string(),
  text: z.string(),
  kind: chatKind,
  amount: chatAmount.nullable(),
  /** Detected offline (BCP 47: en, zh-CN, es, id, vi, ar...); null when the text is too short to tell. */
  language: z.string().nullable(),
  /** Looks like a question in its language (?, ？, 吗/呢, ¿, apakah, không...), or the host starred it. */
  question: z.boolean(),
  starred: z.boolean(),
  answered: z.boolean(),
  /** Hidden by keyword moderation (`hiddenBy` names the term) or by hand (`hiddenBy` null). */
  hidden: z.boolean(),
  hiddenBy: z.string().nullable(),
  /** The live session it arrived in, null outside a session. */
  sessionId: z.string().nullable(),
});
export type ChatMessage = z.infer<typeof chatMessage>;

/** What the stream shows of a pinned comment: the author's display name only, never an id or key. */
export const pinnedComment = z.object({
  id: z.string(),
  platform: chatPlatform,
  authorName: z.string(),
  text: z.string(),
  at: z.number().int(),
  pinnedAt: z.number().int(),
});
export type PinnedComment = z.infer<typeof pinnedComment>;

/**
 * A chat reader's state. listening: reading; connecting: (re)connecting; waiting: no active broadcast
 * or chat yet, checked again by itself; ended: the broadcast's chat ended or was disabled; throttled:
 * the platform's quota or rate limit, resumes by itself at `retryAt`; error: needs the user (`message`).
 */
export const chatSourceState = z.enum(['listening', 'connecting', 'waiting', 'ended', 'throttled', 'error', 'stopped']);
export type ChatSourceState = z.infer<typeof chatSourceState>;
export const chatSource = z.object({
  connectionId: z.string(),
  platform: platformId,
  label: z.string(),
  state: chatSourceState,
  message: z.string().nullable(),
  /** The key of the message in errors.json (with `params`), for a UI in the user's language. */
  messageCode: z.string().nullable(),
  retryAt: z.number().int().nullable(),
  lastMessageAt: z.number().int().nullable(),
  messages: z.number().int(),
});
export type ChatSource = z.infer<typeof chatSource>;

const messageRef = { id: z.string().min(1) };
const market = z.string().trim().toUpperCase().min(2).max(8);

export const chatMethods = {
  'chat.ingest': method({
    summary:
      'Feed comments from a bridge (Streamer.bot, TikFinity...) for platforms the studio does not read itself: up to 500 per call, duplicates by (platform, messageId) dropped. Needs the `ingest` token.',
    input: z.object({ messages: z.array(incomingChat).min(1).max(500) }).strict(),
    output: z.object({ accepted: z.number().int(), duplicates: z.number().int() }),
    mutates: true,
    scopes: ['ingest'],
  }),
  'chat.ingestLink': method({
    summary:
      'The address and `ingest` token a chat bridge posts comments to (REST POST /api/v1/chat.ingest or the WebSocket); `rotate` replaces the token, so the old one stops working.',
    input: z.object({ rotate: z.boolean().optional() }).strict().default({}),
    output: z.object({ token: z.string(), restUrl: z.string(), wsUrl: z.string() }),
    mutates: true,
  }),
  'chat.list': method({
    summary: 'Recent comments of the live session (or of the last hour without one), newest last, with filters.',
    input: z
      .object({
        limit: z.number().int().min(1).max(5000).default(500),
        platform: chatPlatform.optional(),
        language: z.string().min(2).max(35).optional(),
        questionsOnly: z.boolean().optional(),
        /** Only unanswered questions (a co-host lane's side panel). */
        openOnly: z.boolean().optional(),
        includeHidden: z.boolean().optional(),
      })
      .strict()
      .default({ limit: 500 }),
    output: z.object({ messages: z.array(chatMessage) }),
    mutates: false,
    scopes: ['follow'],
  }),
  'chat.followQuestions': method({
    summary:
      'From now on this client hears `chat.message` only for the open questions in `language` (by base language: es covers es-MX), as a co-host lane shows them; null: every comment again. Holds for this WebSocket connection or app window (a reconnected client asks again); chat.updated still comes for every comment.',
    input: z.object({ language: z.string().regex(languageTagPattern, rule('language_tag')).nullable() }).strict(),
    output: z.object({ ok: z.literal(true) }),
    mutates: false,
    scopes: ['follow'],
  }),
  'chat.answer': method({
    summary: 'Mark a question answered (or open again), from the dock or a co-host lane.',
    input: z.object({ ...messageRef, answered: z.boolean().default(true) }).strict(),
    output: chatMessage,
    mutates: true,
    scopes: ['follow'],
  }),
  'chat.star': method({
    summary: 'Star a comment so it joins the question queue (or unstar it).',
    input: z.object({ ...messageRef, starred: z.boolean().default(true) }).strict(),
    output: chatMessage,
    mutates: true,
  }),
  'chat.hide': method({
    summary: 'Hide a comment from the dock and the lanes (or show it again).',
    input: z.object({ ...messageRef, hidden: z.boolean().default(true) }).strict(),
    output: chatMessage,
    mutates: true,
  }),
  'chat.pin': method({
    summary: 'Show a comment on stream (overlay and OBS scene): its text and the author\'s display name only. Replaces the one pinned before.',
    input: z.object(messageRef).strict(),
    output: pinnedComment,
    mutates: true,
  }),
  'chat.unpin': method({
    summary: 'Take the pinned comment off the stream.',
    input: noInput,
    output: ok,
    mutates: true,
  }),
  'chat.pinned': method({
    summary: 'The comment pinned on stream, or null (the overlay page asks when it opens).',
    input: noInput,
    output: z.object({ comment: pinnedComment.nullable() }),
    mutates: false,
    scopes: ['overlay', 'follow'],
  }),
  'chat.moderation': method({
    summary: 'Keyword moderation: the terms that hide a comment, per market (`*`: every market).',
    input: noInput,
    output: z.object({ terms: z.record(z.string(), z.array(z.string())) }),
    mutates: false,
  }),
  'chat.setModeration': method({
    summary: 'Replace one market\'s moderation terms (`*` for every market); applies to new comments and again to the recent ones (the live session\'s, or the last hour\'s).',
    input: z
      .object({
        market: z.union([z.literal('*'), market]),
        terms: z.array(z.string().trim().min(1).max(100)).max(1000),
      })
      .strict(),
    output: z.object({ terms: z.record(z.string(), z.array(z.string())) }),
    mutates: true,
  }),
  'chat.privacy': method({
    summary: 'How long comment texts are kept (days; separate from the rest of the session log).',
    input: noInput,
    output: z.object({ retentionDays: z.number().int() }),
    mutates: false,
  }),
  'chat.setPrivacy': method({
    summary: 'Set how long comment texts are kept (1–3650 days); older texts are removed from the log at once and every day after.',
    input: z.object({ retentionDays: z.number().int().min(1).max(3650) }).strict(),
    output: z.object({ retentionDays: z.number().int(), removed: z.number().int() }),
    mutates: true,
  }),
  'chat.forget': method({
    summary:
      'Forget a viewer (GDPR erasure): removes every message of theirs from the studio and the session log, by platform and author id (as the platform shows it) or by the authorKey of one of their messages.',
    input: z
      .object({ platform: chatPlatform, authorId: z.string().trim().min(1).optional(), authorKey: z.string().min(1).optional() })
      .strict()
      .refine((v) => (v.authorId === undefined) !== (v.authorKey === undefined), rule('give_author_id_or_key')),
    output: z.object({ messages: z.number().int(), logEvents: z.number().int() }),
    mutates: true,
  }),
};

export const chatEvents = {
  'chat.message': event({
    summary: 'A new comment (normalized, deduplicated, its language and question flag set).',
    payload: chatMessage,
    logged: true,
    logOmit: ['authorName'],
    scopes: ['follow'],
  }),
  'chat.updated': event({
    summary: 'A comment was answered, starred or hidden (or back).',
    payload: z.object({
      id: z.string(),
      question: z.boolean(),
      starred: z.boolean(),
      answered: z.boolean(),
      hidden: z.boolean(),
      hiddenBy: z.string().nullable(),
      /** Who changed it: the control room, a co-host lane, keyword moderation. */
      by: z.enum(['control', 'lane', 'moderation']),
    }),
    logged: true,
    scopes: ['follow'],
  }),
  'chat.pinned': event({
    summary: 'The comment pinned on stream changed (null: unpinned).',
    payload: z.object({ comment: pinnedComment.nullable() }),
    logged: true,
    scopes: ['overlay', 'follow'],
  }),
  'chat.forgotten': event({
    summary: 'A viewer was forgotten: their messages are gone (the key stays in the log as the erasure\'s record).',
    payload: z.object({ platform: chatPlatform, authorKey: z.string(), messages: z.number().int(), logEvents: z.number().int() }),
    logged: true,
  }),
};

/** Concurrent viewers of one connection's live broadcast at one time. */
export const viewerCount = z.object({
  connectionId: z.string(),
  platform: platformId,
  viewers: z.number().int().nonnegative(),
  at: z.number().int(),
});
export type ViewerCount = z.infer<typeof viewerCount>;

export const audienceMethods = {
  'audience.status': method({
    summary: 'The chat readers\' state per connection and the latest viewer count of each live broadcast.',
    input: noInput,
    output: z.object({ sources: z.array(chatSource), viewers: z.array(viewerCount) }),
    mutates: false,
  }),
};

export const audienceEvents = {
  'audience.viewers': event({
    summary: 'Concurrent viewers of a live broadcast (YouTube, Twitch), read every 30 s.',
    payload: viewerCount,
    logged: true,
  }),
  'audience.viewerDrop': event({
    summary: 'Viewers dropped sharply (all platforms together): a cue to pin a product or start a deal.',
    payload: z.object({ from: z.number().int(), to: z.number().int(), withinMs: z.number().int(), at: z.number().int() }),
    logged: true,
  }),
  'audience.sourceChanged': event({
    summary: 'A chat reader changed state (listening, waiting for a broadcast, ended, throttled, error).',
    payload: chatSource,
    logged: false,
  }),
};

/**
 * open: placed, not paid yet; paid; cancelled (before or after payment, nothing sold); refunded: every
 * line refunded; partiallyRefunded: some units (see each line's refundedQuantity).
 */
export const orderStatus = z.enum(['open', 'paid', 'cancelled', 'refunded', 'partiallyRefunded']);
export type OrderStatus = z.infer<typeof orderStatus>;

/**
 * What was on air when an order was placed (see docs in features/audience/attribution.ts for the windows):
 * the product pinned (or unpinned less than the window before), the deal running, the last cue reached
 * with its script, the A/B version of the script in the prompter, the session's hosts and market.
 */
export const attribution = z.object({
  pinnedProductId: z.string().nullable(),
  dealId: z.string().nullable(),
  cueId: z.string().nullable(),
  scriptId: z.string().nullable(),
  /** The A/B version (contract/prompter.ts `versions`, not a language variant) loaded in the prompter, and its script. */
  scriptVersion: z.object({ scriptId: z.string(), version: z.string() }).nullable(),
  hosts: z.array(z.string()),
  market: z.string().nullable(),
});
export type Attribution = z.infer<typeof attribution>;

export const orderLine = z.object({
  lineId: z.string(),
  /** The catalog product, through the connection's product links; null when the line is not linked. */
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  remoteProductId: z.string().nullable(),
  remoteSkuId: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  refundedQuantity: z.number().int().nonnegative(),
  /** In minor units of the order's currency. */
  unitPriceMinor: z.number().int().nonnegative(),
  attribution,
});
export type OrderLine = z.infer<typeof orderLine>;

/** An order as the studio keeps it: no buyer personal data (no name, address, email, phone). */
export const order = z.object({
  /** `<connectionId>:<orderId>`: unique, the dedupe key. */
  key: z.string(),
  connectionId: z.string(),
  platform: platformId,
  orderId: z.string(),
  placedAt: z.number().int(),
  updatedAt: z.number().int(),
  status: orderStatus,
  currency: z.string(),
  minorDigits: z.number().int(),
  totalMinor: z.number().int(),
  lines: z.array(orderLine),
  /** The live session it was placed in, null outside a session. */
  sessionId: z.string().nullable(),
});
export type Order = z.infer<typeof order>;

const money = z.object({ currency: z.string(), amountMinor: z.number().int(), minorDigits: z.number().int() });

/** The Live page's sales panel, for one session. */
export const salesSummary = z.object({
  sessionId: z.string().nullable(),
  /** Paid and open orders, less refunds; one entry per currency. */
  revenue: z.array(money),
  orders: z.number().int(),
  units: z.number().int(),
  topProducts: z.array(z.object({ productId: z.string(), units: z.number().int(), revenue: z.array(money) })),
  viewersNow: z.number().int().nullable(),
  peakViewers: z.number().int().nullable(),
  /** One point per viewer reading (sum over connections), oldest first. */
  viewersCurve: z.array(z.object({ at: z.number().int(), viewers: z.number().int() })),
  commentsPerMinute: z.number(),
  openQuestions: z.number().int(),
  /** Orders per hundred peak viewers; null without viewers. */
  conversion: z.number().nullable(),
  updatedAt: z.number().int(),
});
export type SalesSummary = z.infer<typeof salesSummary>;

/** Revenue and units of one group (a product, a cue, a script version, a host, a segment) in the review. */
export const salesGroup = z.object({
  key: z.string(),
  /** The product's name, the cue's text, the host's name: what the table shows. */
  label: z.string(),
  orders: z.number().int(),
  units: z.number().int(),
  revenue: z.array(money),
});
export type SalesGroup = z.infer<typeof salesGroup>;

/**
 * One A/B version of one script in the review: its sales (key `<scriptId>/<version>`, label "<title> · <version>")
 * beside how long it was in the prompter during the session and the deals started meanwhile. A version
 * on air that sold nothing has a row too (0 orders): that is an outcome to compare.
 */
export const versionGroup = salesGroup.extend({
  scriptId: z.string(),
  /** The script's title as the log last recorded it in this session. */
  title: z.string(),
  version: z.string(),
  /** Milliseconds it was loaded in the prompter (from its prompter.loaded to the next load, its unload or the session's end). */
  onAirMs: z.number().int(),
  dealsStarted: z.number().int(),
});
export type VersionGroup = z.infer<typeof versionGroup>;

const sessionRef = { sessionId: z.string().min(1) };

/** One A/B version of a script summed over every session that ran it (sales.versions). */
export const versionAcross = versionGroup.extend({
  /** Sessions in which this version was in the prompter. */
  sessions: z.number().int(),
});
export type VersionAcross = z.infer<typeof versionAcross>;

export const salesMethods = {
  'sales.summary': method({
    summary: 'The live session\'s sales panel: revenue per currency, orders, units, top products, viewers, comments per minute, open questions, conversion.',
    input: z.object({ sessionId: z.string().optional() }).strict().default({}),
    output: salesSummary,
    mutates: false,
  }),
  'sales.orders': method({
    summary: 'Orders of a session (or of the live one), newest first, with their lines and attribution.',
    input: z.object({ sessionId: z.string().optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict().default({ limit: 500 }),
    output: z.object({ orders: z.array(order) }),
    mutates: false,
  }),
  'sales.review': method({
    summary:
      'What sold and why, for one session: revenue and units per product, per segment, per cue, per script version (A/B, with time on air and deals started) and per host; viewers and chat volume per minute; questions asked and answered.',
    input: z.object(sessionRef).strict(),
    output: z.object({
      byProduct: z.array(salesGroup),
      bySegment: z.array(salesGroup),
      byCue: z.array(salesGroup),
      /** Per A/B script version; order lines read while no script was loaded are in the row with key "none". */
      byVersion: z.array(versionGroup),
      byHost: z.array(salesGroup),
      viewers: z.array(z.object({ at: z.number().int(), viewers: z.number().int() })),
      chatPerMinute: z.array(z.object({ at: z.number().int(), messages: z.number().int() })),
      questions: z.object({ asked: z.number().int(), answered: z.number().int() }),
    }),
    mutates: false,
  }),
  'sales.versions': method({
    summary:
      "A script's A/B versions compared over every session that ran them: sessions, time on air, deals started, orders, units and revenue per currency (the same figures as each session's review, added up).",
    input: z.object({ scriptId: z.string().min(1) }).strict(),
    output: z.object({ scriptId: z.string(), versions: z.array(versionAcross) }),
    mutates: false,
  }),
};

export const salesEvents = {
  'order.created': event({
    summary: 'A new order from a shop (matched to catalog products and attributed).',
    payload: order,
    logged: true,
    // In the session it was placed in (by its time), which may have ended before the shop reported it.
    logSession: (o) => o.sessionId,
  }),
  'order.updated': event({
    summary: 'An order changed status (paid, cancelled, refunded): the review counts its new state.',
    payload: z.object({ order, previousStatus: orderStatus }),
    logged: true,
    logSession: (p) => p.order.sessionId,
  }),
  'sales.changed': event({
    summary: 'The sales panel changed (an order, a viewer reading, a comment).',
    payload: salesSummary,
    logged: false,
    coalesce: true,
  }),
};
