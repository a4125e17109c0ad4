import { performance } from 'node:perf_hooks';
import type { HostEvent } from '../../../../shared/contract';
import type { EventBus } from '../../../bus';
import type { SessionLogGateway } from '../../gateways';
import { onAirKinds, type OnAirEvent } from './attribution';

/** What attribution reads of the session log, through the session feature's gateway. */
export type OnAirLogReads = Pick<SessionLogGateway, 'live' | 'loggedEvents' | 'sessionAtTime' | 'sessionExists' | 'sessionsWithScript' | 'sessionTimes'>;

/**
 * The session log as attribution reads it: the on-air kinds of one session (asked of the session
 * feature, which reads them with the log's kind index), plus what the bus carried in the last moments
 * and the log writer may still hold in memory (it commits every 50 ms). Both are the same events, so
 * duplicates are dropped by (time, kind, payload).
 */
export class OnAirLog {
  /** Recent on-air events from the bus, with the session each belongs to (the live one when published). */
  private tail: (OnAirEvent & { sessionId: string; receivedAt: number })[] = [];
  private liveSessionId: string | null = null;
  private unsubscribe: (() => void)[] = [];

  /** How long a bus event is kept besides the log: many times the writer's commit window. */
  static readonly tailMs = 10_000;

  constructor(
    private readonly log: OnAirLogReads,
    private readonly bus: EventBus,
  ) {}

  start(): void {
    this.liveSessionId = this.log.live()?.id ?? null;
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
    return this.log.sessionExists(sessionId);
  }

  /** The sessions whose log has the script loaded in the prompter, oldest first (committed events only). */
  sessionsRunning(scriptId: string): string[] {
    return this.log.sessionsWithScript(scriptId);
  }

  /** Where a session's time ends for the review: its end, now while it is live, else its last event. */
  sessionEnd(sessionId: string, now: number): number {
    const times = this.log.sessionTimes(sessionId);
    if (!times) return now;
    if (times.endedAt !== null) return times.endedAt;
    if (times.status === 'live') return now;
    return times.lastEventAt ?? times.startedAt;
  }

  /** The session that was live at `at`: the live one when it had started by then, else one from the log. */
  sessionAtTime(at: number): string | null {
    return this.log.sessionAtTime(at);
  }

  /** The session's on-air events up to `until`, in log order. */
  events(sessionId: string, until: number): OnAirEvent[] {
    return this.read(onAirKinds, sessionId, until);
  }

  /** The session's viewer readings (audience.viewers) up to `until`. */
  viewerReadings(sessionId: string, until = Number.MAX_SAFE_INTEGER): OnAirEvent[] {
    return this.read(viewerKinds, sessionId, until);
  }

  private read(kinds: readonly string[], sessionId: string, until: number): OnAirEvent[] {
    const rows: OnAirEvent[] = this.log.loggedEvents(sessionId, kinds, until);
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

const viewerKinds = ['audience.viewers'] as const;
const tailKinds = new Set<string>([...onAirKinds, 'audience.viewers']);

const key = (e: OnAirEvent) => `${e.at}|${e.kind}|${JSON.stringify(e.payload)}`;
