import type { Database, Statement } from 'better-sqlite3';
import { HostError, type MethodParsedInput } from '../../../shared/contract';
import type { ChatAmount, ChatKind, ChatMessage } from '../../../shared/contract/audience';
import { prepared } from '../../db/prepared';

interface ChatRow {
  id: string;
  platform: string;
  connection_id: string | null;
  message_id: string;
  session_id: string | null;
  at: number;
  received_at: number;
  author_name: string;
  author_key: string;
  text: string;
  kind: ChatKind;
  amount: string | null;
  language: string | null;
  question: number;
  starred: number;
  answered: number;
  hidden: number;
  hidden_by: string | null;
  pinned_at: number | null;
}

/** A message as it is stored: `question` here is what the text looks like; a starred one counts too (see toMessage). */
export interface NewChatRow {
  id: string;
  platform: string;
  connectionId: string | null;
  messageId: string;
  sessionId: string | null;
  at: number;
  receivedAt: number;
  authorName: string;
  authorKey: string;
  text: string;
  kind: ChatKind;
  amount: ChatAmount | null;
  language: string | null;
  question: boolean;
  hiddenBy: string | null;
  hidden: boolean;
}

function toMessage(row: ChatRow): ChatMessage {
  return {
    id: row.id,
    platform: row.platform,
    connectionId: row.connection_id,
    messageId: row.message_id,
    at: row.at,
    authorName: row.author_name,
    authorKey: row.author_key,
    text: row.text,
    kind: row.kind,
    amount: row.amount ? (JSON.parse(row.amount) as ChatAmount) : null,
    language: row.language,
    // The question queue holds what looks like a question and what the host starred.
    question: row.question === 1 || row.starred === 1,
    starred: row.starred === 1,
    answered: row.answered === 1,
    hidden: row.hidden === 1,
    hiddenBy: row.hidden_by,
    sessionId: row.session_id,
  };
}

export function messageOf(row: NewChatRow): ChatMessage {
  return {
    id: row.id,
    platform: row.platform,
    connectionId: row.connectionId,
    messageId: row.messageId,
    at: row.at,
    authorName: row.authorName,
    authorKey: row.authorKey,
    text: row.text,
    kind: row.kind,
    amount: row.amount,
    language: row.language,
    question: row.question,
    starred: false,
    answered: false,
    hidden: row.hidden,
    hiddenBy: row.hiddenBy,
    sessionId: row.sessionId,
  };
}

export type ChatListFilter = MethodParsedInput<'chat.list'>;

/** The `chat_messages` table (migration 008): comments, deduplicated by `<platform>:<messageId>`. */
export class ChatStore {
  private readonly insertRow: Statement;
  private readonly rowById: Statement;
  private readonly insertMany: (rows: NewChatRow[]) => NewChatRow[];

