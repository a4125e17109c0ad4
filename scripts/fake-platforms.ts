/**
 * `npm run fakes`: the fake TikTok Shop, Shopify, Google, YouTube and Twitch servers the tests use, started
 * on fixed loopback ports and seeded with the demo catalog, so the platform connections can be tried by
 * hand with no internet. Prints what to type into Settings > Platforms, then one line per platform call.
 *
 *   npm run fakes                       ports 47101-47106
 *   npm run fakes -- --base-port 48100  ports 48101-48106 (0: any free ports)
 *   npm run fakes -- --auto-approve     no clicks: Google consents and Twitch codes are approved at once
 *   npm run fakes -- --chat-every 0     silent chats (by default a viewer writes on YouTube or Twitch every 4 s)
 */
import { parseArgs } from 'node:util';
import { defaultDemoBasePort, demoMarket, demoPortOffsets, demoPorts, demoProducts, startDemoPlatforms, type DemoCall, type DemoPlatforms, type DemoPorts } from '../test/support/platforms/demo-platforms';

const usage = `Usage: npm run fakes -- [options]
  --base-port N       each fake listens on N+1..N+6 (default ${defaultDemoBasePort}; 0: any free port)
  --tiktok-port N  --shopify-port N  --google-port N  --youtube-port N  --twitch-id-port N  --twitch-api-port N
                      one fake's port, over --base-port
  --auto-approve      Google's consent page and Twitch's device codes approve themselves (no clicks)
  --orders-every S    a fake buyer orders a demo product in each shop every S seconds (default 20; 0: only by hand)
  --chat-every S      a viewer writes in the YouTube or Twitch chat every S seconds (default 4; 0: silent chats)
  --help              this text`;

const portFlags: Record<string, keyof DemoPorts> = {
  'tiktok-port': 'tiktok',
  'shopify-port': 'shopify',
  'google-port': 'google',
  'youtube-port': 'youtube',
  'twitch-id-port': 'twitchId',
  'twitch-api-port': 'twitchApi',
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`--${flag} must be a port number from 0 to 65535, not "${value}".\n\n${usage}`);
  return n;
}

function readOptions(): { ports: DemoPorts; autoApprove: boolean; ordersEveryMs: number; chatEveryMs: number } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'base-port': { type: 'string' },
        'auto-approve': { type: 'boolean', default: false },
        'orders-every': { type: 'string' },
        'chat-every': { type: 'string' },
        help: { type: 'boolean', default: false },
        ...Object.fromEntries(Object.keys(portFlags).map((f) => [f, { type: 'string' as const }])),
      },
      strict: true,
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const base = typeof values['base-port'] === 'string' ? port('base-port', values['base-port']) : defaultDemoBasePort;
  const maxOffset = Math.max(...Object.values(demoPortOffsets));
  if (base !== 0 && base + maxOffset > 65_535) fail(`--base-port must be at most ${65_535 - maxOffset} (the fakes use base+1 to base+${maxOffset}).`);
  const overrides: Partial<DemoPorts> = {};
  for (const [flag, name] of Object.entries(portFlags)) {
    const value = values[flag];
    if (typeof value === 'string') overrides[name] = port(flag, value);
  }
  const every = typeof values['orders-every'] === 'string' ? Number(values['orders-every']) : 20;
  if (!Number.isFinite(every) || every < 0 || every > 3600) fail(`--orders-every must be a number of seconds from 0 to 3600, not "${String(values['orders-every'])}".\n\n${usage}`);
  const chatEvery = typeof values['chat-every'] === 'string' ? Number(values['chat-every']) : 4;
  if (!Number.isFinite(chatEvery) || chatEvery < 0 || chatEvery > 3600) fail(`--chat-every must be a number of seconds from 0 to 3600, not "${String(values['chat-every'])}".\n\n${usage}`);
  return { ports: demoPorts(base, overrides), autoApprove: values['auto-approve'] === true, ordersEveryMs: Math.round(every * 1000), chatEveryMs: Math.round(chatEvery * 1000) };
}

function section(title: string, fields: [string, string][], notes: string[]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 3;
  return [title, ...fields.map(([label, value]) => `  ${label.padEnd(width)}${value}`), ...notes.map((n) => `  > ${n}`), ''].join('\n');
}

