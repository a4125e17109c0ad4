import type { Database } from 'better-sqlite3';
import { prepared } from '../../db/prepared';
import type { LogWriter } from './log-writer';
import type { SessionStore } from './session-store';

/** Events of one session handled per transaction: small enough never to hold the event loop long. */
const chunkRows = 2000;

const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Viewer privacy in the session log (the audience feature asks through the SessionLogGateway):
 * - retention: the text of comments (`chat.message`, and the pinned comment's text and display name in
 *   `chat.pinned`) older than the chat retention is blanked; the event stays, so the review still counts it;
 * - erasure: every event of one viewer (their `chat.message`s, and the `chat.updated`/`chat.pinned` of those
 *   messages) is deleted, and the session's counters are rebuilt from what is left.
 * Both flush the writer first, so events still queued in memory are covered too.
 */
export class ChatLogPrivacy {
  constructor(
    private readonly db: Database,
    private readonly writer: LogWriter,
    private readonly store: SessionStore,
  ) {}

  /** Blanks comment texts logged in [from, before); answers how many events changed. */
  async blankTexts(from: number, before: number): Promise<number> {
    this.writer.flushAll();
    let changed = 0;
    const sessions = prepared(
      this.db,
      'SELECT id FROM sessions WHERE started_at < ? AND coalesce(last_event_at, started_at) >= ?',
    ).pluck().all(before, from) as string[];
    for (const sessionId of sessions) {
      for (const [kind, blank] of [
        ['chat.message', `json_set(payload, '$.text', '')`],
        ['chat.pinned', `json_set(payload, '$.comment.text', '', '$.comment.authorName', '')`],
      ] as const) {
        for (;;) {
          const n = prepared(
            this.db,
            `UPDATE session_events SET payload = ${blank}
              WHERE session_id = ? AND kind = ? AND seq IN (
                SELECT seq FROM session_events INDEXED BY session_events_by_kind
                 WHERE session_id = ? AND kind = ? AND at >= ? AND at < ?
                   AND (coalesce(json_extract(payload, '$.text'), '') <> '' OR coalesce(json_extract(payload, '$.comment.text'), '') <> ''
                        OR coalesce(json_extract(payload, '$.comment.authorName'), '') <> '')
                 LIMIT ${chunkRows})`,
          ).run(sessionId, kind, sessionId, kind, from, before).changes;
          changed += n;
          if (n < chunkRows) break;
          await yieldToLoop();
        }
      }
    }
    return changed;
  }

  /**
   * Deletes one viewer's events from every session: their comments by `authorKey`, and the updates and
   * pins of those comments by id. Answers how many events went.
   */
  async forgetAuthor(authorKey: string, messageIds: readonly string[]): Promise<number> {
    this.writer.flushAll();
    const ids = new Set(messageIds);
    let deleted = 0;
    const sessions = prepared(
      this.db,
      `SELECT DISTINCT session_id FROM session_events INDEXED BY session_events_by_kind
        WHERE session_id IN (SELECT id FROM sessions) AND kind = 'chat.message'`,
    ).pluck().all() as string[];
    for (const sessionId of sessions) {
      const seqs: number[] = [];
      const rows = prepared(
        this.db,
        `SELECT seq, kind, json_extract(payload, '$.authorKey') AS authorKey, json_extract(payload, '$.id') AS id,
                json_extract(payload, '$.comment.id') AS pinnedId
           FROM session_events INDEXED BY session_events_by_kind
          WHERE session_id = ? AND kind IN ('chat.message', 'chat.updated', 'chat.pinned')`,
      ).all(sessionId) as { seq: number; kind: string; authorKey: string | null; id: string | null; pinnedId: string | null }[];
      for (const row of rows) {
        if (row.kind === 'chat.message' ? row.authorKey === authorKey || (row.id !== null && ids.has(row.id)) : ids.has(row.id ?? row.pinnedId ?? '')) {
          seqs.push(row.seq);
        }
      }
      if (seqs.length === 0) continue;
      for (let i = 0; i < seqs.length; i += chunkRows) {
        const slice = seqs.slice(i, i + chunkRows);
        this.db.transaction(() => {
          const remove = prepared(this.db, 'DELETE FROM session_events WHERE session_id = ? AND seq = ?');
          for (const seq of slice) deleted += remove.run(sessionId, seq).changes;
        })();
        await yieldToLoop();
      }
      this.store.rebuildAggregates(sessionId);
    }
    return deleted;
  }
}
