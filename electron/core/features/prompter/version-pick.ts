import type { Database, Statement } from 'better-sqlite3';
import type { Script } from '../../../shared/contract/prompter';

/**
 * Which A/B version a script loads with when the host names none and the script alternates
 * (versionPick "alternate"): within a live session, the version it already ran in that session (a reload
 * keeps it); otherwise the version the fewest other sessions ran, and among equals the one after the
 * version used last, in the script's order. The count is read from the session log's `prompter.loaded`
 * events (the log is the record of what ran: a deleted session no longer counts, an imported one does),
 * one index seek per session. Reads only: the session feature owns the log's tables.
 */
export class VersionRotation {
  private readonly usesOf: Statement;
  private readonly inSession: Statement;
  private readonly liveSession: Statement;
  /** Picks made in the live session not yet committed by the log writer (it commits every 50 ms). */
  private readonly recent = new Map<string, { sessionId: string; version: string }>();

  constructor(db: Database) {
    this.usesOf = db.prepare(
      `SELECT json_extract(e.payload, '$.version') AS version, count(DISTINCT e.session_id) AS sessions, max(e.at) AS lastAt
       FROM sessions s JOIN session_events e INDEXED BY session_events_by_kind ON e.session_id = s.id AND e.kind = 'prompter.loaded'
       WHERE s.id IS NOT @live AND json_extract(e.payload, '$.scriptId') = @scriptId
       GROUP BY 1`,
    );
    this.inSession = db.prepare(
      `SELECT json_extract(payload, '$.version') AS version FROM session_events INDEXED BY session_events_by_kind
       WHERE session_id = @live AND kind = 'prompter.loaded' AND json_extract(payload, '$.scriptId') = @scriptId
       ORDER BY seq DESC LIMIT 1`,
    );
    this.liveSession = db.prepare(`SELECT id FROM sessions WHERE status = 'live'`);
  }

  /** The live session's id, or null. */
  live(): string | null {
    return (this.liveSession.get() as { id: string } | undefined)?.id ?? null;
  }

  pick(script: Script): string {
    const names = script.versions.map((v) => v.name);
    const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
    const live = this.live();
    if (live) {
      const recent = this.recent.get(script.id);
      const here = recent?.sessionId === live ? recent.version : (this.inSession.get({ live, scriptId: script.id }) as { version: unknown } | undefined)?.version;
      const kept = typeof here === 'string' ? byLower.get(here.toLowerCase()) : undefined;
      if (kept) return kept;
    }
    const counts = new Map(names.map((n) => [n, { sessions: 0, lastAt: -Infinity }]));
    for (const row of this.usesOf.all({ live, scriptId: script.id }) as { version: unknown; sessions: number; lastAt: number }[]) {
      const name = typeof row.version === 'string' ? byLower.get(row.version.toLowerCase()) : undefined;
      if (!name) continue;
      const c = counts.get(name)!;
      c.sessions += row.sessions;
      c.lastAt = Math.max(c.lastAt, row.lastAt);
    }
    const fewest = Math.min(...[...counts.values()].map((c) => c.sessions));
    let lastIndex = -1;
    let lastAt = -Infinity;
    names.forEach((n, i) => {
      if (counts.get(n)!.lastAt > lastAt) [lastAt, lastIndex] = [counts.get(n)!.lastAt, i];
    });
    // In turn: start looking just after the version used last.
    for (let step = 1; step <= names.length; step++) {
      const name = names[(lastIndex + step) % names.length]!;
      if (counts.get(name)!.sessions === fewest) return name;
    }
    return names[0]!;
  }

  /** Remembers what the live session runs, until the log has it. */
  ran(scriptId: string, version: string): void {
    const live = this.live();
    if (live) this.recent.set(scriptId, { sessionId: live, version });
  }
}
