import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { startServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';

async function rest<T = Record<string, unknown>>(baseUrl: string, token: string, method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
  return json;
}

test('after kill -9 with a deal live, every page shows the interrupted session with Resume; the deal was ended and the review shows the gap', async ({ page }) => {
  // Two host starts and a walk through every page: more than the default minute on a loaded 2-core machine.
  test.slow();
  const temp = tempDir('broadcart-e2e-crash-');
  try {
    const first = await startServedHost(temp.dir);
    const session = await rest<{ id: string }>(first.baseUrl, first.token, 'session.start', { title: 'Tea night DE', market: 'DE', hosts: ['Bo'] });
    await rest(first.baseUrl, first.token, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'DE', output: 'overlay' });
    const { deal } = await rest<{ deal: { id: string } }>(first.baseUrl, first.token, 'deal.create', {
      sku: 'TEA-JASMINE-100',
      market: 'DE',
      dealPriceMinor: 1990,
      stock: 20,
      durationS: 600,
      leadInS: 0,
    });
    await rest(first.baseUrl, first.token, 'deal.start', { dealId: deal.id, overrideReason: 'launch price' });
    await rest(first.baseUrl, first.token, 'deal.adjustStock', { dealId: deal.id, sold: 2 });
    await expect.poll(async () => (await rest<{ backlog: { pending: number } }>(first.baseUrl, first.token, 'session.current')).backlog.pending).toBe(0);
    await first.kill();

    const second = await startServedHost(temp.dir);
    try {
      await page.goto(second.url + '#/live');
      const banner = page.getByTestId('interrupted-banner');
      await expect(banner).toContainText('Tea night DE');
      await expect(banner).toContainText('1 deal that was live was ended');
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'idle');
      // The same on every page.
      for (const name of ['Prompter', 'Catalog', 'Sessions', 'Settings']) {
        await page.getByRole('navigation').getByRole('link', { name }).click();
        await expect(banner).toBeVisible();
      }
      const deals = await rest<{ deals: { id: string; state: string; finishReason: string }[] }>(second.baseUrl, second.token, 'deal.list');
      expect(deals.deals.find((d) => d.id === deal.id)).toMatchObject({ state: 'ended', finishReason: 'host_interrupted' });

      await page.getByTestId('banner-resume').click();
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
      await expect(banner).toHaveCount(0);
      // The session bar shows the session's market.
      await expect(page.getByTestId('session-bar-market')).toHaveText('DE');
      await rest(second.baseUrl, second.token, 'session.mark', { text: 'back on air' });
      await rest(second.baseUrl, second.token, 'session.end');

      // The review is in the address: a reload (or a link a manager sends) opens the same session.
      await page.goto(`${second.url}#/sessions/${session.id}`);
      await page.reload();
      await expect(page.getByTestId('session-detail-title')).toHaveText('Tea night DE');
      await expect(page.getByTestId('count-interruptions')).toHaveText('1');
      await expect(page.getByTestId('count-obs-losses')).toHaveText('0');
      await expect(page.getByTestId('timeline-gap')).toHaveCount(1);
      await expect(page.getByTestId('timeline-gap')).toHaveAttribute('data-kind', 'host');
      // Products by SKU and name, money as the DE cards write it.
      await expect(page.getByTestId('timeline')).toContainText('TEA-JASMINE-100');
      await expect(page.getByTestId('product-summary')).toContainText('TEA-JASMINE-100 · Jasmine Silver Needle Tea');
      await expect(page.getByTestId('product-revenue')).toHaveText(/^39,80\s€$/);
      await expect(page.getByTestId('event-product').filter({ hasText: 'TEA-JASMINE-100 · Jasmine Silver Needle Tea' }).first()).toBeVisible();
      await page.getByTestId('session-back').click();
      await expect(page).toHaveURL(/#\/sessions$/);
      // Leave the page before the host stops, so its reconnect attempts are not logged.
      await page.goto('about:blank');
    } finally {
      await second.stop();
    }
  } finally {
    temp.cleanup();
  }
});

