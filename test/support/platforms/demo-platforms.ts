import fs from 'node:fs';
import path from 'node:path';
import { demoChatAuthorId, startDemoChatter } from './demo-chatter';
import type { FakePlatform, FakeRequest, FakeResponse } from './fake-platform';
import { FakeGoogle } from './google';
import { ShopifyFake } from './shopify';
import { FakeTikTokShop, type FakeTikTokProduct } from './tiktok-shop';
import { FakeTwitch } from './twitch';
import { FakeYouTube } from './youtube';

/**
 * Every fake platform started together and seeded for trying the studio by hand (`npm run fakes`) or in a
 * test: a TikTok shop and a Shopify shop selling the demo catalog's products under the same seller SKUs,
 * a YouTube channel that is live with a chat, a Twitch channel. Credentials are fixed (the same values work
 * after a restart of the fakes); tokens and promotions live in memory only.
 *
 * The pages a person clicks through are served by the fakes themselves: TikTok's authorization page (a
 * fresh code), Google's consent page (Allow/Cancel) and Twitch's activation page (enter the device code).
 */

/** The market every demo connection sells to: the demo catalog's EUR prices in Germany. */
export const demoMarket = 'DE';

/** Each fake's port is `basePort + offset` (basePort 0: any free port). */
export const demoPortOffsets = { tiktok: 1, shopify: 2, google: 3, youtube: 4, twitchId: 5, twitchApi: 6 } as const;
export const defaultDemoBasePort = 47100;
export type DemoPorts = Record<keyof typeof demoPortOffsets, number>;

export function demoPorts(basePort: number, overrides: Partial<DemoPorts> = {}): DemoPorts {
  const ports = {} as DemoPorts;
  for (const [name, offset] of Object.entries(demoPortOffsets) as [keyof DemoPorts, number][]) {
    ports[name] = overrides[name] ?? (basePort === 0 ? 0 : basePort + offset);
  }
  return ports;
}

export const demoCredentials = {
  tiktok: { appKey: 'demo-app-key', appSecret: 'demo-app-secret' },
  shopify: { shopDomain: 'broadcart-demo.myshopify.com', accessToken: 'shpat_broadcart_demo_token' },
  google: { clientId: 'broadcart-demo.apps.googleusercontent.com', clientSecret: 'GOCSPX-broadcart-demo-secret' },
  twitch: { clientId: 'broadcartdemoclientid' },
} as const;

/** What to type into Settings > Platforms, per platform (each a connection: label, markets, credentials, bases). */
export interface DemoPlatformValues {
  'tiktok-shop': { label: string; markets: string[]; appKey: string; appSecret: string; authCode: string; apiBase: string; authBase: string; codePage: string };
  shopify: { label: string; markets: string[]; shopDomain: string; accessToken: string; apiBase: string };
  youtube: { label: string; markets: string[]; clientId: string; clientSecret: string; apiBase: string; authBase: string };
  twitch: { label: string; markets: string[]; clientId: string; apiBase: string; authBase: string; activatePage: string };
}

/** One platform call as a person reads it: which fake, what was asked, and what came of it. */
export interface DemoCall {
  platform: 'tiktok-shop' | 'shopify' | 'google' | 'youtube' | 'twitch';
  method: string;
  path: string;
  /** HTTP status sent, null when the connection was dropped (an injected fault). */
  status: number | null;
  ok: boolean;
  /** What happened, in words: "flash sale created: ...", "refused: ... (code 106001)". */
  outcome: string;
}

export interface DemoPlatforms {
  values: DemoPlatformValues;
  tiktok: FakeTikTokShop;
  shopify: ShopifyFake;
  google: FakeGoogle;
  youtube: FakeYouTube;
  twitch: FakeTwitch;
  /** Every platform call, described, as it is answered. */
  onCall(listener: (call: DemoCall) => void): void;
  /** A buyer orders in one shop (a random demo product unless `sku`), as the timer and the /buy pages do. */
  buy(shop: 'shopify' | 'tiktok-shop', sku?: string, units?: number): string;
  stop(): Promise<void>;
}

