import { HostError } from '../../../shared/contract';
import type { ChatMessage, PinnedComment } from '../../../shared/contract/audience';
import type { EventFanout } from '../../api/event-fanout';
import type { CallContext, PartialHandlers } from '../../api/handlers';
import { isLaneQuestion } from '../../../shared/lane-questions';
import type { HostContext } from '../../context';
import type { SessionLogGateway } from '../gateways';
import { AuthorKeys } from './author-keys';
import { ChatIntake } from './chat-intake';
import { ChatStore } from './chat-store';
import { LanguageThread } from './language/language-thread';
import { Moderation, type ModerationTerms } from './moderation';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
export const defaultChatRetentionDays = 30;

/** host_meta keys of the chat half's small settings. */
const metaKeys = {
  moderation: 'chat.moderation',
  retentionDays: 'chat.retentionDays',
  /** Comment texts logged before this time are already blanked (retention resumes from here). */
  blankedBefore: 'chat.blankedBefore',
  pinned: 'chat.pinned',
} as const;

export interface ChatHalfDeps {
  sessionLog: SessionLogGateway;
  /** The REST and WebSocket addresses a bridge uses (the server's port is known once it listens). */
  ingestUrls: () => { restUrl: string; wsUrl: string };
  /** Closes the connections opened with a token that was just replaced. */
  dropIngestClients?: () => void;
  /** Where a co-host lane narrows its chat to its questions (chat.followQuestions). */
  events: Pick<EventFanout, 'narrow'>;
}

export type ChatHalf = ReturnType<typeof chatHalf>;

/**
 * The chat half of the audience feature: comments in (intake), the dock's list and flags, the question
 * queue, the comment pinned on stream, keyword moderation, the bridge's ingest link and viewer privacy.
 */
