import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralMigrations, centralVersion, checkCentralSchema, latestCentralVersion, migrateCentral } from '../../../electron/core/features/fleet/central-schema';
import { startPostgres, type PgCluster } from '../../support/postgres';

const run = promisify(execFile);

/** The central store's schema and roles on a real PostgreSQL: migrations, partitions, row-level security. */
describe('fleet central schema', () => {
  let cluster: PgCluster;
  const clients: pg.Client[] = [];
  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }
  async function freshDatabase(name: string): Promise<pg.Client> {
    const admin = await connect(cluster.adminUrl);
    await admin.query(`CREATE DATABASE ${name}`);
    return connect(cluster.url('postgres', undefined, name));
  }

  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await cluster?.destroy();
  });

  it('migrates an empty database once, each step with its version row, and refuses a newer schema without touching it', async () => {
    const db = await freshDatabase('fleet_migrate');
    expect(await centralVersion(db)).toBe(0);
    await expect(checkCentralSchema(db)).rejects.toMatchObject({ key: 'fleet.schema_missing' });
    expect(await migrateCentral(db)).toEqual({ from: 0, to: latestCentralVersion });
    expect(await migrateCentral(db)).toEqual({ from: latestCentralVersion, to: latestCentralVersion });
    const versions = await db.query('SELECT version, name FROM fleet.schema_version ORDER BY version');
    expect(versions.rows).toEqual(centralMigrations.map((m) => ({ version: m.version, name: m.name })));
    await checkCentralSchema(db);
    // One session by its id (the manager's review page) is an index seek, not a scan of every session.
    await db.query('SET enable_seqscan = off');
    const plan = (await db.query(`EXPLAIN SELECT * FROM fleet.sessions WHERE session_id = 'x'`)).rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('sessions_by_id');
    await db.query('RESET enable_seqscan');

    // A later app version migrated this database: this one says so and changes nothing.
    await db.query(`INSERT INTO fleet.schema_version (version, name) VALUES (${latestCentralVersion + 1}, 'from the future')`);
    await expect(migrateCentral(db)).rejects.toMatchObject({ key: 'fleet.schema_too_new', message: expect.stringContaining('Update Broadcart Studio') });
    await expect(checkCentralSchema(db)).rejects.toMatchObject({ key: 'fleet.schema_too_new' });
    expect((await db.query('SELECT count(*)::int AS n FROM fleet.schema_version')).rows[0].n).toBe(latestCentralVersion + 1);
  });

  it('rolls a failing migration back whole: no half-made table, no version row', async () => {
    const db = await freshDatabase('fleet_failing');
    const broken = [...centralMigrations, { version: latestCentralVersion + 1, name: 'broken', sql: 'CREATE TABLE fleet.half (n int); SELECT 1/0;' }];
    await expect(migrateCentral(db, broken)).rejects.toThrow(/division by zero/);
    expect(await centralVersion(db)).toBe(latestCentralVersion);
    expect((await db.query(`SELECT to_regclass('fleet.half') AS t`)).rows[0].t).toBeNull();
  });

  describe('roles and row-level security (set up by npm run fleet:setup)', () => {
    const studioA = '11111111-1111-4111-8111-111111111111';
    const studioB = '22222222-2222-4222-8222-222222222222';
    let a: pg.Client;
    let b: pg.Client;
    let manager: pg.Client;
    let setupOutput: string;

    beforeAll(async () => {
      const admin = await connect(cluster.adminUrl);
      await admin.query('CREATE DATABASE fleet_rls');
      const { stdout } = await run('npx', ['tsx', 'scripts/fleet-setup.ts', cluster.url('postgres', undefined, 'fleet_rls'),
        '--studio-login', 'studio_a:pass-a', '--studio-login', 'studio_b', '--manager-login', 'boss:pass-m']);
      setupOutput = stdout;
      const passwordB = /studio_b: .*password (\S+)/.exec(stdout)![1]!;
      a = await connect(cluster.url('studio_a', 'pass-a', 'fleet_rls'));
      b = await connect(cluster.url('studio_b', passwordB, 'fleet_rls'));
      manager = await connect(cluster.url('boss', 'pass-m', 'fleet_rls'));
      for (const [client, id, title] of [[a, studioA, 'Berlin tea'], [b, studioB, 'Madrid silk']] as const) {
        await client.query('SELECT fleet.claim_studio($1, $2, $3)', [id, title, '0.0.0-test']);
        await client.query(
          `INSERT INTO fleet.sessions (studio_id, session_id, title, market, hosts, languages, notes, status, started_at, event_count)
           VALUES ($1, 's-' || $2, $2, 'DE', '[]', '[]', '', 'ended', now(), 1)`, [id, title]);
        await client.query(`INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, payload) VALUES ($1, 's-' || $2, 1, now(), 'session.mark', '{}')`, [id, title]);
        await client.query(`INSERT INTO fleet.session_kind_counts (studio_id, session_id, kind, n) VALUES ($1, 's-' || $2, 'session.mark', 1)`, [id, title]);
        await client.query(
          `INSERT INTO fleet.session_product_sales (studio_id, session_id, product_id, currency, deals_run, units_sold, revenue_minor)
           VALUES ($1, 's-' || $2, 'p1', 'EUR', 1, 3, 900)`, [id, title]);
      }
    });

    it('prints what it made: schema version, partitions, the logins and a generated password', () => {
      expect(setupOutput).toMatch(new RegExp(`migrated from version 0 to ${latestCentralVersion}`));
      expect(setupOutput).toMatch(/Event partitions created: 16/);
      expect(setupOutput).toMatch(/studio_a: studio login .*password pass-a/);
    });

    it('a studio sees, updates and writes only its own rows, and deletes none', async () => {
      expect((await a.query('SELECT studio_id, title FROM fleet.sessions')).rows).toEqual([{ studio_id: studioA, title: 'Berlin tea' }]);
      expect((await a.query('SELECT count(*)::int AS n FROM fleet.events')).rows[0].n).toBe(1);
      expect((await a.query('SELECT count(*)::int AS n FROM fleet.events WHERE studio_id = $1', [studioB])).rows[0].n).toBe(0);
      expect((await a.query(`UPDATE fleet.sessions SET title = 'taken' WHERE studio_id = $1`, [studioB])).rowCount).toBe(0);
      await expect(a.query('DELETE FROM fleet.sessions WHERE studio_id = $1', [studioB])).rejects.toThrow(/permission denied/);
      await expect(a.query('DELETE FROM fleet.events')).rejects.toThrow(/permission denied/);
      await expect(a.query('UPDATE fleet.events SET kind = $1', ['x'])).rejects.toThrow(/permission denied/);
      await expect(
        a.query(`INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, payload) VALUES ($1, 'forged', 1, now(), 'x', '{}')`, [studioB]),
      ).rejects.toThrow(/row-level security/);
      // Moving an own row to another studio is refused too.
      await expect(a.query('UPDATE fleet.sessions SET studio_id = $1', [studioB])).rejects.toThrow(/row-level security/);
      // No way around the policies: partitions, the login table.
      const partition = (await a.query(`SELECT 'fleet.events_' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') AS p`)).rows[0].p as string;
      await expect(a.query(`SELECT * FROM ${partition}`)).rejects.toThrow(/permission denied/);
      await expect(a.query('SELECT * FROM fleet.studio_logins')).rejects.toThrow(/permission denied/);
      expect((await b.query(`SELECT title FROM fleet.sessions`)).rows).toEqual([{ title: 'Madrid silk' }]);
    });

    it('the review aggregates: a studio reads and upserts only its own rows, deletes none; the manager reads all', async () => {
      for (const table of ['session_spans', 'session_kind_counts', 'session_health', 'session_product_sales']) {
        expect((await a.query(`SELECT count(*)::int AS n FROM fleet.${table} WHERE studio_id = $1`, [studioB])).rows[0].n).toBe(0);
        await expect(a.query(`DELETE FROM fleet.${table}`)).rejects.toThrow(/permission denied/);
        await expect(manager.query(`DELETE FROM fleet.${table}`)).rejects.toThrow(/permission denied/);
      }
      expect((await a.query('SELECT studio_id, n::int FROM fleet.session_kind_counts')).rows).toEqual([{ studio_id: studioA, n: 1 }]);
      // The sync's upsert, on its own row: allowed; another studio's row: neither inserted nor changed.
      const upsert = `INSERT INTO fleet.session_kind_counts AS t (studio_id, session_id, kind, n) VALUES ($1, $2, 'session.mark', 7)
        ON CONFLICT (studio_id, session_id, kind) DO UPDATE SET n = excluded.n`;
      await a.query(upsert, [studioA, 's-Berlin tea']);
      await expect(a.query(upsert, [studioB, 's-Madrid silk'])).rejects.toThrow(/row-level security/);
      expect((await a.query(`UPDATE fleet.session_product_sales SET units_sold = 0 WHERE studio_id = $1`, [studioB])).rowCount).toBe(0);
      await expect(
        a.query(`INSERT INTO fleet.session_spans (studio_id, session_id, lane, from_at, seq, label) VALUES ($1, 'forged', 'scene', now(), 1, 'x')`, [studioB]),
      ).rejects.toThrow(/row-level security/);
      expect((await manager.query('SELECT n::int FROM fleet.session_kind_counts ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 7 }]);
      expect((await manager.query('SELECT units_sold FROM fleet.session_product_sales')).rows).toEqual([{ units_sold: 3 }, { units_sold: 3 }]);
      await expect(manager.query(`UPDATE fleet.session_kind_counts SET n = 0`)).rejects.toThrow(/permission denied/);
    });

    it('a studio login cannot claim another studio id, nor be claimed by a second studio', async () => {
      await expect(a.query('SELECT fleet.claim_studio($1, $2, $3)', [studioB, 'x', 'x'])).rejects.toThrow(/belongs to studio/);
      await expect(manager.query('SELECT fleet.claim_studio($1, $2, $3)', [studioB, 'x', 'x'])).rejects.toThrow(/permission denied/);
      expect((await a.query('SELECT fleet.my_studio() AS id')).rows[0].id).toBe(studioA);
      // SET ROLE does not change the studio: it is read from the login (session_user).
      await a.query('SET ROLE broadcart_studio');
      expect((await a.query('SELECT count(*)::int AS n FROM fleet.sessions')).rows[0].n).toBe(1);
      await a.query('RESET ROLE');
    });

    it('the manager reads every studio and writes nothing', async () => {
      expect((await manager.query('SELECT title FROM fleet.sessions ORDER BY title')).rows).toEqual([{ title: 'Berlin tea' }, { title: 'Madrid silk' }]);
      expect((await manager.query('SELECT count(*)::int AS n FROM fleet.events')).rows[0].n).toBe(2);
      expect((await manager.query('SELECT name FROM fleet.studios ORDER BY name')).rows).toEqual([{ name: 'Berlin tea' }, { name: 'Madrid silk' }]);
      await expect(manager.query(`UPDATE fleet.sessions SET title = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(manager.query(`INSERT INTO fleet.studios (studio_id) VALUES (gen_random_uuid())`)).rejects.toThrow(/permission denied/);
    });

    it('creates a missing month partition on demand, once, for a studio too', async () => {
      const old = Date.UTC(2019, 4, 17);
      await expect(a.query(`INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, payload) VALUES ($1, 'old', 1, $2, 'x', '{}')`, [studioA, new Date(old)])).rejects.toThrow(/no partition/);
      expect((await a.query('SELECT fleet.ensure_event_partitions($1, $1) AS n', [new Date(old)])).rows[0].n).toBe(1);
      expect((await b.query('SELECT fleet.ensure_event_partitions($1, $1) AS n', [new Date(old)])).rows[0].n).toBe(0);
      await a.query(`INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, payload) VALUES ($1, 'old', 1, $2, 'x', '{}')`, [studioA, new Date(old)]);
    });
  });
});
