import type { ClientBase } from 'pg';
import { HostError } from '../../../shared/contract';

/**
 * The central fleet store's schema in PostgreSQL (schema `fleet`), as numbered migrations.
 *
 * - Each migration runs in its own transaction together with its row in `fleet.schema_version`, under an
 *   advisory lock, so two setups at once apply it once, and a failed one leaves nothing behind.
 * - A database whose schema is newer than this app knows is refused with `fleet.schema_too_new`; it is
 *   never migrated down or overwritten.
 * - Portable to Citus (distributed by studio): every table carries `studio_id` as the first column of its
 *   primary key, there are no foreign keys between studios' rows, and `studio_logins` is a small
 *   reference table.
 * - `events` is partitioned by month on `at` (declarative range partitions). A partitioned table's
 *   primary key must hold the partition key, so it is (studio_id, session_id, seq, at): an event's `at`
 *   never changes once logged, so the key is as unique as (studio_id, session_id, seq) and a retried COPY
 *   conflicts with the rows it already wrote.
 * - `payload` is `json` (kept as the exact text the PC logged, so a hash of central rows equals one of
 *   the local rows), readable with ->> in the review queries.
 *
 * Roles (created here, cluster-wide, once): `broadcart_studio` may insert and read its own studio's
 * rows (row-level security on `studio_id = fleet.my_studio()`), `broadcart_manager` reads everything.
 * Neither may delete. A studio PC signs in with its own login role, member of `broadcart_studio` and
 * bound to one studio id in `fleet.studio_logins`; see central-setup.ts.
 */

export const studioRole = 'broadcart_studio';
export const managerRole = 'broadcart_manager';

export interface CentralMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Row-level security for a studio table: own rows for studios, every row (read only) for the manager. */
function studioRows(table: string): string {
  return `
    ALTER TABLE fleet.${table} ENABLE ROW LEVEL SECURITY;
    -- (SELECT ...) makes the lookup an init plan: once per statement, not once per row.
    CREATE POLICY ${table}_own_studio ON fleet.${table} TO ${studioRole}
      USING (studio_id = (SELECT fleet.my_studio())) WITH CHECK (studio_id = (SELECT fleet.my_studio()));
    CREATE POLICY ${table}_manager_reads ON fleet.${table} FOR SELECT TO ${managerRole} USING (true);
    GRANT SELECT ON fleet.${table} TO ${managerRole};`;
}

