import fs from 'node:fs';
import { expect, rest, test } from './fixtures';

/**
 * A card pinned during a live whose texts have warnings for the session's market: the Live page says what
 * was found, where and its source, until the host dismisses it (errors are refused before, see mid-live tests).
 */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

interface Product {
  id: string;
  sku: string;
  name: Record<string, string>;
  pitch: Record<string, string>;
  bullets: Record<string, string[]>;
  images: unknown;
  prices: unknown[];
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`a card pinned mid-live with a warning for the market shows it on the Live page until dismissed (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    const product = await rest<Product>(served, 'catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    const { id, sku, name, pitch, bullets, images, prices } = product;
    // "第一" (first, number one) needs its time, place and source in China: a warning, not a refusal.
    await rest(served, 'catalog.saveProduct', { product: { id, sku, name, pitch, images, prices, bullets: { ...bullets, 'zh-CN': ['2026年春茶', '品质第一'] } } });
    await rest(served, 'session.start', { title: '茶叶直播', market: 'CN', languages: ['zh-CN'] });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${served.url}#/live`);
    await expect(page.getByTestId('live-page')).toBeVisible();
    const notice = page.getByTestId('compliance-flag');
    await expect(notice).toBeHidden();

    await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100' });
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('data-what', 'card');
    await expect(notice.locator('[data-rule="cn.ad_law.absolute_terms_context"]')).toContainText('第一');
    await expect(notice.locator('[data-rule="cn.ad_law.absolute_terms_context"]')).toContainText('TEA-JASMINE-100');
    await expect(notice).toContainText(lang === 'en' ? 'Warnings for CN on the card just pinned' : '刚置顶的商品卡在 CN 有警告');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/compliance-flag-${lang}.png` });

    await notice.getByTestId('compliance-flag-dismiss').click();
    await expect(notice).toBeHidden();
  });
}

test('a card refused mid-live for a rule of its market is pinned from the Catalog with a reason, which is logged', async ({ page, served }) => {
  const product = await rest<Product>(served, 'catalog.getProduct', { sku: 'TEA-JASMINE-100' });
  const { id, sku, name, pitch, bullets, images, prices } = product;
  await rest(served, 'catalog.saveProduct', { product: { id, sku, pitch, bullets, images, prices, name: { ...name, 'zh-CN': '全网最低 茉莉银针茶 100克' } } });
  const session = await rest<{ id: string }>(served, 'session.start', { title: '茶叶直播', market: 'CN', languages: ['zh-CN'], override: { reason: 'Legal approved the card name today' } });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${served.url}#/catalog`);

  await page.getByTestId('pin-TEA-JASMINE-100').click();
  const dialog = page.getByTestId('override-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('This card breaks a rule of its market');
  await expect(dialog.locator('[data-rule="cn.ad_law.absolute_terms"]')).toContainText('全网最低');
  expect((await rest<{ pins: unknown[] }>(served, 'card.current', {})).pins).toEqual([]);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/pin-override-en.png` });

  const reason = 'Legal approved the card name for this live';
  await dialog.getByTestId('override-reason').fill(reason);
  await dialog.getByTestId('override-confirm').click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await rest<{ pins: unknown[] }>(served, 'card.current', {})).pins.length).toBeGreaterThan(0);
  const { events } = await rest<{ events: { payload: { overrideReason: string | null } }[] }>(served, 'session.events', { id: session.id, kinds: ['compliance.flagged'] });
  expect(events.map((e) => e.payload.overrideReason)).toEqual([reason]);
});