/** A session archive like one exported on another studio PC: a 25 s OBS outage, health samples around it. */
function archiveWithOutage(file: string): { id: string; events: number; health: number } {
  const id = randomUUID();
  const t0 = Date.UTC(2026, 10, 20, 19, 0, 0);
  const health = { fps: 30, cpuPct: 12, memoryMb: 800, renderSkippedPct: 0, outputSkippedPct: 0, droppedPct: 0, congestion: 0, bytesPerSec: 600_000, streaming: true, reconnecting: false, totalDroppedFrames: 0, totalStreamFrames: 0 };
  const events: [number, string, string | null, Record<string, unknown>][] = [
    [0, 'session.started', null, { sessionId: id, title: 'Imported night', market: 'DE', hosts: ['Li'] }],
    [1_000, 'obs.connection.changed', null, { state: 'connected', message: 'Connected to OBS.' }],
    [2_000, 'obs.scene.changed', null, { sceneName: 'Close-up' }],
    [3_000, 'product.pinned', 'p-remote', { productId: 'p-remote', sku: 'REMOTE-SKU-7', output: 'overlay', market: 'DE' }],
  ];
  for (let s = 4; s < 80; s += 2) if (s < 20 || s > 45) events.push([s * 1000, 'stream.health', null, health]);
  events.push([20_000, 'obs.connection.changed', null, { state: 'disconnected', message: 'Lost the connection to OBS. Reconnecting…', lost: true }]);
  events.push([45_000, 'obs.connection.changed', null, { state: 'connected', message: 'Connected to OBS.' }]);
  events.push([80_000, 'session.ended', null, { sessionId: id }]);
  events.sort((a, b) => a[0] - b[0]);
  const session = { id, title: 'Imported night', market: 'DE', hosts: ['Li'], languages: ['de'], notes: '', status: 'ended', startedAt: t0, endedAt: t0 + 80_000, lastEventAt: t0 + 80_000, eventCount: events.length };
  const lines = [
    JSON.stringify({ format: 'broadcart-session-archive', version: 1, session, eventCount: events.length }),
    ...events.map(([at, kind, productId, payload], i) => JSON.stringify([i + 1, t0 + at, kind, productId, payload])),
    JSON.stringify({ end: true, eventCount: events.length }),
  ];
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
  return { id, events: events.length, health: events.filter((e) => e[1] === 'stream.health').length };
}

test('an archive picked in the browser is uploaded, the result says what came in, and the review hides health samples and shows the OBS outage', async ({ page, served, consoleErrors }) => {
  // The browser logs the refused upload of a file that is not an archive (a 400), which the test makes on purpose.
  consoleErrors.allow(/session\/import\?name=notes\.bcsession.*status of 400/);
  const files = tempDir('broadcart-e2e-archive-');
  try {
    const file = path.join(files.dir, 'imported-night.bcsession');
    const archive = archiveWithOutage(file);
    await page.goto(served.url + '#/sessions');
    await page.getByTestId('archive-file').setInputFiles(file);
    const outcome = page.getByTestId('archive-outcome');
    await expect(outcome).toContainText(`Imported "Imported night": ${archive.events} events added, 0 already here.`);
    // The same file again: nothing new, and it says so.
    await page.getByTestId('archive-file').setInputFiles(file);
    await expect(outcome).toContainText(`all ${archive.events} events were already here`);
    // A file that is not an archive: refused, named as the user's file.
    const bad = path.join(files.dir, 'notes.bcsession');
    fs.writeFileSync(bad, 'just text');
    await page.getByTestId('archive-file').setInputFiles(bad);
    await expect(outcome).toContainText('notes.bcsession was not imported: notes.bcsession is not a session archive');

    await outcome.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('session-row').getByRole('button', { name: 'Open' }).click();
    await expect(page).toHaveURL(new RegExp(`#/sessions/${archive.id}$`));
    await expect(page.getByTestId('count-obs-losses')).toHaveText('1');
    await expect(page.getByTestId('timeline-gap')).toHaveAttribute('data-kind', 'obs');
    await expect(page.getByTestId('health-chart')).toBeVisible();

    // Health samples are hidden by default, one click shows them.
    const count = page.getByTestId('events-count');
    await expect(count).toHaveText(`${archive.events - archive.health} rows`);
    await expect(page.locator('[data-testid="event-row"][data-kind="stream.health"]')).toHaveCount(0);
    await expect(page.getByTestId('event-product').filter({ hasText: 'REMOTE-SKU-7' })).toHaveCount(1);
    await page.getByTestId('events-show-health').check();
    await expect(count).toHaveText(`${archive.events} rows`);
    await expect(page.locator('[data-testid="event-row"][data-kind="stream.health"]').first()).toBeVisible();
  } finally {
    files.cleanup();
  }
});