export const centralMigrations: readonly CentralMigration[] = [
  {
    version: 1,
    name: 'studios, sessions, events by month, marks and notes, products, script variants, roles',
    sql: `
      DO $roles$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${studioRole}') THEN CREATE ROLE ${studioRole} NOLOGIN; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${managerRole}') THEN CREATE ROLE ${managerRole} NOLOGIN; END IF;
      END $roles$;
      REVOKE ALL ON SCHEMA fleet FROM PUBLIC;
      GRANT USAGE ON SCHEMA fleet TO ${studioRole}, ${managerRole};
      GRANT SELECT ON fleet.schema_version TO ${studioRole}, ${managerRole};

      -- Which login role is which studio PC. Written by fleet:setup (the login) and by claim_studio (the
      -- studio id, on the PC's first sync); never readable by studios.
      CREATE TABLE fleet.studio_logins (
        role_name  text PRIMARY KEY,
        studio_id  uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        bound_at   timestamptz
      );
      GRANT SELECT ON fleet.studio_logins TO ${managerRole};

      -- The studio this connection signs in as: by session_user (SET ROLE does not change it), so a PC
      -- cannot claim another studio's rows without that studio's password.
      CREATE FUNCTION fleet.my_studio() RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, fleet
        AS $$ SELECT studio_id FROM fleet.studio_logins WHERE role_name = session_user $$;

      CREATE TABLE fleet.studios (
        studio_id     uuid PRIMARY KEY,
        name          text NOT NULL DEFAULT '',
        app_version   text,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_sync_at  timestamptz
      );
      ${studioRows('studios')}
      GRANT SELECT ON fleet.studios TO ${studioRole};

      -- Binds this login to the PC's studio id on its first sync (then only that id is accepted), and keeps
      -- the studio's name and app version current.
      CREATE FUNCTION fleet.claim_studio(p_studio uuid, p_name text, p_app_version text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, fleet AS $$
      DECLARE bound uuid; found_login boolean;
      BEGIN
        SELECT true, studio_id INTO found_login, bound FROM fleet.studio_logins WHERE role_name = session_user FOR UPDATE;
        IF found_login IS NULL THEN
          RAISE EXCEPTION 'role % is not a studio login of this fleet', session_user
            USING ERRCODE = 'insufficient_privilege', HINT = 'Create one with: npm run fleet:setup -- <admin url> --studio-login <name>';
        END IF;
        IF bound IS NULL THEN
          IF EXISTS (SELECT 1 FROM fleet.studio_logins WHERE studio_id = p_studio) THEN
            RAISE EXCEPTION 'studio % already signs in with another login', p_studio USING ERRCODE = 'insufficient_privilege';
          END IF;
          UPDATE fleet.studio_logins SET studio_id = p_studio, bound_at = now() WHERE role_name = session_user;
        ELSIF bound <> p_studio THEN
          RAISE EXCEPTION 'login % belongs to studio %, not %', session_user, bound, p_studio
            USING ERRCODE = 'insufficient_privilege', HINT = 'Give each studio PC its own login.';
        END IF;
        INSERT INTO fleet.studios (studio_id, name, app_version, last_sync_at) VALUES (p_studio, p_name, p_app_version, now())
          ON CONFLICT (studio_id) DO UPDATE SET name = excluded.name, app_version = excluded.app_version, last_sync_at = now();
      END $$;

      CREATE TABLE fleet.sessions (
        studio_id      uuid NOT NULL,
        session_id     text NOT NULL,
        title          text NOT NULL,
        market         text NOT NULL,
        hosts          jsonb NOT NULL,
        languages      jsonb NOT NULL,
        notes          text NOT NULL,
        status         text NOT NULL CHECK (status IN ('live', 'ended', 'interrupted')),
        started_at     timestamptz NOT NULL,
        ended_at       timestamptz,
        last_event_at  timestamptz,
        interrupted_at timestamptz,
        event_count    bigint NOT NULL,
        synced_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (studio_id, session_id)
      );
      -- The review's session list: newest first, across studios or for one, by market, by host.
      CREATE INDEX sessions_by_start ON fleet.sessions (started_at DESC);
      CREATE INDEX sessions_by_studio_start ON fleet.sessions (studio_id, started_at DESC);
      CREATE INDEX sessions_by_market_start ON fleet.sessions (market, started_at DESC);
      CREATE INDEX sessions_by_host ON fleet.sessions USING gin (hosts jsonb_path_ops);
      ${studioRows('sessions')}
      -- UPDATE: a live session's row changes as it goes on (status, counts); never another studio's (RLS).
      GRANT SELECT, INSERT, UPDATE ON fleet.sessions TO ${studioRole};

      CREATE TABLE fleet.events (
        studio_id  uuid NOT NULL,
        session_id text NOT NULL,
        seq        bigint NOT NULL,
        at         timestamptz NOT NULL,
        kind       text NOT NULL,
        product_id text,
        payload    json NOT NULL,
        PRIMARY KEY (studio_id, session_id, seq, at)
      ) PARTITION BY RANGE (at);
      -- Timeline lanes and kind filters of one session; per-product figures across sessions.
      CREATE INDEX events_by_kind ON fleet.events (studio_id, session_id, kind, seq);
      CREATE INDEX events_by_product ON fleet.events (product_id, at) WHERE product_id IS NOT NULL;
      ${studioRows('events')}
      GRANT SELECT, INSERT ON fleet.events TO ${studioRole};

      -- Month partitions of events, created ahead by fleet:setup and on demand by a sync that carries
      -- older or later months. Partitions belong to the schema's owner; studios reach rows through
      -- fleet.events only (where row-level security applies), never a partition directly.
      CREATE FUNCTION fleet.ensure_event_partitions(from_at timestamptz, to_at timestamptz) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, fleet AS $$
      DECLARE month date; last_month date; made integer := 0; part text;
      BEGIN
        IF from_at IS NULL OR to_at IS NULL OR to_at < from_at THEN
          RAISE EXCEPTION 'ensure_event_partitions needs from_at <= to_at (got % and %)', from_at, to_at;
        END IF;
        month := date_trunc('month', from_at AT TIME ZONE 'UTC')::date;
        last_month := date_trunc('month', to_at AT TIME ZONE 'UTC')::date;
        IF last_month > month + interval '25 years' THEN
          RAISE EXCEPTION 'ensure_event_partitions spans more than 25 years (% to %)', from_at, to_at;
        END IF;
        -- One creator at a time: two studios asking for the same month create it once.
        PERFORM pg_advisory_xact_lock(hashtext('fleet.events partitions'));
        WHILE month <= last_month LOOP
          part := 'events_' || to_char(month, 'YYYY_MM');
          IF to_regclass('fleet.' || part) IS NULL THEN
            EXECUTE format('CREATE TABLE fleet.%I PARTITION OF fleet.events FOR VALUES FROM (%L) TO (%L)',
              part, (month::timestamp AT TIME ZONE 'UTC'), ((month + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
            made := made + 1;
          END IF;
          month := (month + interval '1 month')::date;
        END LOOP;
        RETURN made;
      END $$;

      -- Marks, notes, alarms and errors of a session: the points of its timeline, as the PC keeps them.
      CREATE TABLE fleet.session_points (
        studio_id  uuid NOT NULL,
        session_id text NOT NULL,
        kind       text NOT NULL,
        at         timestamptz NOT NULL,
        seq        bigint NOT NULL,
        payload    json NOT NULL,
        PRIMARY KEY (studio_id, session_id, kind, at, seq)
      );
      ${studioRows('session_points')}
      GRANT SELECT, INSERT ON fleet.session_points TO ${studioRole};

      -- The catalog rows the events name (product_id), as the studio last sent them.
      CREATE TABLE fleet.products (
        studio_id  uuid NOT NULL,
        product_id text NOT NULL,
        sku        text NOT NULL,
        name       jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (studio_id, product_id)
      );
      CREATE INDEX products_by_sku ON fleet.products (sku);
      ${studioRows('products')}
      GRANT SELECT, INSERT, UPDATE ON fleet.products TO ${studioRole};

      -- Script variants as they were read: one row per version of a language's text (version = sha-256 of
      -- the text), so a comparison per script variant names the text that was on air.
      CREATE TABLE fleet.script_variants (
        studio_id  uuid NOT NULL,
        script_id  text NOT NULL,
        language   text NOT NULL,
        version    text NOT NULL,
        title      text NOT NULL,
        product_id text,
        text       text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (studio_id, script_id, language, version)
      );
      ${studioRows('script_variants')}
      GRANT SELECT, INSERT ON fleet.script_variants TO ${studioRole};

      REVOKE ALL ON FUNCTION fleet.my_studio(), fleet.claim_studio(uuid, text, text), fleet.ensure_event_partitions(timestamptz, timestamptz) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION fleet.my_studio(), fleet.claim_studio(uuid, text, text), fleet.ensure_event_partitions(timestamptz, timestamptz) TO ${studioRole};
      GRANT EXECUTE ON FUNCTION fleet.my_studio() TO ${managerRole};
    `,
  },
  {
    version: 2,
    name: 'sessions by id',
    // The manager opens one session by its id (a link, the review page): an index seek, not a scan of
    // every studio's sessions. Session ids are random UUIDs, so one id names one session in practice.
    sql: `CREATE INDEX sessions_by_id ON fleet.sessions (session_id);`,
  },
  {
    version: 3,
    name: 'review aggregates: spans, kind counts, health buckets, product sales, viewers peak',
    // The PC's pre-aggregated review tables (003_sessionlog.ts), per studio and session: the manager's
    // summary, timeline, health chart and comparison read these few rows instead of the events. A sync
    // batch upserts the rows its events changed with their absolute values (never increments), in the
    // transaction that moves the session row, so a retried batch converges instead of doubling. The
    // primary keys lead with (studio_id, session_id): one session's rows are one index range, and every
    // per-session lookup of the comparison is a seek. Studios insert and update (upsert), never delete.
    sql: `
      CREATE TABLE fleet.session_spans (
        studio_id  uuid NOT NULL,
        session_id text NOT NULL,
        lane       text NOT NULL CHECK (lane IN ('scene', 'product', 'deal')),
        from_at    timestamptz NOT NULL,
        seq        bigint NOT NULL,
        to_at      timestamptz,
        open_key   text,
        label      text NOT NULL,
        product_id text,
        outcome    text,
        PRIMARY KEY (studio_id, session_id, lane, from_at, seq)
      );
      ${studioRows('session_spans')}
      GRANT SELECT, INSERT, UPDATE ON fleet.session_spans TO ${studioRole};

      CREATE TABLE fleet.session_kind_counts (
        studio_id  uuid NOT NULL,
        session_id text NOT NULL,
        kind       text NOT NULL,
        n          bigint NOT NULL,
        PRIMARY KEY (studio_id, session_id, kind)
      );
      ${studioRows('session_kind_counts')}
      GRANT SELECT, INSERT, UPDATE ON fleet.session_kind_counts TO ${studioRole};

      CREATE TABLE fleet.session_health (
        studio_id      uuid NOT NULL,
        session_id     text NOT NULL,
        bucket_at      timestamptz NOT NULL,
        samples        integer NOT NULL,
        fps_min        float8,
        fps_sum        float8,
        fps_n          integer NOT NULL,
        cpu_max        float8,
        dropped_max    float8,
        skipped_max    float8,
        congestion_max float8,
        bps_sum        float8,
        bps_n          integer NOT NULL,
        PRIMARY KEY (studio_id, session_id, bucket_at)
      );
      ${studioRows('session_health')}
      GRANT SELECT, INSERT, UPDATE ON fleet.session_health TO ${studioRole};

      CREATE TABLE fleet.session_product_sales (
        studio_id     uuid NOT NULL,
        session_id    text NOT NULL,
        product_id    text NOT NULL,
        currency      text NOT NULL,
        deals_run     integer NOT NULL,
        units_sold    float8 NOT NULL,
        revenue_minor float8,
        PRIMARY KEY (studio_id, session_id, product_id, currency)
      );
      ${studioRows('session_product_sales')}
      GRANT SELECT, INSERT, UPDATE ON fleet.session_product_sales TO ${studioRole};

      -- The highest audience count the session's events reported (the comparison's "viewers"): a maximum,
      -- so a batch sent twice leaves it as it was.
      ALTER TABLE fleet.sessions ADD COLUMN viewers_peak float8;
    `,
  },
];

