import crypto from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Database, Statement } from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { HostError } from '../../../shared/contract';
import type { FleetState } from '../../../shared/contract/fleet';
import { prepared } from '../../db/prepared';
import { checkCentralSchema } from './central-schema';
import { LocalAggregates, sendAggregates } from './sync-aggregates';
import { classifyFailure, clientConfig, parseCentralUrl, type CentralTarget } from './central-connection';

/**
 * Copies this PC's session logs to the central PostgreSQL, offline first.
 *
 * - One session at a time: the live one first (so it is central within seconds), then the others
 *   oldest first. A batch (at most `batchRows` events) is one central transaction: the events go through
 *   COPY into a temporary staging table, then `INSERT ... SELECT ... ON CONFLICT DO NOTHING` into
 *   fleet.events, with the session's marks and notes, the review aggregates its events changed (upserted
 *   with their current values: see sync-aggregates.ts), the catalog rows and script variants its events
 *   name, and the session row itself.
 * - The local cursor (fleet_cursors.synced_seq) advances only after the central COMMIT returned. A crash
 *   or a lost connection in between re-sends rows the server already has: they are keyed by (studio,
 *   session, seq) and ignored. A failure before the commit leaves nothing central. So: no duplicate, no gap.
 * - SQLite is read in slices of at most `sliceRows` rows and `sliceMs` of work, with a turn of the event
 *   loop between them, so the host stays responsive and the session log's writer is never held up (WAL:
 *   readers never block it).
 * - Failures are retried with exponential backoff; the status says offline (since when) or why the
 *   server refuses (wrong password, TLS, schema too new, disk full...).
 */

export interface SyncStudio {
  id: string;
  name: string;
  version: string;
}

export interface SyncStatus {
  state: FleetState;
  problem: HostError | null;
  offlineSince: number | null;
  lastSyncAt: number | null;
  sessionsTotal: number;
  sessionsBehind: number;
  eventsBehind: number;
}

export interface FleetSyncOptions {
  sliceRows?: number;
  /** The most a slice may take of the event loop (ms): read and encoded, then a turn of the loop. */
  sliceMs?: number;
  batchRows?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Pause between passes with nothing to do (new events also wake it, after `liveDelayMs`). */
  idleMs?: number;
  liveDelayMs?: number;
  now?: () => number;
  /** Called after each slice is written into the COPY (rows of the batch so far): tests cut the server there. */
  onCopySlice?: (rowsInBatch: number) => void | Promise<void>;
}

interface SessionRow {
  id: string;
  title: string;
  market: string;
  hosts: string;
  languages: string;
  notes: string;
  status: 'live' | 'ended' | 'interrupted';
  started_at: number;
  ended_at: number | null;
  last_event_at: number | null;
  interrupted_at: number | null;
  event_count: number;
  synced_seq: number;
  synced_meta: string | null;
  /** 0 when events went central before the aggregates did (an older app): send them in full once. */
  aggregates_sent: number;
  max_seq: number;
}

interface EventRow {
  seq: number;
  at: number;
  kind: string;
  product_id: string | null;
  payload: string;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const monthOf = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** The session row as sent: a change (status, counts, notes) is sent again. */
function metaOf(s: SessionRow): string {
  return JSON.stringify([s.title, s.market, s.hosts, s.languages, s.notes, s.status, s.started_at, s.ended_at, s.last_event_at, s.interrupted_at, s.event_count]);
}

export class FleetSync {
  private readonly sliceRows: number;
  private readonly sliceMs: number;
  private readonly batchRows: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly idleMs: number;
  private readonly liveDelayMs: number;
  private readonly now: () => number;
  private readonly onCopySlice: FleetSyncOptions['onCopySlice'];

  private client: pg.Client | null = null;
  /** Rejects when the connection breaks: a COPY stream waiting on a dead socket would wait forever. */
  private broken: Promise<never> = new Promise(() => undefined);
  private clientBroken = false;
  private clientTarget: string | null = null;
  /** Months of fleet.events known to have a partition on this connection's server. */
  private months = new Set<number>();
  private sentProducts = new Map<string, number>();
  private sentScripts = new Set<string>();
  private claimedName: string | null = null;

  private running: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private current: SyncStatus;

  private readonly sessionsToSync: Statement;
  private readonly eventSlice: Statement;
  private readonly pointsIn: Statement;
  private readonly saveCursor: Statement;
  private readonly lastCommit: Statement;
  private readonly aggregates: LocalAggregates;

