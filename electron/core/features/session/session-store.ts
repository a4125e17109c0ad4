import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import { prepared } from '../../db/prepared';
import type { MethodParsedInput } from '../../../shared/contract';
import { sessionPlatformKinds, type Session, type SessionStatus } from '../../../shared/contract/session';
import { rebuildReviewAggregates } from './review-aggregates';
import { healthBucketMs } from './health-sample';

interface SessionRow {
  id: string;
  title: string;
  market: string;
  hosts: string;
  languages: string;
  notes: string;
  status: SessionStatus;
  started_at: number;
  ended_at: number | null;
  last_event_at: number | null;
  event_count: number;
}

export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    title: row.title,
    market: row.market,
    hosts: JSON.parse(row.hosts) as string[],
    languages: JSON.parse(row.languages) as string[],
    notes: row.notes,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    lastEventAt: row.last_event_at,
    eventCount: row.event_count,
  };
}

const platformKindList = sessionPlatformKinds.map((k) => `'${k}'`).join(', ');

export type ListFilter = MethodParsedInput<'session.list'>;

/** The `sessions` table: one row per broadcast. Events are written by the LogWriter, not here. */
export class SessionStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly insertRow: Statement;
  private readonly rowById: Statement;
  private readonly liveRow: Statement;
  private readonly rowsByStatus: Statement;
  private readonly updateStatus: Statement;
  private readonly idsOlderThan: Statement;
  private readonly chunkEnd: Statement;
  private readonly deleteEventsUpTo: Statement;
  private readonly deleteAllEvents: Statement;
  private readonly deleteRow: Statement;
  private readonly recount: Statement;
  private readonly deleteKindCounts: Statement;
  private readonly insertKindCounts: Statement;
  private readonly deleteHealth: Statement;
  private readonly insertHealth: Statement;

  constructor(private readonly db: Database) {
    this.insertRow = db.prepare(
      `INSERT INTO sessions (id, title, market, hosts, languages, notes, status, started_at, ended_at, last_event_at, event_count)
       VALUES (@id, @title, @market, @hosts, @languages, @notes, @status, @startedAt, @endedAt, @lastEventAt, @eventCount)`,
    );
    this.rowById = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.liveRow = db.prepare(`SELECT * FROM sessions WHERE status = 'live'`);
    this.rowsByStatus = db.prepare('SELECT * FROM sessions WHERE status = ?');
    this.updateStatus = db.prepare(
      `UPDATE sessions SET status = @status,
         ended_at = CASE WHEN @setEnded THEN @endedAt ELSE ended_at END,
         interrupted_at = CASE WHEN @setInterrupted THEN @interruptedAt ELSE interrupted_at END
       WHERE id = @id`,
    );
    this.idsOlderThan = db.prepare(`SELECT id FROM sessions WHERE status <> 'live' AND coalesce(ended_at, last_event_at, started_at) < ?`);
    this.chunkEnd = db.prepare('SELECT seq FROM session_events WHERE session_id = ? ORDER BY seq LIMIT 1 OFFSET ?');
    this.deleteEventsUpTo = db.prepare('DELETE FROM session_events WHERE session_id = ? AND seq <= ?');
    this.deleteAllEvents = db.prepare('DELETE FROM session_events WHERE session_id = ?');
    this.deleteRow = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.recount = db.prepare(
      `UPDATE sessions SET
           event_count = (SELECT count(*) FROM session_events WHERE session_id = @id),
           last_event_at = (SELECT max(at) FROM session_events WHERE session_id = @id)
         WHERE id = @id`,
    );
    this.deleteKindCounts = db.prepare('DELETE FROM session_kind_counts WHERE session_id = ?');
    this.insertKindCounts = db.prepare(
      `INSERT INTO session_kind_counts (session_id, kind, n)
         SELECT session_id, kind, count(*) FROM session_events WHERE session_id = ? GROUP BY kind`,
    );
    this.deleteHealth = db.prepare('DELETE FROM session_health WHERE session_id = ?');
    this.insertHealth = db.prepare(
      `INSERT INTO session_health (session_id, bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max,
                                     skipped_max, congestion_max, bps_sum, bps_n)
         SELECT session_id, (at / ${healthBucketMs}) * ${healthBucketMs}, count(*), min(fps), sum(fps), count(fps),
                max(cpu), max(dropped), max(max(coalesce(rs, os), coalesce(os, rs))), max(congestion), sum(bps), count(bps)
         FROM (SELECT session_id, at,
                      CASE WHEN json_type(payload, '$.fps') IN ('integer', 'real') THEN json_extract(payload, '$.fps') END AS fps,
                      CASE WHEN json_type(payload, '$.cpuPct') IN ('integer', 'real') THEN json_extract(payload, '$.cpuPct') END AS cpu,
                      CASE WHEN json_type(payload, '$.droppedPct') IN ('integer', 'real') THEN json_extract(payload, '$.droppedPct') END AS dropped,
                      CASE WHEN json_type(payload, '$.renderSkippedPct') IN ('integer', 'real') THEN json_extract(payload, '$.renderSkippedPct') END AS rs,
                      CASE WHEN json_type(payload, '$.outputSkippedPct') IN ('integer', 'real') THEN json_extract(payload, '$.outputSkippedPct') END AS os,
                      CASE WHEN json_type(payload, '$.congestion') IN ('integer', 'real') THEN json_extract(payload, '$.congestion') END AS congestion,
                      CASE WHEN json_type(payload, '$.bytesPerSec') IN ('integer', 'real') THEN json_extract(payload, '$.bytesPerSec') END AS bps
               FROM session_events WHERE session_id = ? AND kind = 'stream.health')
         GROUP BY 2`,
    );
  }

  insert(session: Session): void {
    this.insertRow.run({ ...session, hosts: JSON.stringify(session.hosts), languages: JSON.stringify(session.languages) });
  }

  find(id: string): Session | null {
    const row = this.rowById.get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  get(id: string): Session {
    const session = this.find(id);
    if (!session) throw new HostError('session.not_found', { id });
    return session;
  }

  live(): Session | null {
    const row = this.liveRow.get() as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  byStatus(status: SessionStatus): Session[] {
    return (this.rowsByStatus.all(status) as SessionRow[]).map(toSession);
  }

  setStatus(id: string, status: SessionStatus, changes: { endedAt?: number | null; interruptedAt?: number | null } = {}): void {
    this.updateStatus.run({
      id,
      status,
      setEnded: changes.endedAt !== undefined ? 1 : 0,
      endedAt: changes.endedAt ?? null,
      setInterrupted: changes.interruptedAt !== undefined ? 1 : 0,
      interruptedAt: changes.interruptedAt ?? null,
    });
  }

  list(filter: ListFilter): { sessions: Session[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (clause: string, name: string, value: unknown) => {
      where.push(clause);
      params[name] = value;
    };
    if (filter.from !== undefined) add('started_at >= @from', 'from', filter.from);
    if (filter.to !== undefined) add('started_at <= @to', 'to', filter.to);
    if (filter.market) add('market = @market COLLATE NOCASE', 'market', filter.market);
    if (filter.status) add('status = @status', 'status', filter.status);
    if (filter.host) {
      where.push(`EXISTS (SELECT 1 FROM json_each(sessions.hosts) WHERE json_each.value LIKE @host ESCAPE '\\')`);
      params.host = `%${filter.host.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.product) {
      add(
        `EXISTS (SELECT 1 FROM session_spans sp JOIN products p ON p.id = sp.product_id
                 WHERE sp.session_id = sessions.id AND sp.lane = 'product' AND p.sku = @product)`,
        'product',
        filter.product,
      );
    }
    if (filter.platform) {
      // By the kind index: the few events that name a platform (pushes, viewer readings, orders) and the pre-flight.
      add(
        `(EXISTS (SELECT 1 FROM session_events e INDEXED BY session_events_by_kind
                  WHERE e.session_id = sessions.id AND e.kind IN (${platformKindList}) AND json_extract(e.payload, '$.platform') = @platform)
          OR EXISTS (SELECT 1 FROM session_events e INDEXED BY session_events_by_kind, json_each(e.payload, '$.platforms') p
                  WHERE e.session_id = sessions.id AND e.kind = 'session.preflight' AND p.value = @platform))`,
        'platform',
        filter.platform,
      );
    }
    // filter.studio: this PC holds one studio's sessions (its own), so it narrows nothing here.
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // The WHERE depends on which filters are set: one kept statement per combination.
    const total = (prepared(this.db, `SELECT count(*) AS n FROM sessions ${clause}`).get(params) as { n: number }).n;
    const rows = prepared(this.db, `SELECT * FROM sessions ${clause} ORDER BY started_at DESC, id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.limit, offset: filter.offset }) as SessionRow[];
    return { sessions: rows.map(toSession), total };
  }

  /** Ids of sessions (not live) whose last activity is older than the cutoff: for retention. */
  olderThan(cutoff: number): string[] {
    return (this.idsOlderThan.all(cutoff) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Deletes one chunk of a session's events (a million rows at once would stall the host for seconds);
   * returns how many went. When none are left, deletes the session row (its aggregates cascade).
   */
  deleteChunk(id: string, chunk = 20_000): number {
    return this.db.transaction(() => {
      const upTo = this.chunkEnd.get(id, chunk - 1) as { seq: number } | undefined;
      const deleted = upTo ? this.deleteEventsUpTo.run(id, upTo.seq).changes : this.deleteAllEvents.run(id).changes;
      if (!upTo) this.deleteRow.run(id);
      return deleted;
    })();
  }

  /**
   * Recomputes a session's counters and pre-aggregated tables from its events (after an import). The
   * writer keeps them up to date incrementally; this is the same result computed from scratch.
   */
  rebuildAggregates(id: string): void {
    this.db.transaction(() => {
      this.recount.run({ id });
      this.deleteKindCounts.run(id);
      this.insertKindCounts.run(id);
      this.deleteHealth.run(id);
      this.insertHealth.run(id);
      rebuildReviewAggregates(this.db, id);
    })();
  }
}
