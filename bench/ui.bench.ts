/**
 * `npm run bench:ui`: what each page weighs as Chromium loads it from the built host (`node out/main/serve.js`),
 * and how soon it paints.
 *
 * For the OBS overlay (a card pinned), a prompter lane and the control room's first page (Live):
 * - bytes of JavaScript and bytes in total the page downloads (fresh browser context, lazily loaded chunks
 *   included: counted once the page is ready and the network idle), each beside its goal:
 *   overlay <= 100 KB, prompter lane <= 420 KB, control room first page <= 600 KB of JavaScript;
 * - first contentful paint, median of BENCH_UI_RUNS cold loads, beside a blank page's paint (one line of
 *   text from a bare HTTP server) measured in the same browser in the same run, interleaved with the pages.
 *
 * Needs a build (`npm run build`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Writes bench/results/ui.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startServedHost, type ServedHost } from '../test/support/served-host';
import { tempDir } from '../test/support/temp';
import { kb, pageBudgets, pagesOf, weighPage, type PageName, type PageWeight } from '../test/support/page-weight';

const runs = Number(process.env.BENCH_UI_RUNS ?? 5);

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function blankServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><p>Blank page</p></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

async function main(): Promise<void> {
  const temp = tempDir('broadcart-bench-ui-');
  const served = await startServedHost(temp.dir);
  const blank = await blankServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    // The overlay paints only when it has a card: pin one, as a host would before going live.
    await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US', output: 'overlay' });
    const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
    const pages = pagesOf(served, overlayLinks.find((l) => l.market === 'US')!.url);

    const weights = new Map<PageName, PageWeight[]>();
    const blankPaints: number[] = [];
    for (let run = 0; run < runs; run++) {
      const blankWeight = await weighPage(browser, blank.url, async () => {});
      if (blankWeight.fcpMs !== null) blankPaints.push(blankWeight.fcpMs);
      for (const page of pages) {
        const weight = await weighPage(browser, page.url, page.ready);
        weights.set(page.name, [...(weights.get(page.name) ?? []), weight]);
      }
    }

    const figures = pages.map(({ name }) => {
      const loads = weights.get(name)!;
      const [first] = loads;
      const paints = loads.map((l) => l.fcpMs).filter((v): v is number => v !== null);
      return {
        page: name,
        scriptBytes: first!.scriptBytes,
        scriptGoalBytes: pageBudgets[name],
        goalMet: first!.scriptBytes <= pageBudgets[name],
        totalBytes: first!.totalBytes,
        // Same files every load (a cold cache each time); a differing figure would mean the bench is wrong.
        bytesStable: loads.every((l) => l.scriptBytes === first!.scriptBytes),
        scripts: first!.scripts,
        fcpMedianMs: paints.length ? median(paints) : null,
        fcpRuns: paints,
      };
    });
    const blankFcp = blankPaints.length ? median(blankPaints) : null;

    console.log(`UI benchmark: ${runs} cold loads per page from the built host, Chromium ${browser.version()}\n`);
    console.table(
      figures.map((f) => ({
        page: f.page,
        'JS downloaded': kb(f.scriptBytes),
        'JS goal': `<= ${kb(f.scriptGoalBytes)}`,
        'goal': f.goalMet ? 'met' : 'NOT met',
        'total downloaded': kb(f.totalBytes),
        'FCP median (ms)': f.fcpMedianMs?.toFixed(1) ?? 'none',
        'blank page FCP (ms)': blankFcp?.toFixed(1) ?? 'none',
      })),
    );
    for (const f of figures) {
      console.log(`${f.page}: ${f.scripts.map((s) => `${path.basename(s.path)} ${kb(s.bytes)}`).join(', ')}`);
      if (!f.bytesStable) console.log(`  warning: ${f.page} downloaded different JavaScript between loads`);
    }

    const out = path.resolve(import.meta.dirname, 'results/ui.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify(
        { at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, chromium: browser.version() }, runs, blankPageFcpMedianMs: blankFcp, blankPageFcpRuns: blankPaints, pages: figures },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
    if (figures.some((f) => !f.goalMet)) console.log('goal: JavaScript per page within its budget: NOT met');
    else console.log('goal: JavaScript per page within its budget: met');
  } finally {
    await browser.close();
    await blank.close();
    await served.stop();
    temp.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
