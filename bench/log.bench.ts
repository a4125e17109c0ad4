/**
 * `npm run bench:log`: the session log's write path and review, each figure beside a baseline measured in
 * the same run on the same machine.
 *
 * 1. Raw better-sqlite3: the same rows inserted into the same table in transactions of 100 (the ceiling).
 * 2. The app's write path: LogWriter.append (group commit, bounded slices), fed flat out by a producer
 *    that publishes in bursts of 500 and yields, then at a steady 50% of the raw rate by a producer on a
 *    1 ms timer (the goal's condition), while perf_hooks.monitorEventLoopDelay records loop delay. Each
 *    phase starts from a fully checkpointed WAL.
 * 3. The same through the host's event bus (contract validation + the session-log listener).
 * 4. A 1,000,000-event session: review summary, one events-table page, one timeline page, health, CSV export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { csvLines } from '../electron/core/features/session/export-render';
import { startHost } from '../electron/core/host';
import type { SessionFeature } from '../electron/core/features/session/session-feature';

const eventsToWrite = Number(process.env.BENCH_LOG_EVENTS ?? 200_000);
const reviewEvents = Number(process.env.BENCH_LOG_REVIEW_EVENTS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-bench-log-'));

/**
 * The mix of a long, busy broadcast: per 2,000 events, about 1,000 health samples and 950 prompter cues,
 * 20 scene changes, 4 pins and 2 unpins, 2 deals started and ended, 4 health alarms, 2 marks and 1 error.
 * (A million events is about 4 hours at 70 events/s; pins and deals stay in the thousands, not the millions.)
 */
