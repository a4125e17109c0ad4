import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { Connection } from '../../electron/shared/contract/platform';
import { startShopifyFake, type ShopifyFake } from '../support/platforms/shopify';
import { FakeTikTokShop } from '../support/platforms/tiktok-shop';
import { expect, rest, test } from './fixtures';

/** Screenshots of the changed screens, looked at by hand (not kept in the repo). */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

async function shoot(page: Page, name: string): Promise<void> {
  if (!fs.existsSync(shots)) fs.mkdirSync(shots, { recursive: true });
  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${shots}/${name}-${width}x${height}.png` });
  }
}

let shopify: ShopifyFake;
let tiktok: FakeTikTokShop;
test.beforeEach(async () => {
  shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'USD' });
  shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.99' }] });
  tiktok = new FakeTikTokShop({
    shops: [{ id: '7495000000000009', name: 'Tea US', region: 'US', cipher: 'ROW_fake_cipher_us', seller_type: 'LOCAL' }],
    products: [{ id: '1729000000000001', title: 'Jasmine Silver Needle Tea', skus: [{ id: '1729000000000011', sellerSku: 'TEA-JASMINE-100', price: '24.99', currency: 'USD', stock: 500 }] }],
  });
  await tiktok.start();
});
test.afterEach(async () => {
  await shopify.stop();
  await tiktok.stop();
});

const isCreate = (r: { body: string }) => r.body.includes('discountCodeBasicCreate');

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the deal panel shows what each connection did, with the reason and a retry (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    const shop = await rest<Connection>(served, 'platform.save', {
      platform: 'shopify',
      label: 'Tea shop',
      markets: ['US'],
      apiBase: shopify.base,
      credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
    });
    const tt = await rest<Connection>(served, 'platform.save', {
      platform: 'tiktok-shop',
      label: 'Tea on TikTok',
      markets: ['US'],
      apiBase: tiktok.server.base,
      authBase: tiktok.server.base,
      credentials: { appKey: tiktok.appKey, appSecret: tiktok.appSecret, authCode: tiktok.issueAuthCode() },
    });
    await rest(served, 'platform.matchProducts', { connectionId: shop.id });
    await rest(served, 'platform.matchProducts', { connectionId: tt.id });
    // The shop refuses the first code (it says why, at HTTP 200 as Shopify does); TikTok's own rules refuse a deal without a countdown.
    shopify.inject(isCreate, {
      kind: 'respond',
      response: {
        status: 200,
        body: { data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique. Please try a different code.' }] } } },
      },
    });

    await page.goto(served.url + '#/catalog');
    await page.getByTestId('pin-TEA-JASMINE-100').click();
    await page.getByTestId('select-TEA-JASMINE-100').click();
    await page.getByTestId('deal-price').fill('19.99');
    await page.locator('[data-testid="deal-form"] input').nth(4).fill('240');
    await page.locator('[data-testid="deal-form"] input').nth(5).fill('0');
    await page.getByTestId('create-deal').click();
    await page.getByTestId('deal-start').click();

    const rows = page.getByTestId('deal-platform');
    const shopRow = rows.filter({ hasText: 'Tea shop' });
    const ttRow = rows.filter({ hasText: 'Tea on TikTok' });
    await expect(shopRow).toHaveAttribute('data-state', 'failed');
    // Said in the UI language from Shopify's code; Shopify's own words (in English) stay beside it as detail.
    await expect(shopRow.getByTestId('deal-platform-reason')).toContainText(
      lang === 'en' ? 'Shopify refused: the code is already used by another discount in this shop.' : 'Shopify 拒绝了：该折扣码已被本店的另一个折扣使用。',
    );
    await expect(shopRow.getByTestId('deal-platform-said')).toContainText('Code must be unique');
    await expect(shopRow.getByTestId('deal-platform-said')).toContainText('(TAKEN)');
    await expect(ttRow).toHaveAttribute('data-state', 'failed');
    await expect(ttRow.getByTestId('deal-platform-reason')).toContainText(
      lang === 'en' ? 'The countdown is 0 s; TikTok Shop flash deals need 10 to 300 seconds.' : '倒计时为 0 秒；TikTok Shop 秒杀需要 10 到 300 秒的倒计时。',
    );
    // A rule of the deal itself cannot be retried; the shop's refusal can.
    await expect(ttRow.getByTestId('deal-platform-retry')).toHaveCount(0);
    await expect(shopRow.getByTestId('deal-platform-retry')).toHaveText(lang === 'en' ? 'Retry' : '重试');
    await shoot(page, `deal-panel-failed-${lang}`);

    await shopRow.getByTestId('deal-platform-retry').click();
    await expect(shopRow).toHaveAttribute('data-state', 'live');
    const code = (await shopRow.getByTestId('deal-platform-code').textContent())!;
    expect(shopify.discounts.map((d) => d.code)).toEqual([code]);
    await expect(shopRow).toContainText(lang === 'en' ? 'Live' : '进行中');
    await shoot(page, `deal-panel-live-${lang}`);

    // Viewers see the code on the stream: the overlay page (an OBS browser source) shows it on the card.
    const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
    const overlay = await page.context().newPage();
    await overlay.goto(overlayLinks.find((l) => l.market === 'US')!.url);
    await expect(overlay.getByTestId('overlay-deal-code')).toContainText(code);
    await overlay.close();

    // The Live page reminds the host to pin the product in each shop's own console.
    // (The card was pinned at the start, with both shops linked.)
    await page.goto(served.url + '#/live');
    const reminders = page.getByTestId('pin-reminder');
    await expect(reminders).toHaveCount(2);
    await expect(reminders.filter({ hasText: 'Tea shop' })).toContainText(lang === 'en' ? 'Pin Jasmine Silver Needle Tea' : '置顶');
    await shoot(page, `live-pin-reminder-${lang}`);
    await reminders.first().getByTestId('pin-reminder-done').click();
    await expect(reminders).toHaveCount(1);
  });
}
