import type { Database, Statement } from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { HostEvent } from '../../../../shared/contract';
import type { EventBus } from '../../../bus';
import { onAirKinds, type OnAirEvent } from './attribution';

/**
 * The session log as attribution reads it: the on-air kinds of one session (session_events, read with the
 * log's kind index), plus what the bus carried in the last moments and the log writer may still hold in
 * memory (it commits every 50 ms). Both are the same events, so duplicates are dropped by (time, kind,
 * payload). Reads only: the session feature owns the log's tables.
 */
export class OnAirLog {
  private readonly select: Statement;
  private readonly selectViewers: Statement;
  private readonly sessionAt: Statement;
  private readonly sessionRow: Statement;
  private readonly sessionById: Statement;
  private readonly sessionTimes: Statement;
  private readonly sessionsOfScript: Statement;
  /** Recent on-air events from the bus, with the session each belongs to (the live one when published). */
  private tail: (OnAirEvent & { sessionId: string; receivedAt: number })[] = [];
  private liveSessionId: string | null = null;
  private unsubscribe: (() => void)[] = [];

  /** How long a bus event is kept besides the log: many times the writer's commit window. */
  static readonly tailMs = 10_000;

  constructor(
    db: Database,
    private readonly bus: EventBus,
  ) {
    const marks = onAirKinds.map(() => '?').join(', ');
    this.select = db.prepare(
      `SELECT at, kind, payload FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind IN (${marks}) AND at <= ? ORDER BY at, seq`,
    );
    this.selectViewers = db.prepare(
      `SELECT at, kind, payload FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = ? AND kind IN (?) AND at <= ? ORDER BY at, seq`,
    );
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
    this.sessionRow = db.prepare(`SELECT id FROM sessions WHERE status = 'live'`);
    this.sessionById = db.prepare('SELECT 1 FROM sessions WHERE id = ?');
    // One kind-index seek per session (a studio has hundreds of sessions, not millions).
    this.sessionsOfScript = db.prepare(
      `SELECT s.id FROM sessions s WHERE EXISTS (SELECT 1 FROM session_events e INDEXED BY session_events_by_kind
         WHERE e.session_id = s.id AND e.kind = 'prompter.loaded' AND json_extract(e.payload, '$.scriptId') = ?)
       ORDER BY s.started_at`,
    );
    this.sessionTimes = db.prepare('SELECT status, started_at, ended_at, last_event_at FROM sessions WHERE id = ?');
  }

  start(): void {
    this.liveSessionId = (this.sessionRow.get() as { id: string } | undefined)?.id ?? null;
    this.unsubscribe.push(
      this.bus.on('session.started', (e) => (this.liveSessionId = e.payload.sessionId)),
      this.bus.on('session.resumed', (e) => (this.liveSessionId = e.payload.sessionId)),
      this.bus.on('session.ended', () => (this.liveSessionId = null)),
    );
    // By name, not bus.on: audience.viewers belongs to another half of the feature and may not be declared yet.
    this.unsubscribe.push(this.bus.subscribeAll((e) => tailKinds.has(e.name) && this.keep(e)));
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The live session now, null outside one. */
  live(): string | null {
    return this.liveSessionId;
  }

  sessionExists(sessionId: string): boolean {
    return this.sessionById.get(sessionId) !== undefined;
  }

  /** The sessions whose log has the script loaded in the prompter, oldest first (committed events only). */
  sessionsRunning(scriptId: string): string[] {
    return (this.sessionsOfScript.all(scriptId) as { id: string }[]).map((r) => r.id);
  }

  /** Where a session's time ends for the review: its end, now while it is live, else its last event. */
  sessionEnd(sessionId: string, now: number): number {
    const row = this.sessionTimes.get(sessionId) as { status: string; started_at: number; ended_at: number | null; last_event_at: number | null } | undefined;
    if (!row) return now;
    if (row.ended_at !== null) return row.ended_at;
    if (row.status === 'live') return now;
    return row.last_event_at ?? row.started_at;
  }

  /** The session that was live at `at`: the live one when it had started by then, else one from the log. */
  sessionAtTime(at: number): string | null {
    const row = this.sessionAt.get({ at }) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** The session's on-air events up to `until`, in log order. */
  events(sessionId: string, until: number): OnAirEvent[] {
    return this.read(this.select, onAirKinds, sessionId, until);
  }

  /** The session's viewer readings (audience.viewers) up to `until`. */
  viewerReadings(sessionId: string, until = Number.MAX_SAFE_INTEGER): OnAirEvent[] {
    return this.read(this.selectViewers, ['audience.viewers'], sessionId, until);
  }

  private read(statement: Statement, kinds: readonly string[], sessionId: string, until: number): OnAirEvent[] {
    const rows = (statement.all(sessionId, ...kinds, until) as { at: number; kind: string; payload: string }[]).map((r) => ({
      at: r.at,
      kind: r.kind,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
    const seen = new Set(rows.map(key));
    const extra = this.tail.filter((e) => e.sessionId === sessionId && e.at <= until && kinds.includes(e.kind) && !seen.has(key(e)));
    if (extra.length === 0) return rows;
    return [...rows, ...extra.map(({ at, kind, payload }) => ({ at, kind, payload }))].sort((a, b) => a.at - b.at);
  }

  private keep(event: HostEvent): void {
    const sessionId = event.name === 'session.started' ? (event.payload as { sessionId: string }).sessionId : this.liveSessionId;
    if (!sessionId) return;
    // Pruned by when they arrived (an event may carry an earlier or later time than its arrival).
    const receivedAt = performance.now();
    const cutoff = receivedAt - OnAirLog.tailMs;
    if (this.tail.length > 0 && this.tail[0]!.receivedAt < cutoff) this.tail = this.tail.filter((e) => e.receivedAt >= cutoff);
    this.tail.push({ at: event.at, kind: event.name, payload: event.payload as Record<string, unknown>, sessionId, receivedAt });
  }
}

const tailKinds = new Set<string>([...onAirKinds, 'audience.viewers']);

const key = (e: OnAirEvent) => `${e.at}|${e.kind}|${JSON.stringify(e.payload)}`;
