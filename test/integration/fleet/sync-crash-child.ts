/**
 * Child process for the fleet crash test: starts a real host on the given data folder (which already
 * holds big past sessions) and configures the sync to the given PostgreSQL. It prints `configured` and
 * then syncs until the test SIGKILLs it somewhere in the middle.
 */
import { startHost } from '../../../electron/core/host';

const [dataDir, url, password] = process.argv.slice(2) as [string, string, string];
const host = await startHost({ dataDir, port: 0, lan: false, runtime: 'node', version: '0.0.0-fleet-crash', seedDemo: false });
const call = host.context.dispatcher.client();
await call('fleet.configure', { url, password });
process.stdout.write('configured\n');
