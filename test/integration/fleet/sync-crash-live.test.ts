import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import { waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';
import { tempDir } from '../../support/temp';

/**
 * The studio PC dies while its live session is being copied: a real host in a child process logs a
 * session and syncs it to a real PostgreSQL as it goes, and is SIGKILLed once the server holds part of
 * it. The host started again finds the session interrupted, syncs the rest from its cursor, and after a
 * resume and an end the central rows equal the local ones: every seq once, 1..n, the same bytes.
 */
const child = path.join(import.meta.dirname, 'sync-crash-live-child.ts');

describe('fleet sync after a SIGKILL of the host during a live session', () => {
  let cluster: PgCluster;
  let manager: pg.Client;
  let studioUrl: string;
  const temp = tempDir('broadcart-fleet-crash-live-');
  let host: TestHost | null = null;

  beforeAll(async () => {
    cluster = await startPostgres();
    const root = new pg.Client({ connectionString: cluster.adminUrl });
    await root.connect();
    await root.query('CREATE DATABASE fleet_live');
    await root.end();
    const admin = new pg.Client({ connectionString: cluster.url('postgres', undefined, 'fleet_live') });
    await admin.connect();
    await setupCentral(admin, { studios: [{ name: 'studio_live', password: 'pw-live' }], managers: [{ name: 'boss', password: 'pw-boss' }] });
    await admin.end();
    manager = new pg.Client({ connectionString: cluster.url('boss', 'pw-boss', 'fleet_live') });
    await manager.connect();
    studioUrl = `postgres://studio_live@127.0.0.1:${cluster.port}/fleet_live`;
  });
  afterAll(async () => {
    await host?.stop();
    await manager?.end().catch(() => undefined);
    await cluster?.destroy();
    temp.cleanup();
  });

  const centralEvents = async (sessionId: string) => {
    const ms = `(extract(epoch FROM at) * 1000)::bigint`;
    return (
      await manager.query(
        `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq, coalesce(min(seq), 0)::int AS min_seq, coalesce(max(seq), 0)::int AS max_seq,
                md5(string_agg(seq || '|' || ${ms} || '|' || kind || '|' || payload::text, E'\\n' ORDER BY seq)) AS hash
           FROM fleet.events WHERE session_id = $1`,
        [sessionId],
      )
    ).rows[0] as { n: number; distinct_seq: number; min_seq: number; max_seq: number; hash: string | null };
  };
  const centralSession = async (sessionId: string) =>
    (await manager.query('SELECT status, event_count::int AS n FROM fleet.sessions WHERE session_id = $1', [sessionId])).rows[0] as { status: string; n: number } | undefined;

  /** The same md5 as the server's, over the local rows. */
  function localEvents(db: BetterSqlite3.Database, sessionId: string) {
    const rows = db.prepare('SELECT seq, at, kind, payload FROM session_events WHERE session_id = ? ORDER BY seq').all(sessionId) as { seq: number; at: number; kind: string; payload: string }[];
    const lines = rows.map((r) => `${r.seq}|${r.at}|${r.kind}|${r.payload}`).join('\n');
    return { n: rows.length, hash: rows.length ? crypto.createHash('md5').update(lines).digest('hex') : null };
  }

  const upToDate = (h: TestHost) =>
    waitFor(
      async () => {
        const s = (await h.call('fleet.status')) as FleetStatus;
        return s.state === 'upToDate' && s.sessionsBehind === 0 && s.eventsBehind === 0 ? s : false;
      },
      'fleet.status up to date',
      60_000,
    );

  it('the host started again syncs the interrupted session from its cursor, and after resume and end it is central exactly once', { timeout: 120_000 }, async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, temp.dir, studioUrl, 'pw-live'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
    let sessionId: string;
    try {
      sessionId = await new Promise<string>((resolve, reject) => {
        proc.once('exit', () => reject(new Error(`the child exited before it started the session: ${stderr}`)));
        readline.createInterface({ input: proc.stdout }).on('line', (line) => {
          const [word, id] = line.split(' ');
          if (word === 'session') resolve(id!);
        });
      });
      // Killed once the live sync has copied a part and the session is still growing.
      const seen = await waitFor(async () => {
        const { n } = await centralEvents(sessionId);
        return n >= 2_000 ? n : false;
      }, 'part of the live session central', 60_000);
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      console.log(`killed the host with ${seen} events of the live session central`);
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }

    // What the crash left on the server: a prefix 1..m of the session, each seq once; the session row live.
    const atKill = await centralEvents(sessionId);
    expect(atKill).toMatchObject({ distinct_seq: atKill.n, min_seq: 1, max_seq: atKill.n });
    expect((await centralSession(sessionId))?.status).toBe('live');

    host = await startTestHost({ dataDir: temp.dir, seedDemo: false, fleetSync: { retryMinMs: 20, retryMaxMs: 200 } });
    const h = host;
    const db = h.host.context.db as unknown as BetterSqlite3.Database;
    expect(h.host.context.previousRunCrashed).toBe(true);
    expect((await h.call('session.get', { id: sessionId })).status).toBe('interrupted');

    await upToDate(h);
    const interrupted = localEvents(db, sessionId);
    expect(interrupted.n).toBeGreaterThan(atKill.n);
    expect(await centralEvents(sessionId)).toEqual({ n: interrupted.n, distinct_seq: interrupted.n, min_seq: 1, max_seq: interrupted.n, hash: interrupted.hash });
    expect(await centralSession(sessionId)).toEqual({ status: 'interrupted', n: interrupted.n });

    // The host resumes the session and ends it: the rest follows, and nothing before is copied again.
    await h.call('session.resume', { id: sessionId });
    await h.call('session.mark', { text: 'after the crash' });
    await h.call('session.end');
    // The status reflects the last pass, which may predate the writer's commit of these three events:
    // wait for the server to hold the ended session as the PC has it.
    const ended = localEvents(db, sessionId);
    await waitFor(async () => {
      const row = await centralSession(sessionId);
      return row?.status === 'ended' && row.n === ended.n;
    }, 'the ended session central', 60_000);
    await upToDate(h);
    expect(ended.n).toBe(interrupted.n + 3);
    expect(await centralEvents(sessionId)).toEqual({ n: ended.n, distinct_seq: ended.n, min_seq: 1, max_seq: ended.n, hash: ended.hash });
    expect(await centralSession(sessionId)).toEqual({ status: 'ended', n: ended.n });
  });
});
