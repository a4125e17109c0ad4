import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAdapter, PromotionSpec } from '../../../electron/core/features/platform/adapters/adapter';
import { adapterFactories } from '../../../electron/core/features/platform/adapters/index';
import { looksLikeQuestion } from '../../../electron/core/features/audience/questions';
import type { PlatformId } from '../../../electron/shared/contract/platform';
import demoCatalog from '../../../resources/demo-catalog.json';
import platformTexts from '../../../locales/en/platforms.json';
import { chatRecorder, type ChatRecorder } from '../../support/platforms/chat-recorder';
import { demoChatLines } from '../../support/platforms/demo-chatter';
import { memoryAdapterContext, type MemoryAdapterContext } from '../../support/platforms/memory-adapter-context';

/**
 * `npm run fakes` as a reviewer runs it: it starts, prints what to type into Settings > Platforms, each
 * printed set of values signs in and checks through the real adapters (the browser consent and the
 * device-code page walked through as a person would), the calls show up as readable lines, and Ctrl+C
 * stops it with no process left behind.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const demoSkus = demoCatalog.products.map((p) => p.sku);

/** The script's output, read as a person reads it: `Section` then `  Field   value` lines. */
function sections(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (/^[A-Z][A-Za-z ]+$/.test(line)) {
      current = new Map();
      out.set(line, current);
      continue;
    }
    const field = /^ {2}([A-Za-z][A-Za-z -]*[A-Za-z]) {2,}(\S.*)$/.exec(line);
    if (field && current) current.set(field[1]!, field[2]!);
  }
  return out;
}

class Output {
  text = '';
  private waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];

  add(chunk: string): void {
    this.text += chunk;
    this.waiters = this.waiters.filter((w) => {
      const m = this.text.match(w.pattern);
      if (m) w.resolve(m);
      return !m;
    });
  }

  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    const m = this.text.match(pattern);
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}

