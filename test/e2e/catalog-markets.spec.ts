import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { ServedHost } from '../support/served-host';

function api(request: APIRequestContext, served: ServedHost) {
  return async <T = Record<string, unknown>>(method: string, body: unknown = {}): Promise<T> => {
    const res = await request.post(`${served.baseUrl}/api/v1/${method}`, { data: body, headers: { Authorization: `Bearer ${served.token}` } });
    const json = await res.json();
    if (!res.ok()) throw new Error(`${method}: ${JSON.stringify(json)}`);
    return json as T;
  };
}

async function criticalViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the Catalog page has no critical accessibility violation', async ({ page, served }) => {
  await page.goto(served.url + '#/catalog');
  await expect(page.getByTestId('product-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('outputs').locator('.link-list li').first()).toBeVisible();
  expect(await criticalViolations(page)).toEqual([]);
});

test('the pin market follows the live session, and the choice made without a session survives a reload', async ({ page, served, request }) => {
  const call = api(request, served);
  await page.goto(served.url + '#/catalog');
  const selector = page.getByTestId('pin-market');
  await expect(selector).toHaveValue('US');

  await call('session.start', { title: 'Tea launch, DE', market: 'DE' });
  await expect(selector).toHaveValue('DE');
  // The deal form is for the session's market too.
  await page.locator('tr[data-sku="TEA-JASMINE-100"] td.product-name').click();
  await expect(page.getByTestId('card-controls').locator('.deal-form')).toContainText('EUR');
  await page.getByTestId('pin-TEA-JASMINE-100').click();
  await expect(page.getByTestId('pinned-card')).toContainText('DE');
  // The Outputs panel lists the session market's overlay link first.
  const links = page.getByTestId('outputs').locator('.link-list li');
  await expect(links.first()).toHaveAttribute('data-market', 'DE');
  await expect(links).toHaveCount(4);

  await call('session.end');
  await expect(selector).toHaveValue('US');
  await selector.selectOption('ES');
  await expect.poll(async () => (await call<{ general: { defaultMarket: string } }>('settings.get')).general.defaultMarket).toBe('ES');
  await page.reload();
  await expect(selector).toHaveValue('ES');
  await page.getByTestId('pin-SILK-SCARF-RED').click();
  await expect(page.getByTestId('pinned-card')).toContainText('ES');
});

test('in Chinese, the Outputs panel, import errors and the Prompter product list are in Chinese', async ({ page, served, request }) => {
  const call = api(request, served);
  await call('settings.set', { general: { language: 'zh-CN' } });
  await page.goto(served.url + '#/catalog');
  const outputs = page.getByTestId('outputs');
  await expect(outputs.locator('[data-output="webhook"]')).toContainText('设置 > 推送到店铺的 Webhook');
  await expect(outputs.locator('[data-output="overlay"]')).toContainText('叠加层页面');
  await expect(outputs.locator('[data-output="obs-native"]')).toContainText('已关闭');
  await page.getByTestId('pin-TEA-JASMINE-100').click();
  await expect(page.getByTestId('pinned-card')).toContainText('OBS 场景 + 叠加层');
  await expect(page.getByTestId('pinned-card')).not.toContainText('obs-native');
  const outputsText = (await outputs.innerText()).replace(/http\S+/g, '');
  expect(outputsText).not.toMatch(/Settings|Turned off|No webhook|pending|markets:|Overlay page|OBS scene/);

  const csv = ['sku,name.en,price.US,currency.US', ',Tea,twelve,', 'MUG-1,Mug,ten,usd1'].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'catalog.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const errors = page.getByTestId('import-errors').locator('tbody tr');
  await expect(errors).toHaveCount(4);
  await expect(errors.nth(0)).toContainText('SKU 为空');
  await expect(errors.nth(1)).toContainText('"twelve" 不是价格');
  await expect(errors.nth(2)).toContainText('"usd1" 不是 ISO 4217 货币代码');
  await expect(errors.nth(3)).toContainText('"ten" 不是价格');
  await expect(page.getByTestId('import-errors')).not.toContainText('is not');
  expect(await criticalViolations(page)).toEqual([]);

  await page.goto(served.url + '#/prompter');
  const productSelect = page.locator('.editor-meta select').first();
  await expect(productSelect.locator('option', { hasText: 'TEA-JASMINE-100' })).toHaveText('TEA-JASMINE-100 · 茉莉银针茶 100克');
});

test('the overlay speaks its market language: German for DE, Spanish for ES', async ({ page, served, request }) => {
  const call = api(request, served);
  const { overlayLinks } = await call<{ overlayLinks: { market: string; url: string }[] }>('outputs.list');
  expect(overlayLinks.map((l) => l.market)).toEqual(expect.arrayContaining(['DE', 'ES']));

  await page.goto(overlayLinks.find((l) => l.market === 'DE')!.url);
  await expect(page.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE' });
  const { deal } = await call<{ deal: { id: string } }>('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1799, stock: 40, durationS: 120, leadInS: 60 });
  await call('deal.start', { dealId: deal.id });
  const card = page.getByTestId('overlay-card');
  await expect(card).toHaveAttribute('data-deal-state', 'countdown');
  await expect(card).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('overlay-countdown')).toContainText('Angebot startet in');
  await expect(card).toContainText('Lieferzeit: 5-8 Tage');
  await expect(card).toContainText('Scannen und kaufen');
  await expect(card).not.toContainText(/Deal starts in|Ships in|Scan to buy/);

  await page.goto(overlayLinks.find((l) => l.market === 'ES')!.url);
  await expect(page.getByTestId('overlay-name')).toHaveText('Té de jazmín Aguja de Plata, 100 g');
  await expect(card).toHaveAttribute('lang', 'es');
  await expect(card).toContainText('Envío: 5-8 días');
  await expect(card).toContainText('Escanea para comprar');
});
