import type { Database } from 'better-sqlite3';
import type { MethodOutput, MethodParsedInput } from '../../../shared/contract';
import { HostError } from '../../../shared/contract';
import { sessionPlatformKinds, type Session } from '../../../shared/contract/session';
import { closeDatabase, openDatabase } from '../../db/database';
import type { CentralStoreGateway } from '../gateways';
import { renderRows, type EventRow } from './export-render';
import type { ExportReader } from './session-export';
import { compareSessionLimit, groupFacts, productLabel, versionFactKinds, versionFacts, type ProductFacts, type SessionFacts } from './compare';
import { ReviewQueries } from './review-queries';
import { SessionStore, type ListFilter } from './session-store';

/**
 * The manager's review on the fleet's central PostgreSQL (a host started with `--central`).
 *
 * One way to answer each review method: the local `ReviewQueries`. The list, the event pages and the
 * comparison are plain SQL on the central tables (index seeks on the session keys). Each studio PC
 * syncs its session log's review aggregates (spans, points, kind counts, health buckets, product sales:
 * see review-aggregates.ts and fleet/sync-aggregates.ts) with the events. For one session's summary,
 * timeline and health, those few rows are copied into an in-memory SQLite mirror with the PC's own
 * schema, and the same `ReviewQueries` answer on it. So a session reviewed centrally shows exactly what
 * its studio PC shows, without a second implementation of spans, gaps and buckets to keep in step, and
 * without reading the session's events. The comparison sums the same aggregates in SQL. Exports read every
 * event by seq range and render it with the PC's export code (`exportReader`).
 */

/** Milliseconds since the epoch of a timestamptz column, as a JS number. */
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const sessionColumns = `s.studio_id::text AS studio_id, coalesce(st.name, '') AS studio_name, s.session_id, s.title, s.market, s.hosts, s.languages,
  s.notes, s.status, ${ms('s.started_at')} AS started_at, ${ms('s.ended_at')} AS ended_at, ${ms('s.last_event_at')} AS last_event_at,
  s.event_count::float8 AS event_count`;

interface CentralSessionRow {
  studio_id: string;
  studio_name: string;
  session_id: string;
  title: string;
  market: string;
  hosts: string[];
  languages: string[];
  notes: string;
  status: Session['status'];
  started_at: number;
  ended_at: number | null;
  last_event_at: number | null;
  event_count: number;
}

function toSession(r: CentralSessionRow): Session {
  return {
    id: r.session_id,
    title: r.title,
    market: r.market,
    hosts: r.hosts,
    languages: r.languages,
    notes: r.notes,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    lastEventAt: r.last_event_at,
    eventCount: r.event_count,
    studio: { id: r.studio_id, name: r.studio_name },
  };
}

