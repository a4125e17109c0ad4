import fs from 'node:fs';
import type { Connection } from '../../electron/shared/contract/platform';
import { startShopifyFake, type ShopifyFake } from '../support/platforms/shopify';
import { expect, rest, test } from './fixtures';

/** Screenshots of the lane with the hint, looked at by hand (not kept in the repo). */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

let shopify: ShopifyFake;
test.beforeEach(async () => {
  shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'USD' });
  shopify.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.99' }] });
});
test.afterEach(async () => {
  await shopify.stop();
});

const script = {
  en: 'Welcome to the tea hour. [[card:TEA-JASMINE-100]] This jasmine tea is picked by hand.',
  'zh-CN': '欢迎来到茶时间。[[card:TEA-JASMINE-100]] 这款茉莉花茶是手工采摘的。',
};

for (const lang of ['en', 'zh-CN'] as const) {
  test(`pinning a linked product tells the host's prompter where to pin it; P says done and the session log keeps it (${lang})`, async ({
    page,
    served,
    browser,
  }) => {
    const shop = await rest<Connection>(served, 'platform.save', {
      platform: 'shopify',
      label: 'Tea shop',
      markets: ['US'],
      apiBase: shopify.base,
      credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
    });
    await rest(served, 'platform.matchProducts', { connectionId: shop.id });
    const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Tea hour', leadLanguage: 'en', variants: script });
    await rest(served, 'prompter.load', { scriptId: saved.script.id });
    const session = await rest<{ id: string }>(served, 'session.start', { title: 'Tea hour, US', market: 'US' });

    // The host's lane (control token) and a co-host's lane (follow token, another device).
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=${lang}`);
    await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'lead');
    const link = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'zh-CN' });
    const coHostContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const coHost = await coHostContext.newPage();
    await coHost.goto(link.url);
    await expect(coHost.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');
    await expect(page.locator('[data-cue-id="card:TEA-JASMINE-100"]')).toBeVisible();

    // The card is pinned from the control room (a click on the Catalog page).
    const control = await page.context().newPage();
    await control.goto(served.url + '#/catalog');
    await control.getByTestId('pin-TEA-JASMINE-100').click();
    await control.close();

    const hint = page.getByTestId('prompter-pin-hint');
    await expect(hint).toBeVisible();
    await expect(hint).toHaveAttribute('data-connection', shop.id);
    await expect(hint).toContainText(
      lang === 'en' ? 'Pin Jasmine Silver Needle Tea, 100 g in Shopify console (Tea shop)' : '在 Shopify 后台置顶 茉莉银针茶 100克（Tea shop）',
    );
    await expect(hint).toContainText(lang === 'en' ? 'P done' : 'P 完成');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/prompter-pin-hint-${lang}-1280x800.png` });
    // The pin is the host's job: a co-host's lane is not told (the event is outside the follow scope).
    await expect(coHost.getByTestId('prompter-window')).toBeVisible();
    await expect(coHost.getByTestId('prompter-pin-hint')).toHaveCount(0);

    // The keyboard help lists the key.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect(help.locator('[data-shortcut="prompter.pinDone"]')).toContainText(lang === 'en' ? 'Done: pinned in the platform console' : '完成：已在平台后台置顶');
    await expect(help.locator('[data-shortcut="prompter.pinDone"]')).toHaveAttribute('data-available', 'true');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${shots}/prompter-pin-hint-help-${lang}-1280x800.png` });
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // One key: done. The hint goes and the session log has it.
    await page.keyboard.press('p');
    await expect(hint).toBeHidden();
    await expect
      .poll(async () => {
        const { events } = await rest<{ events: { kind: string; payload: unknown }[] }>(served, 'session.events', {
          id: session.id,
          kinds: ['platform.pinDone'],
        });
        return events.map((e) => e.payload);
      })
      .toEqual([{ connectionId: shop.id, platform: 'shopify', productId: expect.any(String) }]);
    await coHostContext.close();
  });
}
