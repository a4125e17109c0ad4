/**
 * Child process for the crash test: starts a real host on the given data folder, starts a session and
 * publishes logged events as fast as it can (in slices, so timers and the writer run), printing
 * `published <count> <time> <committed>` every few ms (committed: published minus what the log writer
 * still holds in memory; the bus hands events to the writer synchronously, so the difference is exact).
 * The test kills it with SIGKILL at a random moment.
 */
import { startHost } from '../../../electron/core/host';

const dataDir = process.argv[2]!;
const host = await startHost({ dataDir, port: 0, lan: false, runtime: 'node', version: '0.0.0-crash', seedDemo: false });
const call = host.context.dispatcher.client();
const session = await call('session.start', { title: 'Crash test', market: 'US', hosts: ['Ana'] });
let published = 0;
const publishSlice = () => {
  for (let i = 0; i < 200; i++) {
    host.context.bus.publish('session.mark', { sessionId: session.id, text: `m${++published}` });
  }
  setImmediate(publishSlice);
};
const writer = host.features.session.writer;
setInterval(() => process.stdout.write(`published ${published} ${Date.now()} ${published - writer.pendingFor(session.id)}\n`), 5);
process.stdout.write(`session ${session.id}\n`);
publishSlice();
