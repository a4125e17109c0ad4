/**
 * `npm run bench:fleet`: the fleet sync of one big session to a real PostgreSQL (a throwaway cluster from
 * Debian's package), beside a raw COPY of the same rows into the same table in the same run.
 *
 * 1. A session of BENCH_FLEET_EVENTS events (1,000,000 by default) is logged in a fresh data folder.
 * 2. Baseline: the same rows, read from SQLite at once, sent by one raw COPY straight into fleet.events
 *    (under another session id) as the owner: no staging, no cursor, no slicing, no row-level security.
 * 3. The app: fleet.configure, then the time until the sync reports the session central, while
 *    perf_hooks.monitorEventLoopDelay records the host's event-loop delay.
 * 4. The loop delay of the same host idle, as the baseline for the delay (a loaded machine delays any loop).
 * Goals (issue 15): at least 50% of the raw COPY rate; event-loop delay p99 under 5 ms meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { startHost } from '../electron/core/host';
import { setupCentral } from '../electron/core/features/fleet/central-setup';
import { startPostgres } from '../test/support/postgres';

const events = Number(process.env.BENCH_FLEET_EVENTS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-bench-fleet-'));

const copyField = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

async function main(): Promise<void> {
  const cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await setupCentral(admin, { studios: [{ name: 'bench_studio', password: 'bench' }] });

  const host = await startHost({ dataDir: dir, port: 0, lan: false, runtime: 'node', version: '0.0.0-bench', seedDemo: false, fleetSync: process.env.BENCH_FLEET_SLICE ? { sliceRows: Number(process.env.BENCH_FLEET_SLICE) } : undefined });
  const call = host.context.dispatcher.client();
  const writer = host.features.session.writer;
  const session = await call('session.start', { title: 'Bench', market: 'US' });
  const t0 = Date.now() - events * 14;
  for (let i = 0; i < events; i++) {
    const at = t0 + i * 14;
    if (i % 2 === 0) writer.append(session.id, at, 'stream.health', null, { fps: 30 - (i % 3), cpuPct: 20 + (i % 30), droppedPct: (i % 23) / 100, bytesPerSec: 750_000 });
    else writer.append(session.id, at, 'prompter.cue.reached', null, { cueId: `c${i % 400}`, cueType: 'line', lane: 'host', language: 'en', scriptId: 's1' });
    if (i % 10_000 === 9_999) writer.flushAll();
  }
  await call('session.end', {});
  const total = (host.context.db.prepare('SELECT count(*) AS n FROM session_events WHERE session_id = ?').get(session.id) as { n: number }).n;

  // Baseline: one raw COPY of the same rows into the same table.
  const rows = host.context.db.prepare('SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq').all(session.id) as {
    seq: number; at: number; kind: string; product_id: string | null; payload: string;
  }[];
  const studioId = host.features.fleet.studioId;
  const rawStart = performance.now();
  const copy = admin.query(copyFrom('COPY fleet.events (studio_id, session_id, seq, at, kind, product_id, payload) FROM STDIN'));
  const chunk: string[] = [];
  for (const r of rows) {
    chunk.push(`${studioId}\traw-${session.id}\t${r.seq}\t${new Date(r.at).toISOString()}\t${copyField(r.kind)}\t${copyField(r.product_id)}\t${copyField(r.payload)}\n`);
    if (chunk.length === 5000) {
      copy.write(chunk.join(''));
      chunk.length = 0;
    }
  }
  copy.end(chunk.join(''));
  await finished(copy);
  const rawMs = performance.now() - rawStart;

  // Baseline for the loop delay: the same host idle for 3 s (on a loaded machine, CPU starvation alone delays it).
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idle.disable();
  const idleP99 = idle.percentile(99) / 1e6;

  // The app's sync, with the event loop watched.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const syncStart = performance.now();
  const done = new Promise<void>((resolve) => {
    const off = host.context.bus.on('fleet.changed', (e) => {
      if (e.payload.state === 'upToDate') {
        off();
        resolve();
      }
    });
  });
  await call('fleet.configure', { url: `postgres://bench_studio@127.0.0.1:${cluster.port}/postgres`, password: 'bench' });
  await done;
  const syncMs = performance.now() - syncStart;
  loop.disable();
  const central = (await admin.query('SELECT count(*)::int AS n FROM fleet.events WHERE session_id = $1', [session.id])).rows[0].n as number;

  await host.stop();
  await admin.end();
  await cluster.destroy();
  fs.rmSync(dir, { recursive: true, force: true });

  const rawRate = Math.round(total / (rawMs / 1000));
  const syncRate = Math.round(total / (syncMs / 1000));
  const p99 = loop.percentile(99) / 1e6;
  const results = [
    { name: 'raw COPY into fleet.events (baseline)', value: rawRate, unit: 'rows/s' },
    { name: 'fleet sync (staging COPY, upsert, cursor)', value: syncRate, unit: 'rows/s', baseline: rawRate, goal: '>= 50% of raw COPY', ok: syncRate >= rawRate * 0.5 },
    { name: 'event-loop delay p99, host idle (baseline)', value: Math.round(idleP99 * 100) / 100, unit: 'ms' },
    { name: 'event-loop delay p99 during the sync', value: Math.round(p99 * 100) / 100, unit: 'ms', baseline: Math.round(idleP99 * 100) / 100, goal: '< 5 ms', ok: p99 < 5 },
    { name: 'event-loop delay max during the sync', value: Math.round((loop.max / 1e6) * 100) / 100, unit: 'ms' },
    { name: 'rows central / rows local', value: central, unit: `of ${total}`, ok: central === total },
  ];
  console.log(`\nFleet sync benchmark (${total.toLocaleString('en')} events of one session)\n`);
  console.table(
    results.map((r) => ({
      measure: r.name,
      value: r.value.toLocaleString('en'),
      unit: r.unit,
      baseline: r.baseline?.toLocaleString('en') ?? '',
      ratio: r.baseline ? `${Math.round((r.value / r.baseline) * 100)}%` : '',
      goal: r.goal ?? '',
      met: r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
    })),
  );
  const out = path.join(import.meta.dirname, 'results', 'fleet.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, events: total, results }, null, 2));
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