export interface DemoPlatformOptions {
  ports?: DemoPorts;
  /** Consent and device codes approved without a click (Google redirects at once; Twitch codes approved when issued). */
  autoApprove?: boolean;
  /** A fake buyer orders a demo product in each shop this often (ms; 0 or absent: only by hand at /buy). */
  ordersEveryMs?: number;
  /** Viewers say a line (demo-chatter.ts) on the live YouTube chat or the Twitch channel this often (ms; 0 or absent: silent). */
  chatEveryMs?: number;
}

// Read, not imported: Playwright's loader (the e2e tests start these fakes too) imports no JSON modules.
const demoCatalog = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../resources/demo-catalog.json'), 'utf8')) as { products: DemoProduct[] };

interface DemoProduct {
  sku: string;
  name: { en?: string } & Record<string, string | undefined>;
  prices: { market: string; currency: string; amountMinor: number }[];
}

/** The demo catalog's products with their price in the demo market (the shops sell them at that price). */
export function demoProducts(): { sku: string; title: string; price: string; currency: string }[] {
  return demoCatalog.products.map((p) => {
    const price = p.prices.find((x) => x.market === demoMarket);
    if (!price) throw new Error(`demo product ${p.sku} has no ${demoMarket} price`);
    return { sku: p.sku, title: p.name.en ?? p.sku, price: (price.amountMinor / 100).toFixed(2), currency: price.currency };
  });
}

