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

for (const lang of ['en', 'zh-CN'] as const) {
  test(`a prompter cue's pin refused mid-live reaches the host on the Live page, who pins it with a reason (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    const product = await rest<Product>(served, 'catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    const { id, sku, name, pitch, bullets, images, prices } = product;
    await rest(served, 'catalog.saveProduct', { product: { id, sku, pitch, bullets, images, prices, name: { ...name, 'zh-CN': '全网最低 茉莉银针茶 100克' } } });
    const { scripts } = await rest<{ scripts: { id: string }[] }>(served, 'prompter.listScripts');
    await rest(served, 'prompter.load', { scriptId: scripts[0]!.id });
    const session = await rest<{ id: string }>(served, 'session.start', { title: '茶叶直播', market: 'CN', languages: ['zh-CN'], override: { reason: 'Legal approved the card name today' } });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${served.url}#/live`);
    await expect(page.getByTestId('live-page')).toBeVisible();

    // The cue fires on the host (as at the reading line): nobody in this page asked for the pin.
    const { cues } = await rest<{ cues: { id: string; type: string }[] }>(served, 'prompter.state');
    const cardCue = cues.find((c) => c.type === 'card')!;
    const fired = await rest<{ result: string }>(served, 'prompter.fireCue', { cueId: cardCue.id });
    expect(fired.result).toBe('failed');
    const notice = page.getByTestId('compliance-refused');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('data-what', 'card');
    await expect(notice).toContainText(lang === 'en' ? 'Not pinned: ' : '未上架：');
    await expect(notice.locator('[data-rule="cn.ad_law.absolute_terms"]')).toContainText('全网最低');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/cue-pin-refused-${lang}.png` });

    await notice.getByTestId('compliance-refused-override').click();
    const dialog = page.getByTestId('override-dialog');
    await expect(dialog).toBeVisible();
    await expect(notice).toBeHidden();
    const reason = 'Legal approved the card name for this live';
    await dialog.getByTestId('override-reason').fill(reason);
    await page.screenshot({ path: `${shots}/cue-pin-override-${lang}.png` });
    await dialog.getByTestId('override-confirm').click();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => (await rest<{ pins: { productId: string }[] }>(served, 'card.current', {})).pins.map((p) => p.productId)).toContain(id);
    await expect(notice).toBeHidden();

    await expect
      .poll(async () => {
        const { events } = await rest<{ events: { kind: string; payload: { overrideReason?: string | null } }[] }>(served, 'session.events', {
          id: session.id,
          kinds: ['compliance.refused', 'compliance.flagged'],
        });
        return events.map((e) => [e.kind, e.payload.overrideReason ?? null]);
      })
      .toEqual([
        ['compliance.refused', null],
        ['compliance.flagged', reason],
      ]);
  });
}

test('a refused pin left off by the host stays off, and the notice goes', async ({ page, served }) => {
  const product = await rest<Product>(served, 'catalog.getProduct', { sku: 'TEA-JASMINE-100' });
  const { id, sku, name, pitch, bullets, images, prices } = product;
  await rest(served, 'catalog.saveProduct', { product: { id, sku, pitch, bullets, images, prices, name: { ...name, 'zh-CN': '全网最低 茉莉银针茶 100克' } } });
  await rest(served, 'session.start', { title: '茶叶直播', market: 'CN', languages: ['zh-CN'], override: { reason: 'Legal approved the card name today' } });
  await page.goto(`${served.url}#/sessions`);
  // A Stream Deck button over REST: refused, and the host sees it on whatever page is open.
  await expect(rest(served, 'card.pin', { sku: 'TEA-JASMINE-100' })).rejects.toThrow(/refused_compliance/);
  const notice = page.getByTestId('compliance-refused');
  await expect(notice).toBeVisible();
  await notice.getByTestId('compliance-refused-dismiss').click();
  await expect(notice).toBeHidden();
  expect((await rest<{ pins: unknown[] }>(served, 'card.current', {})).pins).toEqual([]);
});