export const latestCentralVersion = centralMigrations[centralMigrations.length - 1]!.version;

/** The version table, created before the first migration (in the same transaction). */
const bootstrap = `
  CREATE SCHEMA IF NOT EXISTS fleet;
  CREATE TABLE IF NOT EXISTS fleet.schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );`;

/** The schema version of a database (0 when it has no fleet schema yet). */
export async function centralVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('fleet.schema_version')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM fleet.schema_version');
  return row.rows[0]?.v ?? 0;
}

function tooNew(version: number, latest: number): HostError {
  return new HostError('fleet.schema_too_new', { version, latest });
}

/**
 * Brings the database's fleet schema up to date (needs an owner or superuser connection): each pending
 * migration in its own transaction with its version row. Returns the versions before and after.
 */
export async function migrateCentral(
  client: ClientBase,
  migrations: readonly CentralMigration[] = centralMigrations,
): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Central migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  let from: number | null = null;
  for (;;) {
    await client.query('BEGIN');
    try {
      // Serializes concurrent setups: the second one sees the first one's versions.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('fleet.schema_version'))`);
      await client.query(bootstrap);
      const current = await centralVersion(client);
      from ??= current;
      if (current > latest) throw tooNew(current, latest);
      const next = migrations.find((m) => m.version === current + 1);
      if (!next) {
        await client.query('COMMIT');
        return { from, to: current };
      }
      await client.query(next.sql);
      await client.query('INSERT INTO fleet.schema_version (version, name) VALUES ($1, $2)', [next.version, next.name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/**
 * What a studio PC checks before syncing (it cannot migrate): the schema exists and is the one this app
 * writes. Newer: `fleet.schema_too_new`; missing or older: `fleet.schema_missing` (run fleet:setup).
 */
export async function checkCentralSchema(client: ClientBase, latest = latestCentralVersion): Promise<void> {
  const version = await centralVersion(client);
  if (version > latest) throw tooNew(version, latest);
  if (version < latest) throw new HostError('fleet.schema_missing', { version, latest });
}

/** Creates the month partitions of events from `from` to `to` (inclusive months); returns how many were new. */
export async function ensureEventPartitions(client: ClientBase, from: number, to: number): Promise<number> {
  const result = await client.query<{ made: number }>('SELECT fleet.ensure_event_partitions($1, $2) AS made', [
    new Date(from).toISOString(),
    new Date(to).toISOString(),
  ]);
  return result.rows[0]?.made ?? 0;
}