function instructions(demo: DemoPlatforms, autoApprove: boolean, ordersEveryMs: number, chatEveryMs: number): string {
  const { values } = demo;
  const t = values['tiktok-shop'];
  const s = values.shopify;
  const y = values.youtube;
  const w = values.twitch;
  const skus = demoProducts()
    .map((p) => p.sku)
    .join(', ');
  const broadcast = demo.youtube.broadcasts.find((b) => b.status === 'active');
  return [
    'Fake platforms for Broadcart Studio are running on 127.0.0.1 (no internet needed).',
    'In the studio: Settings > Platforms, "+ <platform>", and type the values below; the API and sign-in',
    `addresses are under "Advanced". Every connection sells to market ${demoMarket}: a deal for ${demoMarket} reaches all four.`,
    '',
    section(
      'TikTok Shop',
      [
        ['Name', t.label],
        ['Markets it sells to', t.markets.join(', ')],
        ['App key', t.appKey],
        ['App secret', t.appSecret],
        ['Authorization code', t.authCode],
        ['API address', t.apiBase],
        ['Sign-in address', t.authBase],
      ],
      [
        `The code works once: get another at ${t.codePage} (the seller's authorization page).`,
        `Products (link them with "Match products by SKU"): ${skus}.`,
        `Orders: ${ordersNote(ordersEveryMs)}; order or cancel by hand at ${t.apiBase}/buy.`,
      ],
    ),
    section(
      'Shopify',
      [
        ['Name', s.label],
        ['Markets it sells to', s.markets.join(', ')],
        ['Shop domain', s.shopDomain],
        ['Access token', s.accessToken],
        ['API address', s.apiBase],
      ],
      [
        'Leave the sign-in address empty (a custom app token needs no sign-in).',
        `Products (link them with "Match products by SKU"): ${skus}.`,
        `Orders: ${ordersNote(ordersEveryMs)}; order or cancel by hand at ${s.apiBase}/buy.`,
      ],
    ),
    section(
      'YouTube',
      [
        ['Name', y.label],
        ['Markets it sells to', y.markets.join(', ')],
        ['Client ID', y.clientId],
        ['Client secret', y.clientSecret],
        ['API address', y.apiBase],
        ['Sign-in address', y.authBase],
      ],
      [
        autoApprove
          ? '"Sign in with Google", then "Open the sign-in page": the fake Google consents at once (--auto-approve).'
          : '"Sign in with Google", then "Open the sign-in page": the fake Google asks; click Allow.',
        `Live now: ${broadcast ? `"${broadcast.title}"` : 'no broadcast'}, with its chat (announcements land there).`,
        `Chat: ${chatNote(chatEveryMs)}.`,
      ],
    ),
    section(
      'Twitch',
      [
        ['Name', w.label],
        ['Markets it sells to', w.markets.join(', ')],
        ['Client ID', w.clientId],
        ['API address', w.apiBase],
        ['Sign-in address', w.authBase],
      ],
      [
        autoApprove
          ? '"Sign in with Twitch": the code the studio shows is approved at once (--auto-approve).'
          : `"Sign in with Twitch": the studio shows a code; enter it at ${w.activatePage} (the studio's link opens it).`,
        `Channel: ${demo.twitch.user.displayName}. Chat: ${chatNote(chatEveryMs)}.`,
      ],
    ),
    'The fakes keep tokens, flash sales and codes in memory: after restarting them, sign in again.',
    'Calls the platforms receive (Ctrl+C stops the fakes):',
  ].join('\n');
}

function ordersNote(everyMs: number): string {
  return everyMs > 0 ? `a fake buyer orders a demo product every ${everyMs / 1000} s (the studio reads them every 15 s during a session)` : 'none by themselves (--orders-every 0)';
}

function chatNote(everyMs: number): string {
  return everyMs > 0
    ? `viewers write in en, zh-CN, es, id, vi and ar (some ask questions), a line on YouTube or Twitch every ${everyMs / 1000} s`
    : 'silent (--chat-every 0)';
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function callLine(call: DemoCall): string {
  const status = call.status === null ? '---' : String(call.status);
  return `${call.platform.padEnd(11)}  ${`${call.method} ${call.path}`.padEnd(44)}  ${status}  ${call.outcome}`;
}

async function main(): Promise<void> {
  const options = readOptions();
  let demo: DemoPlatforms;
  try {
    demo = await startDemoPlatforms(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { port?: number };
    if (e.code === 'EADDRINUSE') {
      fail(`Port ${e.port ?? ''} on 127.0.0.1 is in use (the fakes already running?). Stop that, or pick other ports: npm run fakes -- --base-port 48100`);
    }
    throw error;
  }
  process.stdout.write(`${instructions(demo, options.autoApprove, options.ordersEveryMs, options.chatEveryMs)}\n`);

  // A poll repeated with the same outcome (Twitch's device flow every 5 s) is shown once.
  let previous = '';
  demo.onCall((call) => {
    const line = callLine(call);
    if (line === previous) return;
    previous = line;
    process.stdout.write(`${clock()}  ${line}\n`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write('Stopping anyway.\n');
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the fakes...\n`);
    demo.stop().then(
      () => process.stdout.write('Fakes stopped.\n'),
      (error: unknown) => {
        process.stderr.write(`Stopping the fakes failed: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