  constructor(
    private readonly db: Database,
    private readonly studio: () => SyncStudio,
    private readonly target: () => CentralTarget | null,
    private readonly onStatus: (status: SyncStatus) => void,
    options: FleetSyncOptions = {},
  ) {
    this.sliceRows = options.sliceRows ?? 1000;
    this.sliceMs = options.sliceMs ?? 1.5;
    this.batchRows = options.batchRows ?? 20_000;
    this.retryMinMs = options.retryMinMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.idleMs = options.idleMs ?? 10_000;
    this.liveDelayMs = options.liveDelayMs ?? 500;
    this.now = options.now ?? Date.now;
    this.onCopySlice = options.onCopySlice;
    this.retryDelay = this.retryMinMs;
    this.current = { state: 'off', problem: null, offlineSince: null, lastSyncAt: null, sessionsTotal: 0, sessionsBehind: 0, eventsBehind: 0 };

    this.sessionsToSync = db.prepare(
      `SELECT s.id, s.title, s.market, s.hosts, s.languages, s.notes, s.status, s.started_at, s.ended_at, s.last_event_at,
              s.interrupted_at, s.event_count, coalesce(c.synced_seq, 0) AS synced_seq, c.synced_meta,
              coalesce(c.aggregates_sent, 1) AS aggregates_sent,
              (SELECT coalesce(max(e.seq), 0) FROM session_events e WHERE e.session_id = s.id) AS max_seq
         FROM sessions s LEFT JOIN fleet_cursors c ON c.target = ? AND c.session_id = s.id
        ORDER BY s.status = 'live' DESC, s.started_at, s.id`,
    );
    this.eventSlice = db.prepare(
      'SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.pointsIn = db.prepare('SELECT kind, at, seq, payload FROM session_points WHERE session_id = ? AND seq > ? AND seq <= ?');
    this.aggregates = new LocalAggregates(db);
    this.lastCommit = db.prepare('SELECT max(updated_at) AS at FROM fleet_cursors WHERE target = ?');
    this.saveCursor = db.prepare(
      `INSERT INTO fleet_cursors (target, session_id, synced_seq, synced_meta, updated_at, aggregates_sent) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (target, session_id) DO UPDATE SET synced_seq = excluded.synced_seq, synced_meta = excluded.synced_meta,
         updated_at = excluded.updated_at, aggregates_sent = 1`,
    );
  }

  status(): SyncStatus {
    return { ...this.current };
  }

  /** Starts (or restarts, after a change of settings) the sync loop; off when there is no target. */
  async restart(): Promise<void> {
    await this.stop();
    this.retryDelay = this.retryMinMs;
    if (!this.target()) {
      this.update({ state: 'off', problem: null, offlineSince: null });
      return;
    }
    // The last batch committed for this target, from the cursors (survives restarts: "no sync for a day").
    const parsed = safeParse(this.target()!.url);
    // The problem of the settings before is not this one's: the status says connecting until the first try.
    this.update({ state: 'connecting', problem: null, lastSyncAt: parsed ? (this.lastCommit.get(parsed.target) as { at: number | null }).at : null });
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = null;
    this.wake?.();
    // An open transaction is rolled back by the server: nothing half-sent counts (the cursor did not move).
    const client = this.client;
    this.dropClient();
    await client?.end().catch(() => undefined);
    await this.running;
    this.running = null;
  }

  /** New events were logged: sync soon (coalesced: one pass per `liveDelayMs`). */
  kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      if (this.current.state !== 'offline' && this.current.state !== 'error') this.wake?.();
    }, this.liveDelayMs);
  }

  private update(patch: Partial<SyncStatus>): void {
    const next = { ...this.current, ...patch };
    const changed = (Object.keys(next) as (keyof SyncStatus)[]).some((k) => next[k] !== this.current[k]);
    this.current = next;
    if (changed) this.onStatus(this.status());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const target = this.target();
        if (!target) return;
        await this.connect(target);
        const more = await this.pass(parseCentralUrl(target.url).target);
        this.retryDelay = this.retryMinMs;
        if (!more) await this.sleep(this.idleMs);
      } catch (error) {
        if (this.stopped) return;
        const target = this.target();
        const parsed = target ? safeParse(target.url) : null;
        const problem = classifyFailure(error, { host: parsed?.host ?? '?', user: parsed?.user ?? '?' });
        this.dropClient();
        this.update({
          state: problem.offline ? 'offline' : 'error',
          problem: problem.error,
          offlineSince: this.current.offlineSince ?? this.now(),
        });
        await this.sleep(this.retryDelay);
        this.retryDelay = Math.min(this.retryMaxMs, this.retryDelay * 2);
      }
    }
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    this.clientTarget = null;
    this.claimedName = null;
    client?.removeAllListeners('error');
    // A client whose socket broke emits 'error' later; it is already counted as a failure.
    client?.on('error', () => undefined);
    if (client) void client.end().catch(() => undefined);
  }

  private async connect(target: CentralTarget): Promise<void> {
    const key = JSON.stringify(target);
    if (this.client && this.clientTarget === key && !this.clientBroken) return;
    this.dropClient();
    if (this.current.state === 'off') this.update({ state: 'connecting' });
    const client = new pg.Client(clientConfig(target));
    this.broken = new Promise<never>((_, reject) => {
      client.on('error', reject);
      client.on('end', () => reject(new Error('Connection terminated')));
    });
    // An idle connection that breaks (the server stopped) wakes the loop, so the status says so at once.
    this.broken.catch(() => {
      if (this.client !== client) return;
      this.clientBroken = true;
      this.wake?.();
    });
    await client.connect();
    try {
      await checkCentralSchema(client);
      await client.query(
        `CREATE TEMP TABLE IF NOT EXISTS fleet_stage_events (seq bigint, at timestamptz, kind text, product_id text, payload json) ON COMMIT DELETE ROWS`,
      );
      // Partitions are named events_YYYY_MM (fleet.ensure_event_partitions, fleet:setup).
      const parts = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fleet.events'::regclass`,
      );
      this.months = new Set(
        parts.rows.flatMap((r) => {
          const m = /^events_(\d{4})_(\d{2})$/.exec(r.name);
          return m ? [Number(m[1]) * 12 + Number(m[2]) - 1] : [];
        }),
      );
      this.sentProducts.clear();
      this.sentScripts.clear();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.clientTarget = key;
    this.clientBroken = false;
  }

  /** One step: the first session with something the server lacks gets one batch. True when more is left. */
  private async pass(target: string): Promise<boolean> {
    const client = this.client!;
    const studio = this.studio();
    if (this.claimedName !== studio.name) {
      await client.query('SELECT fleet.claim_studio($1, $2, $3)', [studio.id, studio.name, studio.version]);
      this.claimedName = studio.name;
    }
    const sessions = this.sessionsToSync.all(target) as SessionRow[];
    const behind = sessions.filter((s) => s.max_seq > s.synced_seq || s.synced_meta !== metaOf(s));
    const eventsBehind = behind.reduce((n, s) => n + Math.max(0, s.max_seq - s.synced_seq), 0);
    this.update({
      state: behind.length > 0 ? 'syncing' : 'upToDate',
      problem: null,
      offlineSince: null,
      sessionsTotal: sessions.length,
      sessionsBehind: behind.length,
      eventsBehind,
    });
    const next = behind[0];
    if (!next) {
      // Nothing to send: still ask the server, so "up to date" means it is there (a silent outage shows).
      await client.query('SELECT 1');
      return false;
    }
    await this.syncBatch(client, studio.id, target, next);
    this.update({ lastSyncAt: this.now() });
    return true;
  }

  private async syncBatch(client: pg.Client, studioId: string, target: string, s: SessionRow): Promise<void> {
    const meta = metaOf(s);
    let after = s.synced_seq;
    let count = 0;
    let minAt = Infinity;
    let maxAt = -Infinity;
    let viewersPeak: number | null = null;
    const productIds = new Set<string>();
    const scriptRefs = new Set<string>();

    await client.query('BEGIN');
    try {
      const copy = client.query(copyFrom('COPY fleet_stage_events (seq, at, kind, product_id, payload) FROM STDIN'));
      // Listened to at once, so a server gone mid-COPY is an error here, not an uncaught one.
      const copied = Promise.race([finished(copy), this.broken]);
      copied.catch(() => undefined);
      try {
        while (count < this.batchRows) {
          // A slice ends at its row limit or its time budget, whichever comes first: a slow disk or a
          // busy machine makes slices shorter, not the host's pauses longer.
          const limit = Math.min(this.sliceRows, this.batchRows - count);
          const sliceStart = performance.now();
          let text = '';
          let taken = 0;
          let gap = false;
          let timeUp = false;
          for (const r of this.eventSlice.iterate(s.id, after, limit) as IterableIterator<EventRow>) {
            // A live session's rows are committed in seq order; stop at a gap rather than step over it.
            if (s.status === 'live' && r.seq !== after + 1) {
              gap = true;
              break;
            }
            text += `${r.seq}\t${new Date(r.at).toISOString()}\t${copyField(r.kind)}\t${copyField(r.product_id)}\t${copyField(r.payload)}\n`;
            if (r.at < minAt) minAt = r.at;
            if (r.at > maxAt) maxAt = r.at;
            if (r.product_id) productIds.add(r.product_id);
            if (r.kind === 'prompter.cue.reached') {
              const p = JSON.parse(r.payload) as { scriptId?: string; language?: string };
              if (p.scriptId && p.language) scriptRefs.add(JSON.stringify([p.scriptId, p.language, null]));
            } else if (r.kind === 'prompter.loaded') {
              // The A/B version that went on air, in each of its languages.
              const p = JSON.parse(r.payload) as { scriptId?: string; version?: string; languages?: string[] };
              for (const language of p.languages ?? []) if (p.scriptId && p.version) scriptRefs.add(JSON.stringify([p.scriptId, language, p.version]));
            } else if (r.kind === 'audience.viewers') {
              const viewers = (JSON.parse(r.payload) as { viewers?: unknown }).viewers;
              if (typeof viewers === 'number' && Number.isFinite(viewers)) viewersPeak = Math.max(viewersPeak ?? viewers, viewers);
            }
            after = r.seq;
            taken++;
            if (performance.now() - sliceStart > this.sliceMs) {
              timeUp = true;
              break;
            }
          }
          if (taken === 0) break;
          count += taken;
          if (!copy.write(text)) await Promise.race([once(copy, 'drain'), copied]);
          await this.onCopySlice?.(count);
          if (gap || (!timeUp && taken < limit)) break;
          // Let the host breathe between slices.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        if (!copy.destroyed) copy.end();
      }
      await copied;
      if (count > 0) {
        await this.ensureMonths(client, minAt, maxAt);
        await client.query(
          `INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, product_id, payload)
           SELECT $1, $2, seq, at, kind, product_id, payload FROM fleet_stage_events ON CONFLICT DO NOTHING`,
          [studioId, s.id],
        );
        await this.sendPoints(client, studioId, s.id, s.synced_seq, after);
        await this.sendProducts(client, studioId, productIds);
        await this.sendScripts(client, studioId, scriptRefs);
      }
      if (count > 0 || s.aggregates_sent === 0) {
        // Read once the batch's events are read (a live session's aggregates may already count a few
        // later events: the batch that carries those sends their rows again, so it converges).
        const full = s.aggregates_sent === 0;
        const changed = this.aggregates.read(s.id, full ? null : { afterSeq: s.synced_seq, fromAt: minAt });
        if (full) viewersPeak = changed.viewersPeak;
        await sendAggregates(client, studioId, s.id, changed);
      }
      await client.query(
        `INSERT INTO fleet.sessions (studio_id, session_id, title, market, hosts, languages, notes, status, started_at, ended_at,
                                     last_event_at, interrupted_at, event_count, viewers_peak, synced_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
         ON CONFLICT (studio_id, session_id) DO UPDATE SET title = excluded.title, market = excluded.market, hosts = excluded.hosts,
           languages = excluded.languages, notes = excluded.notes, status = excluded.status, started_at = excluded.started_at,
           ended_at = excluded.ended_at, last_event_at = excluded.last_event_at, interrupted_at = excluded.interrupted_at,
           event_count = excluded.event_count, synced_at = now(),
           -- A maximum: the same batch sent twice leaves it as it was (greatest() skips NULLs).
           viewers_peak = greatest(fleet.sessions.viewers_peak, excluded.viewers_peak)`,
        [studioId, s.id, s.title, s.market, s.hosts, s.languages, s.notes, s.status, iso(s.started_at), iso(s.ended_at),
          iso(s.last_event_at), iso(s.interrupted_at), s.event_count, viewersPeak],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    // Only now is it central: the cursor moves after the commit, never before.
    this.saveCursor.run(target, s.id, after, after >= s.max_seq ? meta : null, this.now());
  }

  private async ensureMonths(client: pg.Client, minAt: number, maxAt: number): Promise<void> {
    for (let m = monthOf(minAt); m <= monthOf(maxAt); m++) {
      if (this.months.has(m)) continue;
      await client.query('SELECT fleet.ensure_event_partitions($1, $2)', [iso(minAt), iso(maxAt)]);
      for (let k = monthOf(minAt); k <= monthOf(maxAt); k++) this.months.add(k);
      return;
    }
  }

  private async sendPoints(client: pg.Client, studioId: string, sessionId: string, from: number, to: number): Promise<void> {
    const points = this.pointsIn.all(sessionId, from, to) as { kind: string; at: number; seq: number; payload: string }[];
    if (points.length === 0) return;
    await client.query(
      `INSERT INTO fleet.session_points (studio_id, session_id, kind, at, seq, payload)
       SELECT $1, $2, p.kind, p.at, p.seq, p.payload FROM unnest($3::text[], $4::timestamptz[], $5::bigint[], $6::json[]) AS p (kind, at, seq, payload)
       ON CONFLICT DO NOTHING`,
      [studioId, sessionId, points.map((p) => p.kind), points.map((p) => iso(p.at)), points.map((p) => p.seq), points.map((p) => p.payload)],
    );
  }

  private async sendProducts(client: pg.Client, studioId: string, ids: Set<string>): Promise<void> {
    if (ids.size === 0) return;
    const list = [...ids];
    const rows = (
      prepared(this.db, `SELECT id, sku, name, updated_at FROM products WHERE id IN (${list.map(() => '?').join(',')})`).all(...list) as {
        id: string;
        sku: string;
        name: string;
        updated_at: number;
      }[]
    ).filter((p) => this.sentProducts.get(p.id) !== p.updated_at);
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO fleet.products (studio_id, product_id, sku, name, updated_at)
       SELECT $1, p.id, p.sku, p.name, p.updated_at FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS p (id, sku, name, updated_at)
       ON CONFLICT (studio_id, product_id) DO UPDATE SET sku = excluded.sku, name = excluded.name, updated_at = excluded.updated_at
         WHERE fleet.products.updated_at < excluded.updated_at`,
      [studioId, rows.map((p) => p.id), rows.map((p) => p.sku), rows.map((p) => p.name), rows.map((p) => iso(p.updated_at))],
    );
    // A failed batch drops the connection, and these marks with it (connect() clears them): re-sent then.
    for (const p of rows) this.sentProducts.set(p.id, p.updated_at);
  }

  private async sendScripts(client: pg.Client, studioId: string, refs: Set<string>): Promise<void> {
    const variants: { script_id: string; language: string; title: string; product_id: string | null; text: string; updated_at: number; version: string }[] = [];
    const read = prepared(
      this.db,
      // The text of the A/B version named (a cue names none: the script's first version).
      `SELECT v.script_id, v.language, s.title, s.product_id, v.text, v.updated_at
         FROM prompter_variants v JOIN prompter_scripts s ON s.id = v.script_id WHERE v.script_id = ? AND v.language = ?
           AND v.version = coalesce(?, (SELECT name FROM prompter_versions WHERE script_id = v.script_id ORDER BY position LIMIT 1))`,
    );
    for (const ref of refs) {
      const [scriptId, language, abVersion] = JSON.parse(ref) as [string, string, string | null];
      const row = read.get(scriptId, language, abVersion) as Omit<(typeof variants)[number], 'version'> | undefined;
      if (!row) continue;
      const version = crypto.createHash('sha256').update(row.text).digest('hex').slice(0, 32);
      const key = `${scriptId}\u0000${language}\u0000${version}`;
      if (this.sentScripts.has(key)) continue;
      this.sentScripts.add(key);
      variants.push({ ...row, version });
    }
    if (variants.length === 0) return;
    await client.query(
      `INSERT INTO fleet.script_variants (studio_id, script_id, language, version, title, product_id, text, updated_at)
       SELECT $1, v.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS v (script_id, language, version, title, product_id, text, updated_at)
       ON CONFLICT DO NOTHING`,
      [studioId, variants.map((v) => v.script_id), variants.map((v) => v.language), variants.map((v) => v.version), variants.map((v) => v.title),
        variants.map((v) => v.product_id), variants.map((v) => v.text), variants.map((v) => iso(v.updated_at))],
    );
  }
}

function safeParse(url: string): ReturnType<typeof parseCentralUrl> | null {
  try {
    return parseCentralUrl(url);
  } catch {
    return null;
  }
}