  constructor(private readonly db: Database) {
    this.insertRow = db.prepare(
      `INSERT OR IGNORE INTO chat_messages
         (id, platform, connection_id, message_id, session_id, at, received_at, author_name, author_key, text, kind, amount,
          language, question, hidden, hidden_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.rowById = db.prepare('SELECT * FROM chat_messages WHERE id = ?');
    this.insertMany = db.transaction((rows: NewChatRow[]) => {
      const inserted: NewChatRow[] = [];
      for (const r of rows) {
        const result = this.insertRow.run(
          r.id,
          r.platform,
          r.connectionId,
          r.messageId,
          r.sessionId,
          r.at,
          r.receivedAt,
          r.authorName,
          r.authorKey,
          r.text,
          r.kind,
          r.amount ? JSON.stringify(r.amount) : null,
          r.language,
          r.question ? 1 : 0,
          r.hidden ? 1 : 0,
          r.hiddenBy,
        );
        if (result.changes === 1) inserted.push(r);
      }
      return inserted;
    });
  }

  /** Inserts in one transaction; answers the rows that were new (a known id is a duplicate, left as it was). */
  insert(rows: NewChatRow[]): NewChatRow[] {
    return rows.length === 0 ? [] : this.insertMany(rows);
  }

  find(id: string): ChatMessage | null {
    const row = this.rowById.get(id) as ChatRow | undefined;
    return row ? toMessage(row) : null;
  }

  get(id: string): ChatMessage {
    const found = this.find(id);
    if (!found) throw new HostError('chat.not_found', { id });
    return found;
  }

  /** Sets flags of one message and answers it as it is now. */
  setFlags(id: string, flags: { answered?: boolean; starred?: boolean; hidden?: boolean; hiddenBy?: string | null; pinnedAt?: number | null }): ChatMessage {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    const set = (column: string, value: string | number | null) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (flags.answered !== undefined) set('answered', flags.answered ? 1 : 0);
    if (flags.starred !== undefined) set('starred', flags.starred ? 1 : 0);
    if (flags.hidden !== undefined) set('hidden', flags.hidden ? 1 : 0);
    if (flags.hiddenBy !== undefined) set('hidden_by', flags.hiddenBy);
    if (flags.pinnedAt !== undefined) set('pinned_at', flags.pinnedAt);
    if (sets.length > 0) {
      const result = prepared(this.db, `UPDATE chat_messages SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      if (result.changes === 0) throw new HostError('chat.not_found', { id });
    }
    return this.get(id);
  }

  /**
   * Recent messages, newest last: of one session (`sessionId`), or since `since` when none is live.
   * Hidden ones only when asked; `questionsOnly` includes starred ones, `openOnly` leaves answered out.
   */
  list(scope: { sessionId: string } | { since: number }, filter: ChatListFilter): ChatMessage[] {
    const where: string[] = [];
    const values: (string | number)[] = [];
    const add = (clause: string, ...params: (string | number)[]) => {
      where.push(clause);
      values.push(...params);
    };
    if ('sessionId' in scope) add('session_id = ?', scope.sessionId);
    else add('at >= ?', scope.since);
    if (filter.platform) add('platform = ?', filter.platform);
    if (filter.language) {
      // `zh` finds zh-CN and zh-TW; `zh-CN` finds only itself.
      add("(lower(language) = lower(?) OR lower(language) LIKE lower(?) || '-%')", filter.language, filter.language);
    }
    if (filter.questionsOnly || filter.openOnly) where.push('(question = 1 OR starred = 1)');
    if (filter.openOnly) where.push('answered = 0');
    if (!filter.includeHidden) where.push('hidden = 0');
    const sql = `SELECT * FROM chat_messages WHERE ${where.join(' AND ')} ORDER BY at DESC, rowid DESC LIMIT ?`;
    const rows = prepared(this.db, sql).all(...values, filter.limit) as ChatRow[];
    return rows.reverse().map(toMessage);
  }

  /** Every message of one author on one platform (for "forget a viewer"). */
  idsOfAuthor(platform: string, authorKey: string): string[] {
    return prepared(this.db, 'SELECT id FROM chat_messages WHERE platform = ? AND author_key = ?')
      .pluck()
      .all(platform, authorKey) as string[];
  }

  deleteAuthor(platform: string, authorKey: string): number {
    return prepared(this.db, 'DELETE FROM chat_messages WHERE platform = ? AND author_key = ?').run(platform, authorKey).changes;
  }

  /**
   * Blanks the text and display name of up to `limit` messages sent before `before` (retention); answers
   * how many. Called in a loop with a yield in between, so a big purge never holds the event loop.
   */
  blankOlderThan(before: number, limit: number): number {
    return prepared(
      this.db,
      `UPDATE chat_messages SET text = '', author_name = ''
        WHERE rowid IN (SELECT rowid FROM chat_messages WHERE at < ? AND (text <> '' OR author_name <> '') LIMIT ?)`,
    ).run(before, limit).changes;
  }
}
