import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../../support/postgres';

/** The harness itself: a real server that survives stop/start and SIGKILL, and leaves nothing behind. */
describe('throwaway PostgreSQL cluster', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  async function query(sql: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: cluster.adminUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('accepts password connections, keeps committed rows across a stop and a SIGKILL, and is removed after', async () => {
    await query('CREATE TABLE t (n int primary key)');
    await query('INSERT INTO t VALUES (1)');
    await cluster.stop();
    expect(cluster.running).toBe(false);
    await expect(query('SELECT 1')).rejects.toThrow();
    await cluster.start();
    await query('INSERT INTO t VALUES (2)');
    await cluster.kill();
    await cluster.start();
    expect(await query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);

    const bad = new pg.Client({ connectionString: cluster.url('postgres', 'wrong') });
    await expect(bad.connect()).rejects.toThrow(/password authentication failed/);

    const dir = cluster.dataDir;
    await cluster.destroy();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