/** The WHERE of the list and the comparison, with its parameters ($1...). */
function filterSql(filter: Omit<ListFilter, 'offset' | 'limit'>): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.from !== undefined) add((p) => `s.started_at >= to_timestamp(${p}::float8 / 1000)`, filter.from);
  if (filter.to !== undefined) add((p) => `s.started_at <= to_timestamp(${p}::float8 / 1000)`, filter.to);
  if (filter.market) add((p) => `s.market = upper(${p})`, filter.market);
  if (filter.status) add((p) => `s.status = ${p}`, filter.status);
  if (filter.studio) add((p) => `s.studio_id = ${p}::uuid`, filter.studio);
  // A substring of a host's name, as on the PC.
  if (filter.host) add((p) => `EXISTS (SELECT 1 FROM jsonb_array_elements_text(s.hosts) h WHERE strpos(lower(h), lower(${p})) > 0)`, filter.host);
  if (filter.product) {
    // A SKU pinned in the session: products by (studio, sku), then the kind index of the session's events.
    add(
      (p) => `EXISTS (SELECT 1 FROM fleet.events e WHERE e.studio_id = s.studio_id AND e.session_id = s.session_id AND e.kind = 'product.pinned'
                 AND e.product_id IN (SELECT pr.product_id FROM fleet.products pr WHERE pr.studio_id = s.studio_id AND pr.sku = ${p}))`,
      filter.product,
    );
  }
  if (filter.platform) {
    // As on the PC: the events naming a platform and the pre-flight's list, by the kind index.
    add(
      (p) => `(EXISTS (SELECT 1 FROM fleet.events e WHERE e.studio_id = s.studio_id AND e.session_id = s.session_id
                 AND e.kind = ANY('{${sessionPlatformKinds.join(',')}}'::text[]) AND e.payload->>'platform' = ${p})
               OR EXISTS (SELECT 1 FROM fleet.events e WHERE e.studio_id = s.studio_id AND e.session_id = s.session_id
                 AND e.kind = 'session.preflight' AND (e.payload->'platforms')::jsonb ? ${p}))`,
      filter.platform,
    );
  }
  return { where: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * Rows an export renders between two turns of the event loop: the manager's host renders central chunks
 * on its own thread (the rows come from the network, not a file a worker could open), a few ms a slice.
 */
const exportSliceRows = 250;
/** Export chunks read from PostgreSQL at once (the review's pool holds 4 connections). */
const exportReaders = 2;

/** Sessions kept in the mirrors at once (each holds only its rare events: a few thousand rows). */
const mirrorSize = 16;

/** One studio's mirror: a studio's catalog is consistent (one product per SKU), as on its PC. */
interface Mirror {
  db: Database;
  store: SessionStore;
  review: ReviewQueries;
}

export class CentralReview {
  private readonly mirrors = new Map<string, Mirror>();
  /** `studio/session` -> the central state it was mirrored at (count, status, last event), oldest first. */
  private readonly mirrored = new Map<string, string>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly central: CentralStoreGateway,
    private readonly nativeBinding?: string,
  ) {}

  close(): void {
    for (const m of this.mirrors.values()) closeDatabase(m.db);
    this.mirrors.clear();
  }

  private mirrorOf(studioId: string): Mirror {
    let m = this.mirrors.get(studioId);
    if (!m) {
      const db = openDatabase(':memory:', { nativeBinding: this.nativeBinding, checkpointInWorker: false });
      m = { db, store: new SessionStore(db), review: new ReviewQueries(db) };
      this.mirrors.set(studioId, m);
    }
    return m;
  }

  async studios(): Promise<{ id: string; name: string }[]> {
    return this.central.query<{ id: string; name: string }>(`SELECT studio_id::text AS id, name FROM fleet.studios ORDER BY name, studio_id`);
  }

  async list(filter: ListFilter): Promise<MethodOutput<'session.list'>> {
    const { where, params } = filterSql(filter);
    const from = `FROM fleet.sessions s LEFT JOIN fleet.studios st ON st.studio_id = s.studio_id ${where}`;
    const [rows, total, studios] = await Promise.all([
      this.central.query<CentralSessionRow>(
        `SELECT ${sessionColumns} ${from} ORDER BY s.started_at DESC, s.session_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
        params,
      ),
      this.central.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
      this.studios(),
    ]);
    return { sessions: rows.map(toSession), total: total[0]?.n ?? 0, source: 'central', studios };
  }

  async get(id: string): Promise<Session> {
    return (await this.row(id)).session;
  }

  /** The session, and when its studio last synced it (a batch moves the row and the aggregates together). */
  private async row(id: string): Promise<{ session: Session; syncedAt: number }> {
    // By session id alone (a UUID, unique across studios): the contract's methods name a session by its id.
    const rows = await this.central.query<CentralSessionRow & { synced_at: number }>(
      `SELECT ${sessionColumns}, ${ms('s.synced_at')} AS synced_at FROM fleet.sessions s LEFT JOIN fleet.studios st ON st.studio_id = s.studio_id
       WHERE s.session_id = $1 LIMIT 1`,
      [id],
    );
    if (!rows[0]) throw new HostError('session.not_found', { id });
    return { session: toSession(rows[0]), syncedAt: rows[0].synced_at };
  }

  /** The session, with its rare events mirrored (again when the central copy changed since), and its mirror. */
  private async mirrored_(id: string): Promise<{ session: Session; m: Mirror }> {
    const { session, syncedAt } = await this.row(id);
    const key = `${session.studio!.id}/${id}`;
    const state = `${syncedAt}`;
    if (this.mirrored.get(key) !== state) {
      let pending = this.loading.get(key);
      if (!pending) {
        pending = this.load(session, key, state).finally(() => this.loading.delete(key));
        this.loading.set(key, pending);
      }
      await pending;
    }
    return { session, m: this.mirrorOf(session.studio!.id) };
  }

  private async load(session: Session, key: string, state: string): Promise<void> {
    const studio = session.studio!.id;
    const where = 'WHERE studio_id = $1 AND session_id = $2';
    const params = [studio, session.id];
    type Span = { lane: string; from_at: number; seq: number; to_at: number | null; open_key: string | null; label: string; product_id: string | null; outcome: string | null };
    type Point = { kind: string; at: number; seq: number; payload: string };
    type Sale = { product_id: string; currency: string; deals_run: number; units_sold: number; revenue_minor: number | null };
    type Bucket = Record<'bucket_at' | 'samples' | 'fps_n' | 'bps_n', number> &
      Record<'fps_min' | 'fps_sum' | 'cpu_max' | 'dropped_max' | 'skipped_max' | 'congestion_max' | 'bps_sum', number | null>;
    type Pin = { seq: number; at: number; kind: string; product_id: string; payload: string };
    const [spans, points, sales, counts, health, products, pins] = await Promise.all([
      this.central.query<Span>(
        `SELECT lane, ${ms('from_at')} AS from_at, seq::float8 AS seq, ${ms('to_at')} AS to_at, open_key, label, product_id, outcome
         FROM fleet.session_spans ${where}`,
        params,
      ),
      this.central.query<Point>(`SELECT kind, ${ms('at')} AS at, seq::float8 AS seq, payload::text AS payload FROM fleet.session_points ${where}`, params),
      this.central.query<Sale>(`SELECT product_id, currency, deals_run, units_sold, revenue_minor FROM fleet.session_product_sales ${where}`, params),
      this.central.query<{ kind: string; n: number }>(`SELECT kind, n::float8 AS n FROM fleet.session_kind_counts ${where}`, params),
      this.central.query<Bucket>(
        `SELECT ${ms('bucket_at')} AS bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max, skipped_max, congestion_max, bps_sum, bps_n
         FROM fleet.session_health ${where}`,
        params,
      ),
      this.central.query<{ product_id: string; sku: string; name: string; updated_at: number }>(
        `SELECT product_id, sku, name::text AS name, ${ms('updated_at')} AS updated_at FROM fleet.products
         WHERE studio_id = $1 AND product_id IN (SELECT product_id FROM fleet.session_spans ${where} AND product_id IS NOT NULL
                                                 UNION SELECT product_id FROM fleet.session_product_sales ${where})`,
        params,
      ),
      // The SKU a pin recorded, for a product the studio's catalog lacks (an imported session): as the PC labels it.
      this.central.query<Pin>(
        `SELECT seq::float8 AS seq, ${ms('at')} AS at, kind, product_id, payload::text AS payload FROM fleet.events e
         ${where} AND kind = 'product.pinned' AND product_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM fleet.products p WHERE p.studio_id = e.studio_id AND p.product_id = e.product_id)`,
        params,
      ),
    ]);
    const m = this.mirrorOf(studio);
    const db = m.db;
    const id = session.id;
    db.transaction(() => {
      // Its rows cascade from the session row.
      db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
      m.store.insert({ ...session, eventCount: 0, lastEventAt: null });
      // The session row and the aggregates as the central store has them: the PC's own tables, copied.
      db.prepare('UPDATE sessions SET event_count = ?, last_event_at = ? WHERE id = ?').run(session.eventCount, session.lastEventAt, id);
      const span = db.prepare(
        `INSERT INTO session_spans (session_id, lane, from_at, seq, to_at, open_key, label, product_id, outcome)
         VALUES (@id, @lane, @from_at, @seq, @to_at, @open_key, @label, @product_id, @outcome)`,
      );
      for (const r of spans) span.run({ id, ...r });
      const point = db.prepare('INSERT INTO session_points (session_id, kind, at, seq, payload) VALUES (?, ?, ?, ?, ?)');
      for (const r of points) point.run(id, r.kind, r.at, r.seq, r.payload);
      const sale = db.prepare(
        `INSERT INTO session_product_sales (session_id, product_id, currency, deals_run, units_sold, revenue_minor)
         VALUES (@id, @product_id, @currency, @deals_run, @units_sold, @revenue_minor)`,
      );
      for (const r of sales) sale.run({ id, ...r });
      const count = db.prepare('INSERT INTO session_kind_counts (session_id, kind, n) VALUES (?, ?, ?)');
      for (const c of counts) count.run(id, c.kind, c.n);
      const bucket = db.prepare(
        `INSERT INTO session_health (session_id, bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max, skipped_max,
                                     congestion_max, bps_sum, bps_n)
         VALUES (@id, @bucket_at, @samples, @fps_min, @fps_sum, @fps_n, @cpu_max, @dropped_max, @skipped_max, @congestion_max, @bps_sum, @bps_n)`,
      );
      for (const r of health) bucket.run({ id, ...r });
      const pin = db.prepare('INSERT INTO session_events (session_id, seq, at, kind, product_id, payload) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of pins) pin.run(id, r.seq, r.at, r.kind, r.product_id, r.payload);
      const product = db.prepare(
        `INSERT OR REPLACE INTO products (id, sku, name, pitch, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?)`,
      );
      for (const p of products) product.run(p.product_id, p.sku, p.name, p.updated_at, p.updated_at);
    })();
    this.mirrored.delete(key);
    this.mirrored.set(key, state);
    while (this.mirrored.size > mirrorSize) {
      const oldest = this.mirrored.keys().next().value!;
      this.mirrored.delete(oldest);
      const [studioId, sessionId] = oldest.split('/') as [string, string];
      this.mirrors.get(studioId)?.db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
    }
  }

  async summary(id: string): Promise<MethodOutput<'session.summary'>> {
    const { session, m } = await this.mirrored_(id);
    return m.review.summary(session);
  }

  async timeline(input: MethodParsedInput<'session.timeline'>): Promise<MethodOutput<'session.timeline'>> {
    const { session, m } = await this.mirrored_(input.id);
    return m.review.timeline(session, input);
  }

  async health(id: string, points: number): Promise<MethodOutput<'session.health'>> {
    const { session, m } = await this.mirrored_(id);
    return m.review.health(session, points);
  }

  /** A page of events straight from PostgreSQL: by seq on the primary key, or by kind on the kind index. */
  async events(input: MethodParsedInput<'session.events'>): Promise<MethodOutput<'session.events'>> {
    const { session, m } = await this.mirrored_(input.id);
    const key = [session.studio!.id, session.id];
    type Row = { seq: number; at: number; kind: string; productId: string | null; payload: string };
    const columns = `seq::float8 AS seq, ${ms('at')} AS at, kind, product_id AS "productId", payload::text AS payload`;
    let rows: Row[];
    let total: number;
    if (!input.kinds || input.kinds.length === 0) {
      rows = await this.central.query<Row>(
        `SELECT ${columns} FROM fleet.events WHERE studio_id = $1 AND session_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [...key, input.offset, input.limit],
      );
      total = session.eventCount;
    } else {
      rows = await this.central.query<Row>(
        `SELECT ${columns} FROM fleet.events WHERE studio_id = $1 AND session_id = $2 AND kind = ANY($3) ORDER BY seq LIMIT $4 OFFSET $5`,
        [...key, input.kinds, input.limit, input.offset],
      );
      const counted = m.db
        .prepare(`SELECT coalesce(sum(n), 0) AS n FROM session_kind_counts WHERE session_id = ? AND kind IN (SELECT value FROM json_each(?))`)
        .get(session.id, JSON.stringify(input.kinds)) as { n: number };
      total = counted.n;
    }
    const productLabels = m.review.productLabels(session, rows.flatMap((r) => (r.productId === null ? [] : [r.productId])));
    return { events: rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })), total, productLabels };
  }

  /**
   * A session's rows as its export reads them: seq ranges of fleet.events on the primary key, with the
   * SKU from the studio's synced catalog (as the PC joins its own), rendered by the PC's export code, so
   * the file holds what the studio PC would write for the rows the central store has.
   */
  exportReader(session: Session): ExportReader {
    const key = [session.studio!.id, session.id];
    const range = 'e.studio_id = $1 AND e.session_id = $2 AND e.seq > $3 AND e.seq <= $4';
    type Row = { seq: number; at: number; kind: string; product_id: string | null; payload: string; sku: string | null };
    return {
      size: exportReaders,
      lastSeq: async () =>
        (await this.central.query<{ s: number }>('SELECT coalesce(max(seq), 0)::float8 AS s FROM fleet.events e WHERE e.studio_id = $1 AND e.session_id = $2', key))[0]!.s,
      render: async ({ fromSeq, toSeq, format }) => {
        const done = () => undefined;
        if (format === 'count') {
          const [counted] = await this.central.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM fleet.events e WHERE ${range}`, [...key, fromSeq, toSeq]);
          return { bytes: Buffer.alloc(0), rows: counted!.n, recycle: done };
        }
        const rows = await this.central.query<Row>(
          `SELECT e.seq::float8 AS seq, ${ms('e.at')} AS at, e.kind, e.product_id, e.payload::text AS payload, p.sku
           FROM fleet.events e LEFT JOIN fleet.products p ON p.studio_id = e.studio_id AND p.product_id = e.product_id
           WHERE ${range} ORDER BY e.seq`,
          [...key, fromSeq, toSeq],
        );
        const parts: Buffer[] = [];
        for (let i = 0; i < rows.length; i += exportSliceRows) {
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          const slice = rows.slice(i, i + exportSliceRows).map((r): EventRow => [r.seq, r.at, r.kind, r.product_id, r.payload, r.sku]);
          // As the export worker joins slices: JSON's separator between slices of one chunk.
          parts.push(Buffer.from((i > 0 && format === 'json' ? ',' : '') + renderRows(format, session.id, slice)));
        }
        return { bytes: Buffer.concat(parts), rows: rows.length, recycle: done };
      },
    };
  }

  /** Per-session facts from SQL over the central review aggregates (index seeks per session), then grouped as the PC groups its own. */
  async compare(input: MethodParsedInput<'session.compare'>): Promise<MethodOutput<'session.compare'>> {
    const { by, ...filter } = input;
    const { where, params } = filterSql(filter);
    const picked = `SELECT s.studio_id, s.session_id, coalesce(st.name, '') AS studio_name, s.hosts, s.market, s.viewers_peak,
        ${ms('s.started_at')} AS started, ${ms('coalesce(s.ended_at, s.last_event_at, s.started_at)')} AS ended
      FROM fleet.sessions s LEFT JOIN fleet.studios st ON st.studio_id = s.studio_id ${where}
      ORDER BY s.started_at DESC LIMIT ${compareSessionLimit}`;
    const [sessions, sales, pins] = await Promise.all([
      this.central.query<{ studio_id: string; session_id: string; studio_name: string; hosts: string[]; market: string; started: number; ended: number; orders: number; viewers: number | null }>(
        `WITH picked AS (${picked})
         SELECT p.studio_id::text AS studio_id, p.session_id, p.studio_name, p.hosts, p.market, p.started, p.ended, p.viewers_peak AS viewers,
                coalesce(k.n, 0)::float8 AS orders
         FROM picked p LEFT JOIN fleet.session_kind_counts k ON k.studio_id = p.studio_id AND k.session_id = p.session_id AND k.kind = 'order.created'`,
        params,
      ),
      // The PC's session_product_sales, as synced.
      this.central.query<{ studio_id: string; session_id: string; product_id: string; currency: string; deals: number; units: number; revenue: number | null; sku: string | null; name: Record<string, string> | null }>(
        `WITH picked AS (${picked})
         SELECT x.studio_id::text AS studio_id, x.session_id, x.product_id, x.currency, x.deals_run AS deals, x.units_sold AS units,
                x.revenue_minor AS revenue, pr.sku, pr.name
         FROM picked p JOIN fleet.session_product_sales x ON x.studio_id = p.studio_id AND x.session_id = p.session_id
         LEFT JOIN fleet.products pr ON pr.studio_id = x.studio_id AND pr.product_id = x.product_id`,
        params,
      ),
      // Time on air per product: the product lane's spans, an open one to the session's end (as the PC sums them).
      this.central.query<{ studio_id: string; session_id: string; product_id: string; on_air: number; sku: string | null; name: Record<string, string> | null }>(
        `WITH picked AS (${picked}),
         on_air AS (
           SELECT x.studio_id, x.session_id, x.product_id,
                  sum(greatest(0, coalesce(${ms('x.to_at')}, p.ended) - ${ms('x.from_at')})) AS on_air
           FROM picked p JOIN fleet.session_spans x ON x.studio_id = p.studio_id AND x.session_id = p.session_id AND x.lane = 'product'
           WHERE x.product_id IS NOT NULL GROUP BY 1, 2, 3)
         SELECT o.studio_id::text AS studio_id, o.session_id, o.product_id, o.on_air, pr.sku, pr.name
         FROM on_air o LEFT JOIN fleet.products pr ON pr.studio_id = o.studio_id AND pr.product_id = o.product_id`,
        params,
      ),
    ]);
    // By version: each session's prompter, order and viewer events in log order, read by the kind index.
    const versionRows =
      by === 'version'
        ? await this.central.query<{ studio_id: string; session_id: string; at: number; kind: string; payload: Record<string, unknown> }>(
            `WITH picked AS (${picked})
             SELECT e.studio_id::text AS studio_id, e.session_id, ${ms('e.at')} AS at, e.kind, e.payload
             FROM picked p JOIN fleet.events e ON e.studio_id = p.studio_id AND e.session_id = p.session_id
               AND e.kind = ANY('{${versionFactKinds.join(',')}}'::text[])
             ORDER BY e.studio_id, e.session_id, e.seq`,
            params,
          )
        : [];
    const versionEvents = new Map<string, { at: number; kind: string; payload: Record<string, unknown> }[]>();
    for (const r of versionRows) {
      const key = `${r.studio_id}/${r.session_id}`;
      let list = versionEvents.get(key);
      if (!list) versionEvents.set(key, (list = []));
      list.push({ at: r.at, kind: r.kind, payload: r.payload });
    }
    const facts = new Map<string, SessionFacts & { byProduct: Map<string, ProductFacts> }>();
    for (const s of sessions) {
      facts.set(`${s.studio_id}/${s.session_id}`, {
        id: `${s.studio_id}/${s.session_id}`,
        hosts: s.hosts,
        market: s.market,
        studio: { id: s.studio_id, name: s.studio_name },
        durationMs: Math.max(0, s.ended - s.started),
        orders: s.orders,
        viewersPeak: s.viewers,
        products: [],
        byProduct: new Map(),
        ...(by === 'version' ? { versions: versionFacts(versionEvents.get(`${s.studio_id}/${s.session_id}`) ?? [], s.ended) } : {}),
      });
    }
    const productOf = (r: { studio_id: string; session_id: string; product_id: string; sku: string | null; name: Record<string, string> | null }) => {
      const f = facts.get(`${r.studio_id}/${r.session_id}`);
      if (!f) return null;
      const key = r.sku ?? r.product_id;
      let p = f.byProduct.get(key);
      if (!p) {
        p = { key, label: productLabel(r.sku, r.name ?? {}, r.product_id), onAirMs: 0, deals: 0, units: 0, revenue: new Map() };
        f.byProduct.set(key, p);
        f.products.push(p);
      }
      return p;
    };
    for (const r of pins) {
      const p = productOf(r);
      if (p) p.onAirMs += r.on_air;
    }
    for (const r of sales) {
      const p = productOf(r);
      if (!p) continue;
      p.deals += r.deals;
      p.units += r.units;
      if (r.revenue !== null) p.revenue.set(r.currency, (p.revenue.get(r.currency) ?? 0) + r.revenue);
    }
    return { by, rows: groupFacts(by, [...facts.values()]), sessions: facts.size };
  }
}
