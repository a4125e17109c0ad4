/**
 * Child process for the crash-settlement test: a real host on the given data folder (demo catalog), a
 * live session with a scene, a pinned product and a live deal, then a mark every few ms until the test
 * kills it with SIGKILL. Prints `ready <sessionId> <dealId>` once the deal is live and written.
 */
import { startHost } from '../../../electron/core/host';

const dataDir = process.argv[2]!;
const host = await startHost({ dataDir, port: 0, lan: false, runtime: 'node', version: '0.0.0-crash', seedDemo: true });
const call = host.context.dispatcher.client();
const session = await call('session.start', { title: 'Crash with a live deal', market: 'US', hosts: ['Ana'] });
host.context.bus.publish('obs.scene.changed', { sceneName: 'Close-up' });
await call('card.pin', { sku: 'TEA-JASMINE-100', market: 'US', output: 'overlay' });
const { deal } = await call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1000, stock: 50, durationS: 600, leadInS: 0 });
await call('deal.start', { dealId: deal.id, overrideReason: 'crash test' });
await call('deal.adjustStock', { dealId: deal.id, sold: 2 });
// Everything so far committed before saying ready (on a starved CPU the group-commit timer may fire late);
// the marks after it are the ones a crash may cut short.
if (!host.features.session.writer.flushAll()) throw new Error('the session log could not be written');
let marks = 0;
setInterval(() => host.context.bus.publish('session.mark', { sessionId: session.id, text: `m${++marks}` }), 5);
process.stdout.write(`ready ${session.id} ${deal.id}\n`);
