import type { Database, Statement } from 'better-sqlite3';
import { prepared } from '../../db/prepared';
import type { LoggedEvent, SessionTimes } from '../gateways';

/**
 * Reads of the session log for other features (through the SessionLogGateway): the sales half's
 * attribution asks which session was live when an order was placed and what was on air in it. The
 * queries use the log's indexes (session_events_by_kind: one seek per kind and session), so an order's
 * attribution never scans a long session. Committed events only: the log writer holds the last few
 * milliseconds in memory.
 */
export class LoggedReads {
  private readonly sessionAt: Statement;
  private readonly sessionById: Statement;
  private readonly sessionTimes: Statement;
  private readonly sessionsOfScript: Statement;

  constructor(private readonly db: Database) {
    // The session an order placed at a time belongs to: the latest started by then that had not ended.
    // An interrupted one (the host died, the broadcast in OBS may well have gone on) covers the time
    // until it is resumed and ended, so orders placed while the host was down still count in it.
    // TikTok gives times in whole seconds: an order in a session's first second is in it, unless another
    // session really ran at that time (an order in the last second of one ended session belongs to it,
    // not to the next one started a moment later).
    this.sessionAt = db.prepare(
      `SELECT id FROM sessions WHERE started_at <= @at + 999 AND (status IN ('live', 'interrupted') OR ended_at >= @at)
       ORDER BY started_at <= @at DESC, started_at DESC LIMIT 1`,
    );
    this.sessionById = db.prepare('SELECT 1 FROM sessions WHERE id = ?');
    // One kind-index seek per session (a studio has hundreds of sessions, not millions).
    this.sessionsOfScript = db.prepare(
      `SELECT s.id FROM sessions s WHERE EXISTS (SELECT 1 FROM session_events e INDEXED BY session_events_by_kind
         WHERE e.session_id = s.id AND e.kind = 'prompter.loaded' AND json_extract(e.payload, '$.scriptId') = ?)
       ORDER BY s.started_at`,
    );
    this.sessionTimes = db.prepare('SELECT status, started_at, ended_at, last_event_at FROM sessions WHERE id = ?');
  }

  /** The session's logged events of these kinds up to `until`, in log order. */
  events(sessionId: string, kinds: readonly string[], until: number): LoggedEvent[] {
    if (kinds.length === 0) return [];
    // One statement per kind list (the callers ask with a few fixed lists), kept by prepared().
    const statement = prepared(
      this.db,
      `SELECT at, kind, payload FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) AND at <= ? ORDER BY at, seq`,
    );
    return (statement.all(sessionId, ...kinds, until) as { at: number; kind: string; payload: string }[]).map((r) => ({
      at: r.at,
      kind: r.kind,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  }

  sessionAtTime(at: number): string | null {
    return (this.sessionAt.get({ at }) as { id: string } | undefined)?.id ?? null;
  }

  sessionExists(sessionId: string): boolean {
    return this.sessionById.get(sessionId) !== undefined;
  }

  sessionsWithScript(scriptId: string): string[] {
    return (this.sessionsOfScript.all(scriptId) as { id: string }[]).map((r) => r.id);
  }

  times(sessionId: string): SessionTimes | null {
    const row = this.sessionTimes.get(sessionId) as { status: string; started_at: number; ended_at: number | null; last_event_at: number | null } | undefined;
    return row ? { status: row.status, startedAt: row.started_at, endedAt: row.ended_at, lastEventAt: row.last_event_at } : null;
  }
}
