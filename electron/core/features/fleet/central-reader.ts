import pg from 'pg';
import type { CentralStoreGateway } from '../gateways';
import { checkCentralSchema } from './central-schema';
import { classifyFailure, clientConfig, displayUrl, parseCentralUrl, type CentralTarget } from './central-connection';

/** The central store as the manager's review reads it: a small pool, closed when the host stops. */
export interface CentralStore extends CentralStoreGateway {
  close(): Promise<void>;
}

/**
 * Opens the pool for a manager's host (`serve --central`). Errors are sorted as the sync sorts them
 * (wrong password, TLS, unreachable...), so the review shows the same reasons as the status bar.
 * Without a password given, `pg` reads PGPASSWORD (or ~/.pgpass is not used: give it in the env).
 */
export function openCentralStore(target: CentralTarget): CentralStore {
  const url = parseCentralUrl(target.url);
  const pool = new pg.Pool({ ...clientConfig(target, 'Broadcart Studio review'), max: 4, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away: the next query reports it.
  pool.on('error', () => undefined);
  let checked: Promise<void> | null = null;
  const check = () =>
    (checked ??= (async () => {
      const client = await pool.connect();
      try {
        await checkCentralSchema(client);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      checked = null;
      throw error;
    }));
  return {
    displayUrl: displayUrl(target.url),
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      try {
        await check();
        return (await pool.query(sql, params)).rows as T[];
      } catch (error) {
        throw classifyFailure(error, { host: url.host, user: url.user }).error;
      }
    },
    close: () => pool.end(),
  };
}