function page(title: string, body: string, status = 200): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;background:#15171c;color:#e8e8ea;max-width:40rem;margin:4rem auto;padding:0 1rem}
code{font-size:2rem;letter-spacing:.15em;background:#23262e;padding:.3rem .6rem;border-radius:6px}
input,button{font:inherit;padding:.5rem .8rem;margin:.3rem 0}button{cursor:pointer}</style></head><body>${body}</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function bodyOf(answer: FakeResponse): Record<string, unknown> | null {
  if (answer.body === undefined || answer.body === '') return null;
  return typeof answer.body === 'string' ? parseJson(answer.body) : (answer.body as Record<string, unknown>);
}

function quote(text: unknown): string {
  const s = String(text ?? '');
  return `"${s.length > 70 ? `${s.slice(0, 67)}...` : s}"`;
}

export async function startDemoPlatforms(options: DemoPlatformOptions = {}): Promise<DemoPlatforms> {
  const ports = options.ports ?? demoPorts(0);
  const products = demoProducts();

  const tiktokProducts: FakeTikTokProduct[] = products.map((p, i) => ({
    id: `172950000000000${i + 1}`,
    title: p.title,
    skus: [{ id: `172960000000000${i + 1}`, sellerSku: p.sku, price: p.price, currency: p.currency, stock: 500 }],
  }));
  const tiktok = new FakeTikTokShop({
    ...demoCredentials.tiktok,
    shops: [{ id: '7495000000000001', name: 'Broadcart Demo DE (fake TikTok Shop)', region: demoMarket, cipher: 'ROW_demo_cipher_de', seller_type: 'CROSS_BORDER', code: 'DEDEMO01' }],
    products: tiktokProducts,
  });

  const shopify = new ShopifyFake({ shopName: 'Broadcart Demo (fake Shopify)', shopDomain: demoCredentials.shopify.shopDomain, currency: 'EUR' });
  shopify.addToken(demoCredentials.shopify.accessToken);
  for (const p of products) shopify.addProduct({ title: p.title, variants: [{ sku: p.sku, price: p.price }] });

  const google = new FakeGoogle();
  google.addClient(demoCredentials.google.clientId, demoCredentials.google.clientSecret);
  google.account = { channelId: 'UC-broadcart-demo', channelTitle: 'Broadcart Demo (fake YouTube)' };
  google.consent = options.autoApprove ? 'approve' : 'ask';
  const youtube = new FakeYouTube(google);
  youtube.startBroadcast('Broadcart live shopping (fake)');

  const twitch = new FakeTwitch();
  twitch.addClient(demoCredentials.twitch.clientId);
  twitch.user = { id: '141981764', login: 'broadcartdemo', displayName: 'BroadcartDemo' };

  const listeners: ((call: DemoCall) => void)[] = [];
  const tell = (call: DemoCall) => {
    // A browser showing a fake's page asks for its icon: not a platform call.
    if (call.path === '/favicon.ico') return;
    for (const l of listeners) l(call);
  };
  const watch = (server: FakePlatform, platform: DemoCall['platform'], describe: (req: FakeRequest, answer: FakeResponse) => { ok: boolean; outcome: string }) => {
    server.observe((req, answer) => {
      if (!answer) {
        tell({ platform, method: req.method, path: req.path, status: null, ok: false, outcome: 'connection dropped without an answer (injected fault)' });
        return;
      }
      const described = describe(req, answer);
      tell({ platform, method: req.method, path: req.path, status: answer.status, ...described });
    });
  };

  // ---- the pages a person clicks through ----

  tiktok.server.addPage('GET', '/authorize', () =>
    page(
      'Authorize app - TikTok Shop (fake)',
      `<h1>Authorize Broadcart Studio</h1><p>Shop: ${escapeHtml(tiktok.shops[0]!.name)}</p>
<form method="post" action="/authorize"><button>Authorize</button></form>`,
    ),
  );
  tiktok.server.addPage('POST', '/authorize', () =>
    page('Authorized - TikTok Shop (fake)', `<h1>Authorization code</h1><p><code>${tiktok.issueAuthCode()}</code></p><p>Paste it into Broadcart Studio (it works once).</p>`),
  );

  twitch.id.addPage('GET', '/activate', (req) => {
    const code = escapeHtml(req.query.get('device-code') ?? '');
    return page(
      'Activate your device - Twitch (fake)',
      `<h1>Activate your device</h1><p>Signed in as ${escapeHtml(twitch.user.displayName)}. Enter the code Broadcart Studio shows:</p>
<form method="post" action="/activate"><input name="code" value="${code}" autocomplete="off" autofocus> <button>Authorize</button></form>`,
    );
  });
  twitch.id.addPage('POST', '/activate', (req) => {
    const code = (new URLSearchParams(req.body).get('code') ?? '').trim().toUpperCase();
    try {
      twitch.approveDevice(code);
    } catch {
      return page('Activate your device - Twitch (fake)', `<h1>That code did not work</h1><p>No sign-in is waiting for ${escapeHtml(code) || 'an empty code'}. <a href="/activate">Try again</a>.</p>`, 400);
    }
    return page('Device activated - Twitch (fake)', '<h1>Success!</h1><p>Return to Broadcart Studio: it finishes signing in by itself.</p>');
  });

  // ---- what each call did, in words ----

  watch(tiktok.server, 'tiktok-shop', (req, answer) => {
    if (req.path === '/authorize') return { ok: true, outcome: req.method === 'POST' ? 'authorization code issued on the authorization page' : 'authorization page opened' };
    const body = bodyOf(answer) ?? {};
    const code = Number(body.code);
    if (code !== 0) return { ok: false, outcome: `refused: ${String(body.message)} (code ${code})` };
    const data = (body.data ?? {}) as Record<string, unknown>;
    const sent = parseJson(req.body) ?? {};
    const p = req.path;
    if (p === '/api/v2/token/get') return { ok: true, outcome: 'authorization code exchanged: signed in' };
    if (p === '/api/v2/token/refresh') return { ok: true, outcome: 'access token refreshed' };
    if (p === '/authorization/202309/shops') return { ok: true, outcome: `shops read: ${((data.shops ?? []) as { name: string }[]).map((s) => s.name).join(', ')}` };
    if (p === '/product/202309/products/search') return { ok: true, outcome: `products found by seller SKU ${((sent.seller_skus ?? []) as string[]).join(', ')}: ${String(data.total_count)}` };
    if (p === '/promotion/202309/activities') return { ok: true, outcome: `flash sale created: ${quote(sent.title)} (activity ${String(data.activity_id)})` };
    if (p === '/order/202309/orders/search') return { ok: true, outcome: `orders read: ${String(((data.orders ?? []) as unknown[]).length)} (updated since ${String(sent.update_time_ge)})` };
    if (p === '/promotion/202309/activities/search') return { ok: true, outcome: `flash sales searched by title ${quote(sent.activity_title)}: ${String(data.total_count)}` };
    const activity = /^\/promotion\/202309\/activities\/([^/]+)/.exec(p)?.[1];
    if (activity && p.endsWith('/deactivate')) return { ok: true, outcome: `flash sale deactivated: activity ${activity}` };
    if (activity && p.endsWith('/products')) {
      const lines = ((sent.products ?? []) as { id: string; activity_price_amount?: string; quantity_limit?: number }[]).map(
        (x) => `product ${x.id}${x.activity_price_amount ? ` at ${x.activity_price_amount}` : ''}, stock ${String(x.quantity_limit)}`,
      );
      return { ok: true, outcome: `flash sale products set on activity ${activity}: ${lines.join('; ')}` };
    }
    if (activity) return { ok: true, outcome: `flash sale read: activity ${activity}` };
    return { ok: true, outcome: 'ok' };
  });

  shopify.observe((req, answer) => {
    if (!answer) {
      tell({ platform: 'shopify', method: req.method, path: req.path, status: null, ok: false, outcome: 'connection dropped without an answer (injected fault)' });
      return;
    }
    const body = bodyOf(answer) ?? {};
    const sent = parseJson(req.body) ?? {};
    const query = String(sent.query ?? '');
    const vars = (sent.variables ?? {}) as Record<string, unknown>;
    const field = /\b(discountCodeBasicCreate|discountCodeDeactivate|productVariants|codeDiscountNodeByCode|codeDiscountNode|orders|currentAppInstallation|shop)\b/.exec(query)?.[1] ?? 'request';
    const call = { platform: 'shopify' as const, method: req.method, path: req.path, status: answer.status };
    if (answer.status === 401) return tell({ ...call, ok: false, outcome: 'refused: invalid access token' });
    const errors = Array.isArray(body.errors) ? (body.errors as { message?: string; extensions?: { code?: string } }[]) : typeof body.errors === 'string' ? [{ message: body.errors }] : [];
    if (errors.length > 0) return tell({ ...call, ok: false, outcome: `${field} refused: ${errors.map((e) => e.extensions?.code ?? e.message).join(', ')}` });
    const data = (body.data ?? {}) as Record<string, { userErrors?: { message: string; code?: string }[] } | undefined>;
    const userErrors = data[field]?.userErrors ?? [];
    if (userErrors.length > 0) return tell({ ...call, ok: false, outcome: `${field} refused: ${userErrors.map((e) => `${e.message}${e.code ? ` (${e.code})` : ''}`).join('; ')}` });
    const input = (vars.discount ?? vars.basicCodeDiscount ?? {}) as { code?: string; title?: string };
    const outcome =
      field === 'discountCodeBasicCreate'
        ? `discount code created: ${input.code ?? '?'} (${quote(input.title)})`
        : field === 'discountCodeDeactivate'
          ? `discount code deactivated: ${String(vars.id)}`
          : field === 'orders'
            ? `orders read: ${String(((body.data as { orders?: { nodes?: unknown[] } } | undefined)?.orders?.nodes ?? []).length)} (${String(vars.query ?? '')})`
          : field === 'productVariants'
            ? `variants found by SKU (${String(vars.query ?? '')})`
            : field === 'codeDiscountNodeByCode'
              ? `discount code looked up: ${String(vars.code)}`
              : field === 'codeDiscountNode'
                ? `discount read: ${String(vars.id)}`
                : `shop checked: ${shopify.shopName}`;
    tell({ ...call, ok: true, outcome });
  });

  watch(google.server, 'google', (req, answer) => {
    const body = bodyOf(answer) ?? {};
    if (req.path === '/o/oauth2/v2/auth') {
      if (answer.status === 302) return { ok: true, outcome: 'consent approved at once (--auto-approve): back to the studio with a code' };
      return answer.status === 200 ? { ok: true, outcome: 'consent page shown: click Allow' } : { ok: false, outcome: 'consent page refused the request (check the client id)' };
    }
    if (req.path === '/o/oauth2/v2/auth/answer') {
      const allowed = new URLSearchParams(req.body).get('allow') === '1';
      return { ok: answer.status === 302, outcome: answer.status !== 302 ? 'consent page expired: start the sign-in again' : allowed ? 'Allow clicked: back to the studio with a code' : 'Cancel clicked: sign-in denied' };
    }
    if (req.path === '/token') {
      const grant = new URLSearchParams(req.body).get('grant_type');
      if (answer.status !== 200) return { ok: false, outcome: `token refused: ${String(body.error)} (${String(body.error_description)})` };
      return { ok: true, outcome: grant === 'refresh_token' ? 'access token refreshed' : 'sign-in code exchanged: signed in (PKCE verified)' };
    }
    return { ok: answer.status < 400, outcome: `HTTP ${answer.status}` };
  });

  watch(youtube.server, 'youtube', (req, answer) => {
    const body = bodyOf(answer) ?? {};
    const error = body.error as { message?: string; errors?: { reason?: string }[] } | undefined;
    if (error) return { ok: false, outcome: `refused: ${error.errors?.[0]?.reason ?? ''} (${String(error.message)})` };
    const items = (body.items ?? []) as { snippet?: { title?: string } }[];
    if (req.path === '/youtube/v3/channels') return { ok: true, outcome: `channel read: ${items[0]?.snippet?.title ?? '?'}` };
    if (req.path === '/youtube/v3/liveBroadcasts') return { ok: true, outcome: items.length > 0 ? `active broadcast found: ${quote(items[0]?.snippet?.title)}` : 'no active broadcast' };
    if (req.method === 'POST') {
      const text = (body.snippet as { textMessageDetails?: { messageText?: string } } | undefined)?.textMessageDetails?.messageText;
      return { ok: true, outcome: `chat message posted: ${quote(text)} (quota ${youtube.quota.used}/${youtube.quota.dailyLimit} units)` };
    }
    return { ok: true, outcome: `chat read: ${items.length} messages` };
  });

  watch(twitch.id, 'twitch', (req, answer) => {
    const body = bodyOf(answer) ?? {};
    if (req.path === '/activate') {
      if (req.method === 'GET') return { ok: true, outcome: 'activation page opened' };
      return answer.status === 200 ? { ok: true, outcome: `device code ${new URLSearchParams(req.body).get('code')?.toUpperCase() ?? ''} approved` } : { ok: false, outcome: 'activation refused: no sign-in waits for that code' };
    }
    if (req.path === '/oauth2/device') {
      return answer.status === 200 ? { ok: true, outcome: `device code ${String(body.user_code)} issued: enter it at ${String(body.verification_uri)}` } : { ok: false, outcome: `refused: ${String(body.message)}` };
    }
    if (req.path === '/oauth2/token') {
      if (answer.status === 200) return { ok: true, outcome: new URLSearchParams(req.body).get('grant_type') === 'refresh_token' ? 'access token refreshed (new refresh token)' : 'device code entered: signed in' };
      if (body.message === 'authorization_pending') return { ok: true, outcome: 'waiting for the device code to be entered (authorization_pending)' };
      return { ok: false, outcome: `refused: ${String(body.message)}` };
    }
    if (req.path === '/oauth2/validate') return answer.status === 200 ? { ok: true, outcome: `token validated: ${String(body.login)}` } : { ok: false, outcome: 'token invalid' };
    return { ok: answer.status < 400, outcome: `HTTP ${answer.status}` };
  });

  watch(twitch.api, 'twitch', (req, answer) => {
    const body = bodyOf(answer) ?? {};
    if (answer.status >= 400) return { ok: false, outcome: `refused: ${String(body.message)}` };
    const sent = parseJson(req.body) ?? {};
    if (req.path === '/helix/users') return { ok: true, outcome: `user read: ${((body.data ?? []) as { login: string }[]).map((u) => u.login).join(', ')}` };
    if (req.path === '/helix/chat/announcements') return { ok: true, outcome: `announcement posted: ${quote(sent.message)}` };
    if (req.path === '/helix/chat/messages') {
      const result = ((body.data ?? []) as { is_sent?: boolean; drop_reason?: { code?: string; message?: string } | null }[])[0];
      return result?.is_sent ? { ok: true, outcome: `chat message sent: ${quote(sent.message)}` } : { ok: false, outcome: `chat message dropped: ${result?.drop_reason?.code ?? '?'} (${result?.drop_reason?.message ?? ''})` };
    }
    return { ok: true, outcome: `HTTP ${answer.status}` };
  });

  // Auto-approve: a device code is approved as soon as Twitch issued it (as if the user entered it at once).
  if (options.autoApprove) {
    twitch.id.observe((req, answer) => {
      const code = req.path === '/oauth2/device' && answer?.status === 200 ? (bodyOf(answer)?.user_code as string | undefined) : undefined;
      if (code) twitch.approveDevice(code);
    });
  }

  // ---- buyers: orders arrive for the demo products, on a timer and by hand ----

  const buy = (shop: 'shopify' | 'tiktok-shop', sku?: string, units?: number): string => {
    const product = sku ? products.find((p) => p.sku === sku) : products[Math.floor(Math.random() * products.length)];
    if (!product) throw new Error(`no demo product ${sku}`);
    const n = units ?? 1 + Math.floor(Math.random() * 3);
    const id = shop === 'shopify' ? shopify.placeOrder([{ sku: product.sku, quantity: n }]).name : tiktok.placeOrder([{ sku: product.sku, units: n }]).id;
    tell({ platform: shop, method: 'BUY', path: '/buy', status: 200, ok: true, outcome: `a buyer ordered ${n} x ${product.sku} (order ${id})` });
    return id;
  };
  const buyPage = (shop: 'shopify' | 'tiktok-shop', said = '') =>
    page(
      `Buy - ${shop === 'shopify' ? 'Shopify' : 'TikTok Shop'} (fake)`,
      `<h1>Place an order (fake buyer)</h1>${said ? `<p>${escapeHtml(said)}</p>` : ''}
<form method="post" action="/buy"><select name="sku">${products.map((p) => `<option>${escapeHtml(p.sku)}</option>`).join('')}</select>
<input name="units" type="number" min="1" max="20" value="1"> <button>Order</button></form>
<form method="post" action="/cancel"><button>Cancel the last order</button></form>`,
    );
  for (const [shop, server] of [['shopify', shopify], ['tiktok-shop', tiktok.server]] as const) {
    server.addPage('GET', '/buy', () => buyPage(shop));
    server.addPage('POST', '/buy', (req) => {
      const form = new URLSearchParams(req.body);
      const id = buy(shop, form.get('sku') ?? undefined, Math.max(1, Math.min(20, Number(form.get('units')) || 1)));
      return buyPage(shop, `Order ${id} placed.`);
    });
    server.addPage('POST', '/cancel', () => {
      if (shop === 'shopify') {
        const last = shopify.orders.filter((o) => o.cancelledAt === null).at(-1);
        if (!last) return buyPage(shop, 'No order to cancel.');
        shopify.cancelOrder(last.id);
        tell({ platform: shop, method: 'CANCEL', path: '/cancel', status: 200, ok: true, outcome: `order ${last.name} cancelled (and refunded)` });
        return buyPage(shop, `Order ${last.name} cancelled.`);
      }
      const last = [...tiktok.orders.values()].filter((o) => o.status !== 'CANCELLED').at(-1);
      if (!last) return buyPage(shop, 'No order to cancel.');
      tiktok.updateOrder(last.id, { status: 'CANCELLED' });
      tell({ platform: shop, method: 'CANCEL', path: '/cancel', status: 200, ok: true, outcome: `order ${last.id} cancelled` });
      return buyPage(shop, `Order ${last.id} cancelled.`);
    });
  }
  const buyers = options.ordersEveryMs
    ? setInterval(() => {
        buy('shopify');
        buy('tiktok-shop');
      }, options.ordersEveryMs)
    : null;
  buyers?.unref();
  const chatter = options.chatEveryMs
    ? startDemoChatter(options.chatEveryMs, {
        youtube: (line) => {
          const broadcast = youtube.activeBroadcast();
          if (!broadcast) return;
          youtube.viewerSays(broadcast.liveChatId, line.text, { channelId: `UC-${demoChatAuthorId(line.author)}`, name: line.author });
          tell({ platform: 'youtube', method: 'CHAT', path: '/live-chat', status: 200, ok: true, outcome: `${line.author} wrote (${line.language}): ${line.text}` });
        },
        twitch: (line) => {
          const id = demoChatAuthorId(line.author);
          twitch.chatterSays(line.text, { userId: id, login: `viewer${id}`, name: line.author });
          tell({ platform: 'twitch', method: 'CHAT', path: '/chat', status: 200, ok: true, outcome: `${line.author} wrote (${line.language}): ${line.text}` });
        },
      })
    : null;

  const started: { stop(): Promise<void> }[] = [];
  try {
    await tiktok.server.start(ports.tiktok);
    started.push(tiktok);
    await shopify.start(ports.shopify);
    started.push(shopify);
    await google.server.start(ports.google);
    started.push(google);
    await youtube.server.start(ports.youtube);
    started.push(youtube);
    await twitch.id.start(ports.twitchId);
    started.push(twitch.id);
    await twitch.api.start(ports.twitchApi);
    started.push(twitch.api);
  } catch (error) {
    for (const s of started) await s.stop();
    throw error;
  }
  twitch.activatePage = `${twitch.id.base}/activate`;

  const values: DemoPlatformValues = {
    'tiktok-shop': {
      label: 'Demo TikTok shop (fake)',
      markets: [demoMarket],
      ...demoCredentials.tiktok,
      authCode: tiktok.issueAuthCode(),
      apiBase: tiktok.base,
      authBase: tiktok.base,
      codePage: `${tiktok.base}/authorize`,
    },
    shopify: { label: 'Demo Shopify shop (fake)', markets: [demoMarket], ...demoCredentials.shopify, apiBase: shopify.base },
    youtube: { label: 'Demo YouTube channel (fake)', markets: [demoMarket], ...demoCredentials.google, apiBase: youtube.base, authBase: google.base },
    twitch: { label: 'Demo Twitch channel (fake)', markets: [demoMarket], ...demoCredentials.twitch, apiBase: twitch.api.base, authBase: twitch.id.base, activatePage: twitch.activatePage },
  };

  return {
    values,
    tiktok,
    shopify,
    google,
    youtube,
    twitch,
    onCall: (listener) => void listeners.push(listener),
    buy,
    async stop() {
      if (buyers) clearInterval(buyers);
      chatter?.stop();
      for (const s of [...started].reverse()) await s.stop();
    },
  };
}
