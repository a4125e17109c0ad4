/**
 * Child process for the live-session fleet crash test: starts a real host on the given data folder,
 * configures the sync to the given PostgreSQL, starts a session and logs a mark every few ms (as a
 * host marking moments and the health sampler would), printing `session <id>` once. It runs until the
 * test SIGKILLs it, while the live session is being copied.
 */
import { startHost } from '../../../electron/core/host';

const [dataDir, url, password] = process.argv.slice(2) as [string, string, string];
const host = await startHost({ dataDir, port: 0, lan: false, runtime: 'node', version: '0.0.0-fleet-crash-live', seedDemo: false });
const call = host.context.dispatcher.client();
await call('fleet.configure', { url, password });
const session = await call('session.start', { title: 'Live while syncing', market: 'US', hosts: ['Ana'] });
let n = 0;
setInterval(() => {
  for (let i = 0; i < 20; i++) host.context.bus.publish('session.mark', { sessionId: session.id, text: `m${++n}` });
}, 5);
process.stdout.write(`session ${session.id}\n`);
