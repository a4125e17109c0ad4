import { performance } from 'node:perf_hooks';
import { incomingChat, type IncomingChat, type IncomingChatParsed } from '../../../shared/contract/audience';
import type { HostContext } from '../../context';
import type { AuthorKeys } from './author-keys';
import { messageOf, type ChatStore, type NewChatRow } from './chat-store';
import type { Moderation } from './moderation';
import { looksLikeQuestion } from './questions';

/**
 * A slice (check and normalize, then, once the languages are back from their thread, one transaction and
 * the publishing) stops at this many messages or once it took this long, and the intake yields to the
 * event loop: a 500-message call is dozens of short turns, never one long one.
 */
const maxSliceMessages = 250;
const sliceBudgetMs = 2;

/** The languages of a slice's texts, in order (null: too short or unclear to tell). */
export type DetectLanguages = (texts: string[]) => Promise<(string | null)[]>;

/**
 * Comments in, from every source (platform readers through the AudienceGateway, bridges through
 * chat.ingest): normalized, the author pseudonymized (the author id is hashed here and dropped), the
 * language and question flag set, keyword moderation applied, stored in slices (one transaction each,
 * a yield in between, so 500 messages a second never stall the host), deduplicated by
 * `<platform>:<messageId>` (INSERT OR IGNORE: the same message from a reader and a bridge, or resent
 * after a reconnect, is stored once), and each new one published as `chat.message`.
 *
 * Calls are queued one after another, so messages are published in the order they were handed in and a
 * caller's promise resolves once its messages are stored (a reader saves its cursor after that).
 */
export class ChatIntake {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: HostContext,
    private readonly parts: {
      store: ChatStore;
      authorKeys: AuthorKeys;
      moderation: Moderation;
      detectLanguages: DetectLanguages;
      liveSession: () => { id: string; market: string } | null;
    },
  ) {}

  /** Validated messages (chat.ingest's input is parsed by the dispatcher). */
  receive(connectionId: string | null, messages: readonly IncomingChatParsed[]): Promise<{ accepted: number; duplicates: number }> {
    return this.enqueue(connectionId, messages, false);
  }

  /** Messages from a platform reader: each is checked against the contract; one that fails is dropped and reported. */
  receiveUnchecked(connectionId: string | null, messages: readonly IncomingChat[]): Promise<{ accepted: number; duplicates: number }> {
    return this.enqueue(connectionId, messages, true);
  }

  private enqueue(connectionId: string | null, messages: readonly unknown[], validate: boolean): Promise<{ accepted: number; duplicates: number }> {
    const run = this.queue.then(() => this.store(connectionId, messages, validate));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async store(connectionId: string | null, messages: readonly unknown[], validate: boolean): Promise<{ accepted: number; duplicates: number }> {
    let accepted = 0;
    let invalid = 0;
    let firstProblem: string | null = null;
    let next = 0;
    while (next < messages.length) {
      await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      const session = this.parts.liveSession();
      const receivedAt = this.ctx.now();
      const rows: NewChatRow[] = [];
      // Half the budget for checking and normalizing, the rest for the transaction and the publishing.
      while (next < messages.length && rows.length < maxSliceMessages && (rows.length === 0 || performance.now() - started < sliceBudgetMs / 2)) {
        const message = messages[next++];
        if (validate) {
          const parsed = incomingChat.safeParse(message);
          if (!parsed.success) {
            invalid++;
            firstProblem ??= parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
            continue;
          }
          rows.push(this.normalize(connectionId, parsed.data, session, receivedAt));
        } else {
          rows.push(this.normalize(connectionId, message as IncomingChatParsed, session, receivedAt));
        }
      }
      if (rows.length === 0) continue;
      const languages = await this.parts.detectLanguages(rows.map((row) => row.text));
      rows.forEach((row, i) => {
        row.language = languages[i] ?? null;
        row.question = looksLikeQuestion(row.text, row.language);
      });
      const inserted = this.parts.store.insert(rows);
      accepted += inserted.length;
      for (const row of inserted) this.ctx.bus.publish('chat.message', messageOf(row), receivedAt);
    }
    if (invalid > 0) {
      this.ctx.reportError('audience', 'chat_invalid', `A chat reader (${connectionId ?? 'bridge'}) handed in ${invalid} malformed messages, dropped: ${firstProblem}`);
    }
    return { accepted, duplicates: messages.length - invalid - accepted };
  }

  /** A comment as stored, but for its language and question flag. */
  private normalize(connectionId: string | null, m: IncomingChatParsed, session: { id: string; market: string } | null, receivedAt: number): NewChatRow {
    const text = m.text.normalize('NFC').trim();
    const hiddenBy = this.parts.moderation.match(text, session?.market ?? null);
    return {
      id: `${m.platform}:${m.messageId}`,
      platform: m.platform,
      connectionId,
      messageId: m.messageId,
      sessionId: session?.id ?? null,
      at: m.at ?? receivedAt,
      receivedAt,
      authorName: m.authorName.normalize('NFC'),
      authorKey: this.parts.authorKeys.keyOf(m.platform, m.authorId),
      text,
      kind: m.kind,
      amount: m.amount ?? null,
      // Set once the slice's languages are back (store).
      language: null,
      question: false,
      hidden: hiddenBy !== null,
      hiddenBy,
    };
  }
}