/** Stands in for the host's /oauth/callback: hands the redirect's query to the adapter, as the host does. */
async function loopbackCallback(adapter: () => PlatformAdapter): Promise<{ uri: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    adapter().completeRedirect!(url.searchParams).then(
      () => res.writeHead(200).end('signed in'),
      (error: unknown) => res.writeHead(400).end(String((error as Error).message)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/callback`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * True once no process of the group is left. 'close' fires when the last holder of npm's output is gone,
 * but a helper process of tsx that never held it (esbuild's service) may take a moment more to exit; the
 * kernel offers no event for a group emptying, so this asks again until a deadline.
 */
async function groupGone(pid: number, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

function spec(overrides: Partial<PromotionSpec> & Pick<PromotionSpec, 'remoteProductId' | 'title' | 'code'>): PromotionSpec {
  const beginAt = Date.now() + 60_000;
  return {
    dealId: 'deal-fakes-script',
    dealCode: 'TEA',
    remoteSkuIds: [],
    currency: 'EUR',
    dealPriceMinor: 1990,
    regularPriceMinor: 2290,
    minorDigits: 2,
    beginAt,
    endAt: beginAt + 5 * 60_000,
    quantityLimit: 50,
    perBuyerLimit: 1,
    ...overrides,
  };
}

interface RunningFakes {
  child: ChildProcess;
  output: Output;
  printed: Map<string, Map<string, string>>;
}

/** Starts `npm run fakes -- <args>` in its own process group, as in a terminal (Ctrl+C reaches npm, tsx and the script). */
async function startFakes(args: string[]): Promise<RunningFakes> {
  const output = new Output();
  const child = spawn('npm', ['run', '--silent', 'fakes', '--', ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => output.add(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => output.add(c));
  const exitedEarly = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`npm run fakes ended (${code}) before printing its values:\n${output.text}`))));
  exitedEarly.catch(() => undefined);
  await Promise.race([output.waitFor(/Ctrl\+C stops the fakes/), exitedEarly]);
  return { child, output, printed: sections(output.text) };
}

function killGroup(child: ChildProcess | undefined): void {
  if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
}

function fieldOf(fakes: RunningFakes, section: string, name: string): string {
  const value = fakes.printed.get(section)?.get(name);
  if (value === undefined) throw new Error(`"${name}" not printed under ${section}:\n${fakes.output.text}`);
  return value;
}

function adapterFor(fakes: RunningFakes, platform: PlatformId, section: string, credentials: Record<string, string>, redirectUri?: () => string): { adapter: PlatformAdapter; context: MemoryAdapterContext } {
  const context = memoryAdapterContext({
    platform,
    apiBase: fieldOf(fakes, section, 'API address'),
    authBase: fakes.printed.get(section)?.get('Sign-in address') ?? fieldOf(fakes, section, 'API address'),
    credentials,
    ...(redirectUri ? { redirectUri } : {}),
  });
  return { adapter: adapterFactories[platform]!(context.ctx), context };
}

describe('npm run fakes', () => {
  let fakes: RunningFakes;
  let child: ChildProcess;
  let output: Output;
  let printed: Map<string, Map<string, string>>;
  const contexts: MemoryAdapterContext[] = [];
  const adapters: PlatformAdapter[] = [];

  beforeAll(async () => {
    fakes = await startFakes(['--base-port', '0']);
    ({ child, output, printed } = fakes);
  });

  afterAll(() => {
    for (const a of adapters) a.close();
    for (const c of contexts) c.close();
    killGroup(child);
  });

  const field = (section: string, name: string) => fieldOf(fakes, section, name);

  function connect(platform: PlatformId, section: string, credentials: Record<string, string>, redirectUri?: () => string): PlatformAdapter {
    const { adapter, context } = adapterFor(fakes, platform, section, credentials, redirectUri);
    contexts.push(context);
    adapters.push(adapter);
    return adapter;
  }

  it('prints, per platform, the values to type, every one on its own fake', () => {
    expect([...printed.keys()]).toEqual(expect.arrayContaining(['TikTok Shop', 'Shopify', 'YouTube', 'Twitch']));
    for (const section of ['TikTok Shop', 'Shopify', 'YouTube', 'Twitch']) {
      expect(field(section, 'Name')).not.toBe('');
      expect(field(section, 'Markets it sells to')).toBe('DE');
      expect(field(section, 'API address')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(field('TikTok Shop', 'Authorization code')).toMatch(/^code_/);
    expect(field('Shopify', 'Shop domain')).toMatch(/\.myshopify\.com$/);
  });

  it("names each field and button as the Settings > Platforms form does, so the values can be typed where they belong", () => {
    const uiTexts = new Set<string>();
    const collect = (node: unknown): void => {
      if (typeof node === 'string') uiTexts.add(node);
      else if (node && typeof node === 'object') Object.values(node).forEach(collect);
    };
    collect(platformTexts);
    const names = [...printed.values()].flatMap((fields) => [...fields.keys()]);
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of new Set(names)) expect(uiTexts, `printed field "${name}"`).toContain(name);
    const buttons = [...output.text.matchAll(/"([A-Z][^"]+)"/g)].map((m) => m[1]!).filter((b) => !/fake|Broadcart/.test(b));
    expect(buttons).toEqual(expect.arrayContaining(['Match products by SKU', 'Sign in with Google', 'Open the sign-in page', 'Sign in with Twitch']));
    for (const button of new Set(buttons)) expect(uiTexts, `button "${button}"`).toContain(button);
    expect(uiTexts).toContain('Advanced');
  });

  it('TikTok Shop: the app key, secret and code sign in; the demo SKUs are found; a flash sale is created and deactivated, each call logged', async () => {
    const adapter = connect('tiktok-shop', 'TikTok Shop', { appKey: field('TikTok Shop', 'App key'), appSecret: field('TikTok Shop', 'App secret') });
    expect(await adapter.authorize({ authCode: field('TikTok Shop', 'Authorization code') })).toEqual({ kind: 'done' });
    expect((await adapter.check()).account).toMatch(/TikTok Shop/);
    await output.waitFor(/tiktok-shop +GET \/api\/v2\/token\/get +200 +authorization code exchanged: signed in/);

    // The printed code works once; the authorization page gives another that works too.
    const codePage = /get another at (\S+) /.exec(output.text)![1]!;
    // A browser asks for the page's icon first: that is not a platform call, and not logged as one.
    await (await fetch(new URL('/favicon.ico', codePage))).text();
    expect(await (await fetch(codePage)).text()).toContain('<button>Authorize</button>');
    await output.waitFor(/tiktok-shop +GET \/authorize +200 +authorization page opened/);
    expect(output.text).not.toContain('favicon');
    const issued = await (await fetch(codePage, { method: 'POST' })).text();
    const code = /<code>([^<]+)<\/code>/.exec(issued)![1]!;
    expect(code).not.toBe(field('TikTok Shop', 'Authorization code'));
    expect(await adapter.authorize({ authCode: code })).toEqual({ kind: 'done' });

    const found = await adapter.findBySku!(demoSkus);
    expect(found.map((f) => f.sellerSku).sort()).toEqual([...demoSkus].sort());
    const tea = found.find((f) => f.sellerSku === 'TEA-JASMINE-100')!;
    const promotion = await adapter.createPromotion!(spec({ remoteProductId: tea.remoteProductId, title: 'Fakes script TEA flash sale', code: 'FAKES-TEA-1' }));
    await output.waitFor(new RegExp(`tiktok-shop +POST /promotion/202309/activities +200 +flash sale created: "Fakes script TEA flash sale" \\(activity ${promotion.remoteId}\\)`));
    await output.waitFor(new RegExp(`flash sale products set on activity ${promotion.remoteId}: product ${tea.remoteProductId} at 19.90, stock 50`));
    await adapter.endPromotion!(promotion);
    await output.waitFor(new RegExp(`POST /promotion/202309/activities/${promotion.remoteId}/deactivate +200 +flash sale deactivated`));
  });

  it('Shopify: the shop domain and token check; the demo SKUs are found; a discount code is created and deactivated, each call logged', async () => {
    const adapter = connect('shopify', 'Shopify', { shopDomain: field('Shopify', 'Shop domain'), accessToken: field('Shopify', 'Access token') });
    expect((await adapter.check()).account).toContain(field('Shopify', 'Shop domain'));
    await output.waitFor(/shopify +POST \/admin\/api\/[\d-]+\/graphql\.json +200 +shop checked/);
    const found = await adapter.findBySku!(demoSkus);
    expect(found.map((f) => f.sellerSku).sort()).toEqual([...demoSkus].sort());
    const mug = found.find((f) => f.sellerSku === 'CERAMIC-MUG-CELADON')!;
    const promotion = await adapter.createPromotion!(spec({ remoteProductId: mug.remoteProductId, title: 'Fakes script MUG code', code: 'FAKESMUG1', dealPriceMinor: 1290, regularPriceMinor: 1690 }));
    expect(promotion.code).toBe('FAKESMUG1');
    await output.waitFor(/shopify .* 200 +discount code created: FAKESMUG1/);
    await adapter.endPromotion!(promotion);
    await output.waitFor(/shopify .* 200 +discount code deactivated/);
  });

  it('YouTube: the client id and secret sign in through the consent page (Allow clicked); an announcement lands in the live chat', async () => {
    let adapter!: PlatformAdapter;
    const callback = await loopbackCallback(() => adapter);
    try {
      adapter = connect('youtube', 'YouTube', { clientId: field('YouTube', 'Client ID'), clientSecret: field('YouTube', 'Client secret') }, () => callback.uri);
      const step = await adapter.authorize({});
      if (step.kind !== 'browser') throw new Error(`expected the browser sign-in, got ${step.kind}`);
      expect(step.url.startsWith(field('YouTube', 'Sign-in address'))).toBe(true);
      // The consent page a person sees, and the Allow button they click.
      const consent = await (await fetch(step.url)).text();
      expect(consent).toContain('Allow');
      const id = /name="id" value="([^"]+)"/.exec(consent)![1]!;
      const allowed = await fetch(`${field('YouTube', 'Sign-in address')}/o/oauth2/v2/auth/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id, allow: '1' }).toString(),
        redirect: 'manual',
      });
      expect(allowed.status).toBe(302);
      const back = await fetch(allowed.headers.get('location')!);
      expect(await back.text()).toBe('signed in');
      await output.waitFor(/google +POST \/o\/oauth2\/v2\/auth\/answer +302 +Allow clicked/);
      await output.waitFor(/google +POST \/token +200 +sign-in code exchanged: signed in/);

      expect((await adapter.check()).account).toMatch(/YouTube/);
      await adapter.announce!({ key: 'fakes-1', moment: 'dealStart', text: 'Jasmine tea: 19,90 € for 5 minutes', dealId: 'deal-fakes-script' });
      await output.waitFor(/youtube +POST \/youtube\/v3\/liveChat\/messages +200 +chat message posted: "Jasmine tea: 19,90 € for 5 minutes"/);
    } finally {
      await callback.close();
    }
  });

  it('Twitch: the client id signs in with the device code entered on the activation page; an announcement is posted', async () => {
    const adapter = connect('twitch', 'Twitch', { clientId: field('Twitch', 'Client ID') });
    const step = await adapter.authorize({});
    if (step.kind !== 'deviceCode') throw new Error(`expected a device code, got ${step.kind}`);
    const activate = /enter it at (\S+) /.exec(output.text)![1]!;
    expect(step.verificationUri.startsWith(activate)).toBe(true);
    // The page the studio's link opens has the code filled in; the person clicks Authorize.
    expect(await (await fetch(step.verificationUri)).text()).toContain(`value="${step.userCode}"`);
    const approved = await fetch(activate, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${step.userCode}` });
    expect(approved.status).toBe(200);
    await output.waitFor(new RegExp(`twitch +POST /activate +200 +device code ${step.userCode} approved`));
    await adapter.waitForDevice!(AbortSignal.timeout(20_000));
    await output.waitFor(/twitch +POST \/oauth2\/token +200 +device code entered: signed in/);

    expect((await adapter.check()).account).toMatch(/BroadcartDemo|broadcartdemo/);
    await adapter.announce!({ key: 'fakes-2', moment: 'dealStart', text: 'Jasmine tea: 19,90 € now', dealId: 'deal-fakes-script' });
    await output.waitFor(/twitch +POST \/helix\/chat\/announcements +204 +announcement posted: "Jasmine tea: 19,90 € now"/);
  });

  it('Ctrl+C stops every fake and leaves no process behind', async () => {
    const ports = [...printed.values()].flatMap((f) => [f.get('API address'), f.get('Sign-in address')]).filter((b): b is string => !!b).map((b) => Number(new URL(b).port));
    expect(ports.length).toBeGreaterThanOrEqual(6);
    // 'close': npm exited and every process that held its output (tsx, the script) is gone too.
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    process.kill(-child.pid!, 'SIGINT');
    const { code, signal } = await closed;
    // npm passes Ctrl+C on by ending itself with the same signal, as a shell command does.
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(output.text).toMatch(/SIGINT: stopping the fakes\.\.\.\nFakes stopped\.\n/);
    expect(output.text).not.toMatch(/Stopping the fakes failed|Stopping anyway/);
    for (const port of new Set(ports)) expect(await refused(port)).toBe(true);
    expect(await groupGone(child.pid!)).toBe(true);
  });
});

describe('npm run fakes -- --auto-approve', () => {
  let fakes: RunningFakes;
  const cleanup: (() => void)[] = [];
  const signedIn: Partial<Record<'youtube' | 'twitch', PlatformAdapter>> = {};

  beforeAll(async () => {
    // Viewers write every half second (the script's default is every 4 s; the tests' own fakes stay silent).
    fakes = await startFakes(['--base-port', '0', '--auto-approve', '--chat-every', '0.5']);
  });
  afterAll(() => {
    for (const c of cleanup) c();
    killGroup(fakes?.child);
  });

  it('signs in to YouTube and Twitch with no click: the consent redirects at once, the device code is approved when issued', async () => {
    let youtube!: PlatformAdapter;
    const callback = await loopbackCallback(() => youtube);
    try {
      const y = adapterFor(fakes, 'youtube', 'YouTube', { clientId: fieldOf(fakes, 'YouTube', 'Client ID'), clientSecret: fieldOf(fakes, 'YouTube', 'Client secret') }, () => callback.uri);
      youtube = y.adapter;
      cleanup.push(() => (y.adapter.close(), y.context.close()));
      const step = await youtube.authorize({});
      if (step.kind !== 'browser') throw new Error(`expected the browser sign-in, got ${step.kind}`);
      // The browser follows the consent page's redirect straight back to the studio.
      expect(await (await fetch(step.url)).text()).toBe('signed in');
      expect((await youtube.check()).account).toMatch(/YouTube/);
      signedIn.youtube = youtube;
      await fakes.output.waitFor(/google +GET \/o\/oauth2\/v2\/auth +302 +consent approved at once/);
    } finally {
      await callback.close();
    }

    const t = adapterFor(fakes, 'twitch', 'Twitch', { clientId: fieldOf(fakes, 'Twitch', 'Client ID') });
    cleanup.push(() => (t.adapter.close(), t.context.close()));
    const device = await t.adapter.authorize({});
    expect(device.kind).toBe('deviceCode');
    await t.adapter.waitForDevice!(AbortSignal.timeout(20_000));
    expect((await t.adapter.check()).account).toMatch(/BroadcartDemo|broadcartdemo/);
    signedIn.twitch = t.adapter;
  });

  it('viewers chat on the YouTube live chat and the Twitch channel: the real chat readers receive their lines, in the demo languages', async () => {
    const readers: { recorder: ChatRecorder; done: Promise<void> }[] = [];
    try {
      for (const platform of ['youtube', 'twitch'] as const) {
        const adapter = signedIn[platform];
        if (!adapter) throw new Error(`${platform} was not signed in by the test before`);
        const recorder = chatRecorder(null);
        readers.push({ recorder, done: adapter.readChat!(recorder.options) });
      }
      const known = new Map(demoChatLines.map((l) => [l.text, l]));
      for (const { recorder } of readers) {
        await recorder.until(() => recorder.messages().some((m) => known.has(m.text)), 'a viewer line', 20_000);
        const line = recorder.messages().find((m) => known.has(m.text))!;
        expect(line.authorName).toBe(known.get(line.text)!.author);
      }
      // What they say: the six UI languages, and questions among them in each (as the question queue sees them).
      for (const language of ['en', 'zh-CN', 'es', 'id', 'vi', 'ar']) {
        const lines = demoChatLines.filter((l) => l.language === language);
        expect(lines.length, language).toBeGreaterThanOrEqual(3);
        expect(lines.some((l) => looksLikeQuestion(l.text, language)), `a question in ${language}`).toBe(true);
      }
      await fakes.output.waitFor(/youtube +CHAT \/live-chat +200 +\S+ wrote \((en|zh-CN|es|id|vi|ar)\): /);
      await fakes.output.waitFor(/twitch +CHAT \/chat +200 +\S+ wrote \((en|zh-CN|es|id|vi|ar)\): /);
    } finally {
      for (const r of readers) {
        r.recorder.controller.abort();
        await r.done.catch(() => undefined);
      }
    }
  });

  it('refuses a port already in use with a message saying which and what to do', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const output = new Output();
      const child = spawn('npm', ['run', '--silent', 'fakes', '--', '--base-port', '0', '--twitch-api-port', String(port)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      cleanup.push(() => killGroup(child));
      child.stdout!.setEncoding('utf8').on('data', (c: string) => output.add(c));
      child.stderr!.setEncoding('utf8').on('data', (c: string) => output.add(c));
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      expect(code).not.toBe(0);
      expect(output.text).toContain(`Port ${port} on 127.0.0.1 is in use`);
      expect(output.text).toContain('--base-port');
      expect(output.text).not.toContain('Ctrl+C stops the fakes');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
