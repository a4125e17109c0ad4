/**
 * `npm run bench:cards`: product cards and their outputs, each figure beside a baseline from the same run.
 *
 * 1. Pin-to-overlay latency: card.pin on the host -> the overlay page (Chromium) has the new card in its
 *    DOM, measured in the page from the host's publish time. Baseline: a raw WebSocket message from a
 *    bare `ws` server to a bare page that sets textContent.
 * 2. Outbox throughput: signed webhook pushes through the durable SQLite outbox to a local receiver.
 *    Baseline: a raw sequential HTTP POST loop (fetch, same bodies) to the same receiver. The baseline
 *    stays fetch, as first measured, though the outbox itself posts with node:http over a kept-alive agent.
 *
 * Needs a built UI (npx electron-vite build) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { startHost } from '../electron/core/host';
import { percentile } from './stats';

const repo = path.resolve(import.meta.dirname, '..');
const staticDir = path.join(repo, 'out/renderer');
const pins = Number(process.env.BENCH_PINS ?? 200);
const pushes = Number(process.env.BENCH_PUSHES ?? 500);

async function receiver(): Promise<{ url: string; count: () => number; close(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(staticDir, 'overlay.html'))) throw new Error('Build the UI first: npx electron-vite build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-bench-cards-'));
  const host = await startHost({ dataDir, port: 0, lan: false, runtime: 'node', version: 'bench', staticDir, seedDemo: true });
  const call = host.context.dispatcher.client();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, at: new Date().toISOString() };
  try {
    // ---- 1. pin -> overlay DOM -------------------------------------------------------------------
    const { overlayLinks } = await call('outputs.list', {});
    const page = await browser.newPage();
    await page.goto(overlayLinks.find((l) => l.market === 'US')!.url);
    await page.waitForSelector('[data-testid="overlay"][data-ready="true"]');
    const skus = ['TEA-JASMINE-100', 'SILK-SCARF-RED', 'CERAMIC-MUG-CELADON'];
    const overlay: number[] = [];
    for (let i = 0; i < pins + 10; i++) {
      const before = await page.evaluate(() => window.__overlayLatency?.length ?? 0);
      await call('card.pin', { sku: skus[i % skus.length]!, market: 'US', output: 'overlay' });
      await page.waitForFunction((n) => (window.__overlayLatency?.length ?? 0) > n, before, { polling: 'raf' });
      const ms = await page.evaluate(() => window.__overlayLatency!.at(-1)!.ms);
      if (i >= 10) overlay.push(ms); // the first pins warm up the QR cache and the page's JIT
    }

    // Baseline: a bare ws server pushing to a bare page that writes textContent, timed the same way.
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><div id=t></div><script>
        window.lat = []; const ws = new WebSocket('ws://' + location.host + '/ws');
        ws.onmessage = (m) => { const d = JSON.parse(m.data); document.getElementById('t').textContent = d.text;
          const t = Date.now(); window.lat.push(t - d.at); };
        ws.onopen = () => { window.ready = true; };
      </script>`);
    });
    const wss = new WebSocketServer({ server: bare, path: '/ws' });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
    const basePage = await browser.newPage();
    await basePage.goto(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
    await basePage.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const raw: number[] = [];
    for (let i = 0; i < pins + 10; i++) {
      const before = await basePage.evaluate(() => (window as unknown as { lat: number[] }).lat.length);
      for (const client of wss.clients) client.send(JSON.stringify({ text: `product ${i}`, at: Date.now() }));
      await basePage.waitForFunction((n) => (window as unknown as { lat: number[] }).lat.length > n, before, { polling: 'raf' });
      if (i >= 10) raw.push(await basePage.evaluate(() => (window as unknown as { lat: number[] }).lat.at(-1)!));
    }
    wss.close();
    bare.closeAllConnections();
    bare.close();
    results.pinToOverlay = {
      samples: overlay.length,
      p50: percentile(overlay, 50),
      p95: percentile(overlay, 95),
      max: Math.max(...overlay),
      baselineRawWs: { p50: percentile(raw, 50), p95: percentile(raw, 95), max: Math.max(...raw) },
    };

    // ---- 2. outbox throughput ---------------------------------------------------------------------
    const target = await receiver();
    await call('settings.set', { cards: { webhookUrl: target.url } });
    await call('webhook.setSecret', { secret: `whsec_${randomBytes(32).toString('base64')}` });
    const cards = host.features.cards;
    const delivered = () => (host.context.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'delivered'").get() as { n: number }).n;
    const startCount = delivered();
    const t0 = performance.now();
    for (let i = 0; i < pushes; i++) {
      cards.webhook.notify({ type: 'product.pinned', productId: 'bench', data: { productId: 'bench', sku: `SKU-${i}`, output: 'overlay', market: 'US' }, at: Date.now() });
    }
    const enqueueMs = performance.now() - t0;
    await until(() => delivered() - startCount >= pushes);
    const outboxMs = performance.now() - t0;

    const body = JSON.stringify({ type: 'product.pinned', timestamp: new Date().toISOString(), data: { productId: 'bench', sku: 'SKU-0', output: 'overlay', market: 'US' } });
    const t1 = performance.now();
    for (let i = 0; i < pushes; i++) {
      const res = await fetch(target.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await res.arrayBuffer();
    }
    const rawMs = performance.now() - t1;
    await target.close();
    results.outbox = {
      pushes,
      enqueueMs: Math.round(enqueueMs),
      pushesPerSecond: Math.round((pushes / outboxMs) * 1000),
      baselineRawPostPerSecond: Math.round((pushes / rawMs) * 1000),
    };
  } finally {
    await browser.close();
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const p = results.pinToOverlay as { p50: number; p95: number; max: number; baselineRawWs: { p50: number; p95: number } };
  const o = results.outbox as { pushesPerSecond: number; baselineRawPostPerSecond: number; enqueueMs: number };
  console.table([
    { measure: 'pin -> overlay DOM p50 (ms)', value: p.p50, baseline: p.baselineRawWs.p50, 'baseline is': 'raw ws message -> textContent' },
    { measure: 'pin -> overlay DOM p95 (ms)', value: p.p95, baseline: p.baselineRawWs.p95, 'baseline is': 'raw ws message -> textContent' },
    { measure: 'webhook outbox (pushes/s)', value: o.pushesPerSecond, baseline: o.baselineRawPostPerSecond, 'baseline is': 'raw sequential POST loop (fetch)' },
    { measure: `enqueue ${pushes} pushes (ms)`, value: o.enqueueMs, baseline: '', 'baseline is': '' },
  ]);
  fs.mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'bench/results/cards.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('goal: pin -> overlay p95 < 50 ms:', p.p95 < 50 ? 'met' : 'NOT met');
  const share = o.pushesPerSecond / o.baselineRawPostPerSecond;
  console.log(`goal: outbox >= 80% of the raw POST loop: ${share >= 0.8 ? 'met' : 'NOT met'} (${Math.round(share * 100)}%)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