export function chatHalf(ctx: HostContext, deps: ChatHalfDeps) {
  const store = new ChatStore(ctx.db);
  const authorKeys = new AuthorKeys(ctx.secrets);
  const moderation = new Moderation(readJson<ModerationTerms>(metaKeys.moderation) ?? {});
  const languages = new LanguageThread((message) => ctx.reportError('audience', 'language_detector_failed', message));
  const offLive: (() => void)[] = [];
  const intake = new ChatIntake(ctx, {
    store,
    authorKeys,
    moderation,
    detectLanguages: (texts) => languages.detect(texts),
    liveSession: () => deps.sessionLog.live(),
  });
  let pinned: PinnedComment | null = readJson<PinnedComment>(metaKeys.pinned);
  const pinListeners = new Set<(comment: PinnedComment | null) => void>();
  let retentionTimer: NodeJS.Timeout | null = null;
  let retentionRun: Promise<number> | null = null;

  function readJson<T>(key: string): T | null {
    const raw = ctx.meta.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  const retentionDays = () => Number(ctx.meta.get(metaKeys.retentionDays) ?? defaultChatRetentionDays);

  function publishUpdated(message: ChatMessage, by: 'control' | 'lane' | 'moderation') {
    const { id, question, starred, answered, hidden, hiddenBy } = message;
    ctx.bus.publish('chat.updated', { id, question, starred, answered, hidden, hiddenBy, by }, ctx.now());
  }
  const byOf = (call: CallContext) => (call.scope === 'follow' ? 'lane' : 'control');

  function setPinned(comment: PinnedComment | null): void {
    pinned = comment;
    if (comment) ctx.meta.set(metaKeys.pinned, JSON.stringify(comment));
    else ctx.meta.delete(metaKeys.pinned);
    ctx.bus.publish('chat.pinned', { comment }, ctx.now());
    for (const listener of pinListeners) listener(comment);
  }

  /**
   * Runs an erasure with SQLite's secure_delete on: what it deletes or blanks is overwritten with zeros in
   * the database file, not left in free space where a copy of the file would still hold it. Only around
   * erasures (rare), since it costs extra writes.
   */
  let erasures = 0;
  async function overwritingDeleted<T>(erase: () => Promise<T>): Promise<T> {
    if (erasures++ === 0) ctx.db.pragma('secure_delete = ON');
    try {
      return await erase();
    } finally {
      if (--erasures === 0) ctx.db.pragma('secure_delete = FAST');
    }
  }

  /**
   * After an erasure the WAL still holds the pages as they were before it (the erased text with them):
   * copy it back into the database file and empty it, so a copy of the data folder holds none of it.
   * A reader holding the WAL (a long export) makes it wait; after a few tries it is left to the
   * checkpointer's own TRUNCATE when the app is idle, and said.
   */
  async function emptyWal(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const [result] = ctx.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    ctx.reportError('audience', 'forget_wal_busy', 'The erased comments are gone from the database, but its journal (-wal file) is still in use; it is emptied when the app is idle.');
  }

  /**
   * Blanks comment texts and display names older than the retention, in chat_messages and in the session
   * log. Runs at start, every day, and when the retention changes; one run at a time.
   */
  function applyRetention(): Promise<number> {
    retentionRun ??= overwritingDeleted(blankOldTexts).finally(() => {
      retentionRun = null;
    });
    return retentionRun;
  }
  async function blankOldTexts(): Promise<number> {
    const before = ctx.now() - retentionDays() * dayMs;
    let removed = 0;
    for (;;) {
      const n = store.blankOlderThan(before, 2000);
      removed += n;
      if (n < 2000) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const from = Number(ctx.meta.get(metaKeys.blankedBefore) ?? 0);
    if (before > from) {
      await deps.sessionLog.blankChatTexts(from, before);
      ctx.meta.set(metaKeys.blankedBefore, String(before));
    }
    if (pinned && pinned.at < before) setPinned(null);
    return removed;
  }
  const runRetention = () =>
    void applyRetention().catch((error: unknown) =>
      ctx.reportError('audience', 'chat_retention_failed', `Removing old comment texts failed: ${String(error)}. It is tried again in a day or at the next start.`),
    );

  /**
   * A changed term list applies to the comments already in (the live session's, or the last hour's): a
   * comment a new term matches is hidden, one a removed term had hidden shows again. Hidden by hand stays.
   */
  function remoderate(): void {
    const session = deps.sessionLog.live();
    const market = session?.market ?? null;
    const recent = store.list(session ? { sessionId: session.id } : { since: ctx.now() - hourMs }, { limit: 5000, includeHidden: true });
    const changed = ctx.db.transaction(() =>
      recent.flatMap((message) => {
        if (message.hidden && message.hiddenBy === null) return [];
        const term = moderation.match(message.text, market);
        if (term === message.hiddenBy) return [];
        return [store.setFlags(message.id, { hidden: term !== null, hiddenBy: term })];
      }),
    )();
    for (const message of changed) publishUpdated(message, 'moderation');
  }

  const handlers: PartialHandlers = {
    'chat.ingest': ({ messages }) => intake.receive(null, messages),
    'chat.ingestLink': ({ rotate }) => {
      if (rotate) {
        ctx.tokens.rotate('ingest');
        deps.dropIngestClients?.();
      }
      return { token: ctx.tokens.token('ingest'), ...deps.ingestUrls() };
    },
    'chat.list': (filter) => {
      const session = deps.sessionLog.live();
      return { messages: store.list(session ? { sessionId: session.id } : { since: ctx.now() - hourMs }, filter) };
    },
    'chat.followQuestions': ({ language }, call) => {
      if (!call.clientId || !deps.events.narrow(call.clientId, 'chat.message', language === null ? null : (m) => isLaneQuestion(m, language))) {
        throw new HostError('chat.follow_needs_stream');
      }
      return { ok: true as const };
    },
    'chat.answer': ({ id, answered }, call) => {
      const message = store.setFlags(id, { answered });
      publishUpdated(message, byOf(call));
      return message;
    },
    'chat.star': ({ id, starred }, call) => {
      const message = store.setFlags(id, { starred });
      publishUpdated(message, byOf(call));
      return message;
    },
    'chat.hide': ({ id, hidden }, call) => {
      // By hand: hiddenBy null (a term's name is kept only for keyword moderation); showing it clears both.
      const message = store.setFlags(id, { hidden, hiddenBy: null });
      publishUpdated(message, byOf(call));
      return message;
    },
    'chat.pin': ({ id }) => {
      const message = store.get(id);
      if (message.text.length === 0) throw new HostError('chat.pin_empty', { id });
      const comment: PinnedComment = { id, platform: message.platform, authorName: message.authorName, text: message.text, at: message.at, pinnedAt: ctx.now() };
      store.setFlags(id, { pinnedAt: comment.pinnedAt });
      setPinned(comment);
      return comment;
    },
    'chat.unpin': () => {
      if (pinned) setPinned(null);
      return { ok: true as const };
    },
    'chat.pinned': () => ({ comment: pinned }),
    'chat.moderation': () => ({ terms: moderation.all() }),
    'chat.setModeration': ({ market, terms }) => {
      const all = moderation.replace(market, terms);
      ctx.meta.set(metaKeys.moderation, JSON.stringify(all));
      remoderate();
      return { terms: all };
    },
    'chat.privacy': () => ({ retentionDays: retentionDays() }),
    'chat.setPrivacy': async ({ retentionDays: days }) => {
      ctx.meta.set(metaKeys.retentionDays, String(days));
      // A run already going uses the old setting: wait for it, then run with the new one.
      if (retentionRun) await retentionRun.catch(() => 0);
      const removed = await applyRetention();
      return { retentionDays: days, removed };
    },
    'chat.forget': ({ platform, authorId, authorKey }) =>
      overwritingDeleted(async () => {
        const key = authorKey ?? authorKeys.keyOf(platform, authorId!);
        const ids = store.idsOfAuthor(platform, key);
        const messages = store.deleteAuthor(platform, key);
        if (pinned && ids.includes(pinned.id)) setPinned(null);
        const logEvents = await deps.sessionLog.forgetChatAuthor(key, ids);
        await emptyWal();
        ctx.bus.publish('chat.forgotten', { platform, authorKey: key, messages, logEvents }, ctx.now());
        return { messages, logEvents };
      }),
  };

  return {
    store,
    intake,
    authorKeys,
    handlers,
    applyRetention,
    pinned: () => pinned,
    /** Called with the pinned comment each time it changes (the OBS scene follows it). */
    onPinned(listener: (comment: PinnedComment | null) => void): () => void {
      pinListeners.add(listener);
      return () => pinListeners.delete(listener);
    },
    async start() {
      await authorKeys.load();
      // The detector loads while the host goes live, not with the first comments of the show.
      offLive.push(ctx.bus.on('session.started', () => languages.warm()), ctx.bus.on('session.resumed', () => languages.warm()));
      if (deps.sessionLog.live()) languages.warm();
      runRetention();
      retentionTimer = setInterval(runRetention, dayMs);
      retentionTimer.unref();
    },
    async stop() {
      if (retentionTimer) clearInterval(retentionTimer);
      await retentionRun?.catch(() => 0);
      for (const off of offLive.splice(0)) off();
      await languages.stop();
    },
  };
}
