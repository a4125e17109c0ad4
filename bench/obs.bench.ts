/**
 * `npm run bench:obs`: scene-switch latency on a real OBS (headless, started by the test harness), each
 * figure beside baselines measured in the same run on the same OBS:
 *
 * 1. app: `obs.setProgramScene` through the host's dispatcher (validation, controller, control socket
 *    without event subscriptions, raced request), with the app's event socket live in the same process;
 * 2. raw switch: obs-websocket-js SetCurrentProgramScene on a connection with eventSubscriptions None
 *    (what the app's layers add on top of);
 * 3. naive: one obs-websocket-js connection with default event subscriptions, as most controllers do
 *    (each switch waits for the loopback Nagle + delayed-ACK stall behind its own event);
 * 4. floor: raw GetVersion on a no-events connection (a request that changes nothing).
 *
 * Writes bench/results/obs.json. BENCH_SWITCHES sets the count (default 1000).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EventSubscription, OBSWebSocket } from 'obs-websocket-js';
import { startTestHost } from '../test/support/host';
import { startObs } from '../test/support/obs';
import { percentile } from './stats';

const switches = Number(process.env.BENCH_SWITCHES ?? 1000);
const warmup = 50;
const scenes = ['Intro', 'Product Closeup', 'Host Camera', 'Break'];

async function measure(label: string, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await run(i);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < switches; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { label, count: switches, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)), meanMs: round(totalMs / switches) };
}

async function main(): Promise<void> {
  const obs = await startObs();
  const host = await startTestHost();
  const raw = new OBSWebSocket();
  const naive = new OBSWebSocket();
  try {
    const status = await host.call('obs.connect', { url: obs.url });
    if (status.connection.state !== 'connected') throw new Error(`the app did not connect: ${status.connection.message}`);
    await raw.connect(obs.url, undefined, { eventSubscriptions: EventSubscription.None });
    await naive.connect(obs.url); // default subscriptions: every non-high-volume event
    const scene = (i: number) => scenes[i % scenes.length]!;

    const results = [
      await measure('app: obs.setProgramScene (dispatcher + controller)', (i) => host.call('obs.setProgramScene', { sceneName: scene(i) })),
      await measure('raw switch: obs-websocket-js, no event subscriptions', (i) => raw.call('SetCurrentProgramScene', { sceneName: scene(i) })),
      await measure('naive: obs-websocket-js, default subscriptions', (i) => naive.call('SetCurrentProgramScene', { sceneName: scene(i) })),
      await measure('floor: raw GetVersion', () => raw.call('GetVersion')),
    ];
    const [app, rawSwitch, naiveSwitch, floor] = results as [typeof results[0], typeof results[0], typeof results[0], typeof results[0]];
    const ratios = {
      appOverRawSwitchP50: Math.round((app.p50Ms / rawSwitch.p50Ms) * 100) / 100,
      appOverRawSwitchP95: Math.round((app.p95Ms / rawSwitch.p95Ms) * 100) / 100,
      naiveOverAppP50: Math.round((naiveSwitch.p50Ms / app.p50Ms) * 10) / 10,
      appOverFloorP50: Math.round((app.p50Ms / floor.p50Ms) * 10) / 10,
    };
    const goals = {
      'app switch p50 < 5 ms': app.p50Ms < 5,
      'app switch p95 < 10 ms': app.p95Ms < 10,
      'app / raw switch p50 < 1.2x': ratios.appOverRawSwitchP50 < 1.2,
    };

    console.log(`\nOBS scene switches on ${(await raw.call('GetVersion')).obsVersion}, ${switches} per row (after ${warmup} warm-up)\n`);
    console.table(results.map((r) => ({ what: r.label, 'p50 ms': r.p50Ms, 'p95 ms': r.p95Ms, 'p99 ms': r.p99Ms, 'mean ms': r.meanMs })));
    console.table(ratios);
    console.table(Object.entries(goals).map(([goal, met]) => ({ goal, met })));

    const out = path.resolve(import.meta.dirname, 'results/obs.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), switches, warmup, results, ratios, goals }, null, 2));
    console.log(`written ${path.relative(process.cwd(), out)}`);
  } finally {
    await raw.disconnect().catch(() => {});
    await naive.disconnect().catch(() => {});
    await host.stop();
    await obs.dispose();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
