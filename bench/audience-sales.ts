/**
 * The sales half of `npm run bench:audience`: order answered by the fake Shopify -> sales panel updated.
 *
 * A real host (`node out/main/serve.js`) with a Shopify connection to the project's fake shop, a live
 * session, and the control room's Live page open in Chromium. Each order is placed in the fake shop; the
 * clock starts when the fake sends the answer that carries the order to the studio's orders reader (the
 * poll's wait is the platform's, not the studio's) and stops when the page's Orders figure shows the new
 * count (a MutationObserver in the page, same machine, same clock). Baseline, in the same run and the same
 * browser: a raw WebSocket message from Node to a page that writes the count into the DOM.
 *
 * Goal: p95 < 500 ms. Exported as a function so bench/audience.bench.ts runs it beside the chat part; also
 * runnable alone (`tsx bench/audience-sales.ts`). Needs a build and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { WebSocketServer, type WebSocket } from 'ws';
import { startShopifyFake } from '../test/support/platforms/shopify';
import { startServedHost, type ServedHost } from '../test/support/served-host';
import { tempDir } from '../test/support/temp';
import { percentile } from './stats';

export interface SalesPanelFigures {
  orders: number;
  /** Answered by the fake -> the panel's Orders figure shows it, ms. */
  panelMs: { p50: number; p95: number; max: number };
  /** Raw WebSocket message -> the same kind of DOM figure updated, ms (the transport and paint floor). */
  baselineMs: { p50: number; p95: number; max: number };
  goalP95Ms: number;
  goalMet: boolean;
}

const goalP95Ms = 500;

async function rest<T>(served: ServedHost, method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${served.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
  return json as T;
}

const summarize = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });

/** Records, in the page, when an element's text last became each value (epoch ms, like Node's clock). */
async function watchText(page: Page, selector: string): Promise<void> {
  // Plain source, not a function: tsx wraps named inner functions in a __name() helper the page lacks.
  await page.evaluate(`(() => {
    const sel = ${JSON.stringify(selector)};
    const seen = {};
    window.__seen = seen;
    const note = () => {
      const text = document.querySelector(sel)?.textContent?.trim();
      if (text !== undefined && !(text in seen)) seen[text] = performance.timeOrigin + performance.now();
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
  })()`);
}

async function seenAt(page: Page, text: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction((t) => (window as unknown as { __seen: Record<string, number> }).__seen[t] ?? null, text, { timeout: timeoutMs, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

/** The raw floor: Node sends a count over a WebSocket, the page writes it into the DOM. */
async function baseline(browser: Browser, rounds: number): Promise<number[]> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html><body><span id="n">0</span><script>
        const ws = new WebSocket('ws://' + location.host + '/');
        ws.onmessage = (m) => { document.getElementById('n').textContent = m.data; };
        ws.onopen = () => { document.title = 'open'; };
      </script></body></html>`,
    );
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const page = await browser.newPage();
  try {
    const connected = new Promise<WebSocket>((r) => wss.once('connection', r));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const socket = await connected;
    await page.waitForFunction(() => document.title === 'open');
    await watchText(page, '#n');
    const samples: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      const sent = Date.now();
      socket.send(String(i));
      samples.push((await seenAt(page, String(i), 10_000)) - sent);
    }
    return samples;
  } finally {
    await page.close();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/**
 * Places `orders` orders one after the other in the fake Shopify and measures each from the fake's answer
 * that carried it to the Live page's Orders figure showing it.
 */
export async function measureOrderToSalesPanel(options: { browser: Browser; orders?: number; timeoutMs?: number }): Promise<SalesPanelFigures> {
  const count = options.orders ?? Number(process.env.BENCH_SALES_ORDERS ?? 30);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'EUR' });
  shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
  const temp = tempDir('broadcart-bench-sales-');
  const served = await startServedHost(temp.dir);
  const page = await options.browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    const shop = await rest<{ id: string }>(served, 'platform.save', {
      platform: 'shopify',
      label: 'Tea shop',
      markets: ['DE'],
      apiBase: shopify.base,
      credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
    });
    await rest(served, 'platform.matchProducts', { connectionId: shop.id });
    await rest(served, 'session.start', { title: 'Sales bench', market: 'DE' });
    await page.goto(served.url + '#/live');
    await page.getByTestId('sales-orders').waitFor();
    await watchText(page, '[data-testid="sales-orders"] .sales-value');

    // When the fake sent the answer carrying each order (its id in the body), by order id.
    const answeredAt = new Map<string, number>();
    const stop = shopify.observe((_req, answer) => {
      if (!answer?.body) return;
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      const now = Date.now();
      for (const order of shopify.orders) if (!answeredAt.has(order.id) && body.includes(order.id)) answeredAt.set(order.id, now);
    });
    const samples: number[] = [];
    try {
      for (let i = 1; i <= count; i++) {
        const order = shopify.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }]);
        const shownAt = await seenAt(page, new Intl.NumberFormat('en').format(i), timeoutMs);
        const answered = answeredAt.get(order.id);
        if (answered === undefined) throw new Error(`order ${i} showed on the panel but no answer of the fake carried it`);
        samples.push(shownAt - answered);
      }
    } finally {
      stop();
    }
    const raw = await baseline(options.browser, count);
    const panelMs = summarize(samples);
    return { orders: count, panelMs, baselineMs: summarize(raw), goalP95Ms, goalMet: panelMs.p95 < goalP95Ms };
  } finally {
    await page.close();
    await served.stop();
    await shopify.stop();
    temp.cleanup();
  }
}

/** Prints the figures beside their baseline (bench/audience.bench.ts calls this after its chat part). */
export function printSalesFigures(f: SalesPanelFigures): void {
  console.log(`\nSales panel: ${f.orders} orders from the fake Shopify, each answered -> Live page's Orders figure updated`);
  console.table([
    { figure: 'order answered -> sales panel updated', 'p50 (ms)': f.panelMs.p50.toFixed(1), 'p95 (ms)': f.panelMs.p95.toFixed(1), 'max (ms)': f.panelMs.max.toFixed(1), goal: `p95 < ${f.goalP95Ms}`, met: f.goalMet ? 'met' : 'NOT met' },
    { figure: 'baseline: raw WebSocket -> DOM', 'p50 (ms)': f.baselineMs.p50.toFixed(1), 'p95 (ms)': f.baselineMs.p95.toFixed(1), 'max (ms)': f.baselineMs.max.toFixed(1), goal: '', met: '' },
  ]);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const figures = await measureOrderToSalesPanel({ browser });
    printSalesFigures(figures);
    const out = path.resolve(import.meta.dirname, 'results/audience-sales.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, chromium: browser.version() }, ...figures }, null, 2) + '\n');
    console.log(`written to ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
