import fs from 'node:fs';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import type { Connection } from '../../electron/shared/contract/platform';
import { startShopifyFake, type ShopifyFake } from '../support/platforms/shopify';
import { expect, rest, test } from './fixtures';

/** Screenshots of the changed screens, looked at by hand (not kept in the repo). */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${shots}/${name}-${width}x${height}.png` });
  }
}

const script = {
  en: 'Welcome to tea time. [[card:TEA-JASMINE-100]] This jasmine tea is picked by hand, the silver needles only. And now the price.',
};

let shopify: ShopifyFake;
test.beforeEach(async () => {
  // The studio reads a live session's orders every 15 s: two orders may wait up to two polls.
  test.setTimeout(150_000);
  // The demo catalog's DE prices, as `npm run fakes` seeds its Shopify.
  shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'EUR' });
  shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
  shopify.addProduct({ title: 'Celadon mug', variants: [{ sku: 'CERAMIC-MUG-CELADON', price: '32.00' }] });
});
test.afterEach(async () => {
  await shopify.stop();
});

async function connectShop(served: Parameters<typeof rest>[0]): Promise<Connection> {
  const shop = await rest<Connection>(served, 'platform.save', {
    platform: 'shopify',
    label: 'Tea shop',
    markets: ['DE'],
    apiBase: shopify.base,
    credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
  });
  await rest(served, 'platform.matchProducts', { connectionId: shop.id });
  return shop;
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the Live page's sales panel counts an order from the shop as it arrives, named from the catalog (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    await connectShop(served);
    await rest(served, 'session.start', { title: 'Tea hour, DE', market: 'DE', hosts: ['Ana'] });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(served.url + '#/live');
    const panel = page.getByTestId('sales-panel');
    // A busy machine may take a while to draw the page the first time.
    await expect(panel.getByTestId('sales-orders')).toContainText('0', { timeout: 30_000 });
    await expect(panel.getByTestId('sales-revenue')).toHaveText('—');

    shopify.placeOrder([
      { sku: 'TEA-JASMINE-100', quantity: 2 },
      { sku: 'CERAMIC-MUG-CELADON', quantity: 1 },
    ]);
    // 2 × 24,90 € + 32,00 € in the currency's own locale (de-DE), whatever the UI language.
    await expect(panel.getByTestId('sales-revenue')).toContainText('81,80 €', { timeout: 30_000 });
    await expect(panel.getByTestId('sales-orders')).toContainText('1');
    await expect(panel.getByTestId('sales-units')).toContainText('3');
    const top = panel.getByTestId('sales-top-product');
    await expect(top).toHaveCount(2);
    await expect(top.first()).toContainText(lang === 'en' ? 'Jasmine Silver Needle Tea' : '茉莉银针茶');
    await expect(top.first()).toContainText(lang === 'en' ? '2 units' : '2 件');

    // A second order moves the figures again, without a reload.
    shopify.placeOrder([{ sku: 'CERAMIC-MUG-CELADON', quantity: 1 }]);
    await expect(panel.getByTestId('sales-orders')).toContainText('2', { timeout: 30_000 });
    await expect(panel.getByTestId('sales-revenue')).toContainText('113,80 €');
    await shoot(page, `live-sales-${lang}`);
  });
}

test('the review shows revenue per product and per cue for a session with orders, and each table exports as the CSV it shows', async ({ page, served }) => {
  await connectShop(served);
  const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Tea hour', leadLanguage: 'en', variants: script });
  await rest(served, 'prompter.load', { scriptId: saved.script.id });
  const session = await rest<{ id: string }>(served, 'session.start', { title: 'Tea hour, DE', market: 'DE', hosts: ['Ana', 'Li Wei'] });

  // A mug is bought before any cue; then the host reads on, the card cue is reached (it pins the tea), and the tea sells.
  shopify.placeOrder([{ sku: 'CERAMIC-MUG-CELADON', quantity: 1 }]);
  await rest(served, 'prompter.setSpeed', { value: 600 });
  await rest(served, 'prompter.play', { countdown: false });
  await expect
    .poll(async () => (await rest<{ cues: { id: string; fired: boolean }[] }>(served, 'prompter.state')).cues.find((c) => c.id === 'card:TEA-JASMINE-100')?.fired, { timeout: 30_000 })
    .toBe(true);
  await rest(served, 'prompter.pause');
  // Viewers write meanwhile: the chat lane gets its bars, and a comment its line in the events table.
  const { token: ingestToken } = await rest<{ token: string }>(served, 'chat.ingestLink');
  const comments = Array.from({ length: 12 }, (_, i) => ({ platform: 'tiktok', messageId: `r-${i}`, authorName: 'Lucía', authorId: 'u-lucia', text: `¿Hacéis envíos a Madrid? ${i}` }));
  await rest(served, 'chat.ingest', { messages: comments }, ingestToken);
  shopify.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 3 }]);
  await expect.poll(async () => (await rest<{ orders: number }>(served, 'sales.summary')).orders, { timeout: 30_000 }).toBe(2);
  await rest(served, 'session.end', {});

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.url}#/sessions/${session.id}/sales`);
  const table = page.getByTestId('sales-table');
  await expect(table).toHaveAttribute('data-group', 'product');
  const row = (key: string) => table.locator(`[data-testid="sales-row"][data-key="${key}"]`);
  const tea = await rest<{ id: string }>(served, 'catalog.getProduct', { sku: 'TEA-JASMINE-100' });
  const mug = await rest<{ id: string }>(served, 'catalog.getProduct', { sku: 'CERAMIC-MUG-CELADON' });
  await expect(row(tea.id)).toContainText('Jasmine Silver Needle Tea');
  await expect(row(tea.id).getByTestId('sales-row-revenue')).toHaveText('74,70 € EUR');
  await expect(row(mug.id).getByTestId('sales-row-revenue')).toHaveText('32,00 € EUR');
  await shoot(page, 'review-sales-product-en');

  const csvOf = async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('sales-export-csv').click();
    const text = fs.readFileSync(await (await download).path(), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    return Papa.parse<string[]>(text.trim(), { newline: '\r\n' }).data;
  };
  const products = await csvOf();
  expect(products[0]).toEqual(['key', 'label', 'orders', 'units', 'revenue_EUR']);
  expect(products.slice(1)).toEqual(
    expect.arrayContaining([
      [tea.id, 'Jasmine Silver Needle Tea, 100 g', '1', '3', '74.70'],
      [mug.id, 'Celadon Ceramic Mug, 350 ml', '1', '1', '32.00'],
    ]),
  );
  // Every row the table shows is in the file, in the same order.
  const shownKeys = await table.locator('[data-testid="sales-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  expect(products.slice(1).map((r) => r[0])).toEqual(shownKeys);

  // Per cue: the tea sold after its card cue; the link names the tab, and survives a reload.
  await page.getByTestId('sales-tab-cue').click();
  await expect(page).toHaveURL(new RegExp(`#/sessions/${session.id}/sales/cue$`));
  await page.reload();
  await expect(table).toHaveAttribute('data-group', 'cue');
  const cueRow = table.locator('[data-testid="sales-row"]').filter({ hasText: 'TEA-JASMINE-100' });
  await expect(cueRow).toHaveCount(1);
  await expect(cueRow.getByTestId('sales-row-revenue')).toContainText('74,70 €');
  // The mug sold before any cue was reached: its own row says so.
  await expect(row('none')).toContainText('Before any cue');
  await expect(row('none').getByTestId('sales-row-revenue')).toHaveText('32,00 € EUR');
  const cues = await csvOf();
  const cueLine = cues.find((r) => r[1]!.includes('TEA-JASMINE-100'));
  expect(cueLine?.slice(2)).toEqual(['1', '3', '74.70']);
  expect(cues).toContainEqual(['none', 'Before any cue', '1', '1', '32.00']);
  expect(cues.slice(1).map((r) => r[0])).toEqual(await table.locator('[data-testid="sales-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))));
  await shoot(page, 'review-sales-cue-en');

  // The overview's timeline has the audience lanes; the busiest minute's label sits above the bars, not on them.
  await page.getByTestId('review-tab-overview').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  const chatLane = page.getByTestId('timeline-chat');
  await expect(chatLane).toHaveAttribute('data-total', '12');
  const { label, barsTop } = await chatLane.evaluate((g) => ({
    label: g.querySelector('.lane-peak')!.getBoundingClientRect().bottom,
    barsTop: Math.min(...[...g.querySelectorAll('rect')].map((r) => r.getBoundingClientRect().top)),
  }));
  expect(label).toBeLessThanOrEqual(barsTop);

  // The events table says what an order and a comment were (the JSON only in the tooltip), never who wrote it.
  await page.getByTestId('events-kind').selectOption('order.created');
  await expect(page.getByTestId('event-row').filter({ hasText: 'TEA-JASMINE-100 × 3' })).toContainText('shopify · paid · 74,70 € · TEA-JASMINE-100 × 3');
  await page.getByTestId('events-kind').selectOption('chat.message');
  const comment = page.getByTestId('event-row').first();
  await expect(comment).toContainText('tiktok · es · ? · ¿Hacéis envíos a Madrid?');
  await expect(comment).not.toContainText('Lucía');
  await expect(comment).not.toContainText('{');
  await shoot(page, 'review-overview-en');
});