function eventAt(i: number, t0: number, sessionId: string): { at: number; kind: string; productId: string | null; payload: Record<string, unknown> } {
  const at = t0 + i * 14;
  const r = i % 2000;
  const productId = `prod-${Math.floor(i / 500) % 25}`;
  if (r < 1000) return { at, kind: 'stream.health', productId: null, payload: { fps: 30 - (i % 3), cpuPct: 20 + (i % 30), memoryMb: 800, renderSkippedPct: 0, outputSkippedPct: (i % 17) / 100, droppedPct: (i % 23) / 100, congestion: (i % 10) / 10, bytesPerSec: 750_000, streaming: true, reconnecting: false, totalDroppedFrames: i % 50, totalStreamFrames: i } };
  if (r < 1950) return { at, kind: 'prompter.cue.reached', productId: null, payload: { cueId: `c${i % 400}`, cueType: 'line', lane: 'host', language: 'en' } };
  if (r < 1970) return { at, kind: 'obs.scene.changed', productId: null, payload: { sceneName: `Scene ${i % 6}` } };
  if (r < 1974) return { at, kind: 'product.pinned', productId, payload: { productId, sku: `SKU-${productId}`, output: 'main', market: 'US' } };
  if (r < 1976) return { at, kind: 'product.unpinned', productId, payload: { productId, output: 'main' } };
  if (r < 1978) return { at, kind: 'deal.started', productId, payload: { dealId: `d${Math.floor(i / 1000)}`, productId, market: 'US', dealPriceMinor: 1999, currency: 'USD', stock: 50, endsAt: at + 60_000 } };
  if (r < 1980) return { at, kind: 'deal.ended', productId, payload: { dealId: `d${Math.floor(i / 1000)}`, productId, unitsSold: i % 9, revenueMinor: (i % 9) * 1999, currency: 'USD', reason: 'time' } };
  if (r < 1984) return { at, kind: 'stream.alarm', productId: null, payload: { metric: 'dropped', valuePct: 1.5, thresholdPct: 0.1 } };
  if (r < 1986) return { at, kind: 'session.mark', productId: null, payload: { sessionId, text: `moment ${i}` } };
  if (r < 1987) return { at, kind: 'error', productId: null, payload: { source: 'obs', code: 'encoder', message: 'Encoder overloaded' } };
  return { at, kind: 'prompter.cue.reached', productId: null, payload: { cueId: `c${i % 400}`, cueType: 'line', lane: 'cohost', language: 'zh-CN' } };
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
/** Times each commit slice of the writer (a wrapper around its private slice method, bench only). */
function timeSlices(log: SessionFeature): { stop: () => number[] } {
  const writer = log.writer as unknown as { writeNextSlice: (maxRows?: number) => boolean };
  const original = writer.writeNextSlice;
  const times: number[] = [];
  writer.writeNextSlice = function (this: unknown, maxRows?: number) {
    const start = performance.now();
    const ok = original.call(this, maxRows);
    times.push(performance.now() - start);
    return ok;
  };
  return {
    stop: () => {
      writer.writeNextSlice = original;
      return times;
    },
  };
}

/** Resolves once the writer has committed everything queued (its last rows wait for their window). */
async function drained(log: SessionFeature): Promise<void> {
  while (log.writer.pending() > 0) await new Promise((r) => setTimeout(r, 1));
}
/**
 * Resolves once the WAL left by the previous phase is fully checkpointed into the database and the
 * checkpointer has had a few quiet ticks, so that each phase starts from the same state instead of sharing
 * the disk with the previous phase's checkpoints (the same state a running host reaches after a burst: the
 * -wal file keeps its size and is written again from its start). Checking costs one PASSIVE checkpoint
 * call on this connection, outside any measured phase.
 */
async function walCheckpointed(db: Database): Promise<void> {
  for (;;) {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    if (!state || state.log === state.checkpointed) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 750));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const host = await startHost({ dataDir: dir, port: 0, lan: false, runtime: 'node', version: 'bench', seedDemo: false });
  const db = host.context.db;
  const walFile = `${db.name}-wal`;
  const log = host.features.session;
  const call = host.context.dispatcher.client();
  const rows: { name: string; value: number; unit: string; baseline?: number; goal?: string; ok?: boolean }[] = [];

  // 1. Raw baseline: same rows, same table (with its index), prepared insert, transactions of 100.
  const raw = await call('session.start', { title: 'raw baseline', market: 'US' });
  log.writer.flushAll();
  const prepared = Array.from({ length: eventsToWrite }, (_, i) => eventAt(i, Date.now(), raw.id)).map((e) => ({ ...e, payload: JSON.stringify(e.payload) }));
  const insert = db.prepare('INSERT INTO session_events (session_id, seq, at, kind, product_id, payload) VALUES (?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const e = prepared[i]!;
      insert.run(raw.id, i + 1000, e.at, e.kind, e.productId, e.payload);
    }
  });
  const rawRun = time(() => {
    for (let i = 0; i < eventsToWrite; i += 100) tx(i, Math.min(eventsToWrite, i + 100));
  });
  const rawRate = eventsToWrite / (rawRun.ms / 1000);
  // Let the prepared rows go: kept alive, 200,000 rows (about 100 MB) would sit in the old generation for
  // the rest of the run and lengthen every garbage collection measured below, which a host never holds.
  prepared.length = 0;
  rows.push({ name: 'raw better-sqlite3, tx of 100', value: Math.round(rawRate), unit: 'rows/s' });
  await call('session.end');

  // For reference, the shape toolchain.md measured (5 small columns, rowid table, no index) in this run:
  // the gap to the row above is the session log's rows (about 300-byte JSON payloads, a UUID key in the
  // primary key and in the kind index), not a handicap of the baseline. Same file, same pragmas.
  db.exec('CREATE TABLE IF NOT EXISTS main.bench_small (a INTEGER, b INTEGER, c TEXT, d TEXT, e INTEGER)');
  const insertSmall = db.prepare('INSERT INTO main.bench_small VALUES (?, ?, ?, ?, ?)');
  const txSmall = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) insertSmall.run(i, i * 2, 'abc', 'def', i);
  });
  const smallRun = time(() => {
    for (let i = 0; i < eventsToWrite; i += 100) txSmall(i, Math.min(eventsToWrite, i + 100));
  });
  db.exec('DROP TABLE main.bench_small');
  rows.push({ name: '  (5 small columns, tx of 100: toolchain.md shape)', value: Math.round(eventsToWrite / (smallRun.ms / 1000)), unit: 'rows/s' });

  // 2. The app's write path, with a producer that yields between bursts (as bus publishers do).
  const writeRun = async (label: string, publish: (sessionId: string, i: number, t0: number) => void) => {
    const session = await call('session.start', { title: label, market: 'US' });
    log.writer.flushAll();
    await walCheckpointed(db);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const slices = timeSlices(log);
    // WAL checkpoints run in a worker thread (electron/core/db/checkpointer.ts): the WAL's largest size
    // shows that it stays bounded while the main thread never checkpoints.
    let largestWal = 0;
    const t0 = Date.now();
    const start = performance.now();
    histogram.enable();
    await new Promise<void>((resolve) => {
      let i = 0;
      const burst = () => {
        for (const end = Math.min(eventsToWrite, i + 500); i < end; i++) publish(session.id, i, t0);
        if (i % 10_000 === 0) largestWal = Math.max(largestWal, fs.existsSync(walFile) ? fs.statSync(walFile).size : 0);
        if (i < eventsToWrite) setImmediate(burst);
        else resolve();
      };
      burst();
    });
    await drained(log);
    const ms = performance.now() - start;
    histogram.disable();
    const sliceMs = slices.stop().sort((a, b) => a - b);
    await call('session.end');
    return {
      rate: eventsToWrite / (ms / 1000),
      p99: histogram.percentile(99) / 1e6,
      max: histogram.max / 1e6,
      sliceP50: sliceMs[Math.floor(sliceMs.length / 2)] ?? 0,
      sliceP99: sliceMs[Math.floor(sliceMs.length * 0.99)] ?? 0,
      largestWalMb: largestWal / 1024 / 1024,
    };
  };
  // The paced producer: every millisecond (a timer, as socket and timer-driven publishers run), it
  // publishes the events due at `rate` since it started. Between ticks the loop sleeps, as a real host's
  // does: a producer that re-queued itself with setImmediate would keep the host's thread at 100% CPU, and
  // on 2 cores every other thread (the checkpointer, GC helpers, the kernel's writeback) could then only
  // run by preempting it for a scheduler slice (about 5 ms here), whatever the write path does.
  const pacedProducer = (rate: number, publish: (i: number) => void, spin = false) =>
    new Promise<number>((resolve) => {
      const start = performance.now();
      let i = 0;
      let maxBacklog = 0;
      const tick = () => {
        const due = Math.min(eventsToWrite, Math.floor(((performance.now() - start) / 1000) * rate));
        for (; i < due; i++) publish(i);
        maxBacklog = Math.max(maxBacklog, log.writer.pending());
        if (i >= eventsToWrite) resolve(maxBacklog);
        else if (spin) setImmediate(tick);
        else setTimeout(tick, 1);
      };
      tick();
    });
  // Baseline for the loop delay: the same paced producer making the same events and serializing them as
  // append() does, with nothing behind it. What this shows is the producer's own share of the delay plus
  // the machine's scheduling noise (other processes on the 2 cores), which no write path can go below.
  await walCheckpointed(db);
  const noise = await (async () => {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const t0 = Date.now();
    let chars = 0;
    histogram.enable();
    await pacedProducer(rawRate * 0.5, (i) => {
      chars += JSON.stringify(eventAt(i, t0, 'noise').payload).length;
    });
    histogram.disable();
    return { p99: histogram.percentile(99) / 1e6, chars };
  })();
  const direct = await writeRun('writer', (id, i, t0) => {
    const e = eventAt(i, t0, id);
    log.writer.append(id, e.at, e.kind, e.productId, e.payload);
  });
  rows.push({ name: 'app write path (LogWriter)', value: Math.round(direct.rate), unit: 'events/s', baseline: Math.round(rawRate), goal: '>= 50% of raw', ok: direct.rate >= rawRate * 0.5 });
  rows.push({ name: '  event-loop delay p99 meanwhile', value: +direct.p99.toFixed(2), unit: 'ms', baseline: +noise.p99.toFixed(2), goal: '< 5 ms', ok: direct.p99 < 5 });
  rows.push({ name: '  event-loop delay max meanwhile', value: +direct.max.toFixed(2), unit: 'ms' });
  rows.push({ name: '  writer slice (one commit) p50 / p99', value: +direct.sliceP50.toFixed(2), unit: `ms / ${direct.sliceP99.toFixed(2)} ms`, goal: 'p50 <= ~2 ms' });
  rows.push({ name: '  largest WAL file meanwhile (checkpoints in a worker)', value: +direct.largestWalMb.toFixed(1), unit: 'MB', goal: 'bounded (RESTART past 128 MB)' });

  // 2b. The goal's own condition: events offered at a steady 50% of the raw rate (the rate the app must
  // sustain), spread over the loop's turns as a real host's publishers would, and the loop delay
  // measured meanwhile. Flat out (above), the producer outruns the disk on purpose and the backlog's
  // garbage collection shows in the delay; at the sustained rate there is no backlog to collect.
  const pacedRun = async (spin: boolean) => {
    const target = rawRate * 0.5;
    const session = await call('session.start', { title: spin ? 'paced, spinning producer' : 'paced', market: 'US' });
    log.writer.flushAll();
    await walCheckpointed(db);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const t0 = Date.now();
    const start = performance.now();
    histogram.enable();
    const maxBacklog = await pacedProducer(
      target,
      (i) => {
        const e = eventAt(i, t0, session.id);
        log.writer.append(session.id, e.at, e.kind, e.productId, e.payload);
      },
      spin,
    );
    await drained(log);
    const ms = performance.now() - start;
    histogram.disable();
    await call('session.end');
    return { target, rate: eventsToWrite / (ms / 1000), p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, maxBacklog };
  };
  const paced = await pacedRun(false);
  // For comparison with earlier figures: the same, with a producer that re-queues itself with setImmediate
  // and so keeps the host's thread busy even when nothing is due (see pacedProducer).
  const pacedSpinning = await pacedRun(true);
  rows.push({
    name: 'paced at 50% of raw: rate kept',
    value: Math.round(paced.rate),
    unit: 'events/s',
    baseline: Math.round(paced.target),
    goal: '>= 95% of offered',
    ok: paced.rate >= paced.target * 0.95,
  });
  rows.push({ name: '  event-loop delay p99 meanwhile', value: +paced.p99.toFixed(2), unit: 'ms', baseline: +noise.p99.toFixed(2), goal: '< 5 ms', ok: paced.p99 < 5 });
  rows.push({ name: '  event-loop delay max / largest backlog', value: +paced.max.toFixed(2), unit: `ms / ${paced.maxBacklog} events` });
  rows.push({ name: '  (same, spinning producer) loop delay p99', value: +pacedSpinning.p99.toFixed(2), unit: `ms (max ${pacedSpinning.max.toFixed(1)} ms)` });

  // 3. Through the bus: only kinds that exist in the contract are published (validation included).
  const bus = await writeRun('bus', (id) => {
    host.context.bus.publish('session.mark', { sessionId: id, text: 'bench' });
  });
  rows.push({ name: 'bus.publish(session.mark) -> log', value: Math.round(bus.rate), unit: 'events/s', baseline: Math.round(rawRate) });
  rows.push({ name: '  event-loop delay p99 meanwhile', value: +bus.p99.toFixed(2), unit: 'ms', goal: '< 5 ms', ok: bus.p99 < 5 });

  // 4. A 1,000,000-event session, written through the writer, then reviewed.
  const big = await call('session.start', { title: 'million', market: 'US' });
  const t0 = big.startedAt;
  for (let i = 0; i < reviewEvents; i++) {
    const e = eventAt(i, t0, big.id);
    log.writer.append(big.id, e.at, e.kind, e.productId, e.payload);
    if (i % 100_000 === 0) log.writer.flushAll();
  }
  log.writer.flushAll();
  await call('session.end');
  const session = await call('session.get', { id: big.id });
  const reps = 5;
  const measure = async (name: string, goal: string, limit: number, fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push((await timeAsync(fn)).ms);
    const ms = median(times);
    rows.push({ name, value: +ms.toFixed(1), unit: 'ms', goal, ok: ms < limit });
  };
  await measure(`summary of ${reviewEvents.toLocaleString('en')} events`, '< 150 ms', 150, () => call('session.summary', { id: big.id }));
  await measure('events page (200 rows, middle)', '< 50 ms', 50, () => call('session.events', { id: big.id, offset: Math.floor(reviewEvents / 2), limit: 200 }));
  await measure('events page filtered by kind (200 rows)', '< 50 ms', 50, () => call('session.events', { id: big.id, kinds: ['session.mark'], offset: 5000, limit: 200 }));
  const span = (session.lastEventAt ?? t0) - t0;
  await measure('timeline page (10 % of the session)', '< 50 ms', 50, () => call('session.timeline', { id: big.id, from: t0 + span * 0.45, to: t0 + span * 0.55 }));
  // The events are spread over ~4 hours after the start while the session was ended a few seconds in, so
  // the whole span is named explicitly (the default range ends at the session's end).
  await measure('timeline, whole session (capped lanes)', 'info', Infinity, () => call('session.timeline', { id: big.id, from: t0, to: t0 + span, limitPerLane: 2000 }));
  await measure('health chart (600 points)', '< 50 ms', 50, () => call('session.health', { id: big.id }));

  // Baselines for the export: the CSV library alone (Papa Parse through csvLines, as the export uses it)
  // on 200,000 of the same rows already in memory (read beforehand, not timed), in the same
  // 10,000-record calls: the library's own ceiling on this machine.
  const sample = db
    .prepare('SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq LIMIT 200000')
    .raw()
    .all(big.id) as [number, number, string, string | null, string][];
  const papaRun = time(() => {
    let chars = 0;
    for (let i = 0; i < sample.length; i += 10_000) {
      chars += csvLines(sample.slice(i, i + 10_000).map(([seq, at, kind, productId, payload]) => [big.id, seq, at, new Date(at).toISOString(), kind, productId ?? '', payload])).length;
    }
    return chars;
  });
  const papaRate = sample.length / (papaRun.ms / 1000);
  let progressEvents = 0;
  const offProgress = host.context.bus.on('session.export.progress', () => progressEvents++);
  // The export renders in worker threads: the host's event loop is watched meanwhile.
  const exportLoop = monitorEventLoopDelay({ resolution: 1 });
  exportLoop.enable();
  const exportRun = await timeAsync(() => call('session.export', { id: big.id, format: 'csv', folder: path.join(dir, 'exports') }));
  exportLoop.disable();
  offProgress();
  const csvRate = exportRun.value.rows / (exportRun.ms / 1000);
  rows.push({ name: `CSV export (${progressEvents} progress events)`, value: Math.round(csvRate), unit: 'rows/s', baseline: Math.round(papaRate), goal: '> 200,000 rows/s', ok: csvRate > 200_000 });
  rows.push({ name: '  (baseline: Papa Parse alone, rows in memory)', value: Math.round(papaRate), unit: 'rows/s' });
  rows.push({ name: '  event-loop delay p99 / max meanwhile', value: +(exportLoop.percentile(99) / 1e6).toFixed(2), unit: `ms / ${(exportLoop.max / 1e6).toFixed(1)} ms` });
  const jsonRun = await timeAsync(() => call('session.export', { id: big.id, format: 'json', folder: path.join(dir, 'exports') }));
  rows.push({ name: 'JSON export', value: Math.round(jsonRun.value.rows / (jsonRun.ms / 1000)), unit: 'rows/s' });
  const archiveRun = await timeAsync(() => call('session.export', { id: big.id, format: 'archive', folder: path.join(dir, 'exports') }));
  rows.push({ name: 'archive export', value: Math.round(archiveRun.value.rows / (archiveRun.ms / 1000)), unit: 'rows/s' });

  await host.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`\nSession log benchmark (${eventsToWrite.toLocaleString('en')} events written; review on ${reviewEvents.toLocaleString('en')})\n`);
  console.table(
    rows.map((r) => ({
      measure: r.name,
      value: r.value.toLocaleString('en'),
      unit: r.unit,
      baseline: r.baseline?.toLocaleString('en') ?? '',
      ratio: r.baseline ? `${Math.round((r.value / r.baseline) * 100)}%` : '',
      goal: r.goal ?? '',
      met: r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
    })),
  );
  const out = path.join(import.meta.dirname, 'results', 'log.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, eventsToWrite, reviewEvents, rows }, null, 2));
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

await main();
