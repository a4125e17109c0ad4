import fs from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import type { ServedHost } from '../support/served-host';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function api(request: APIRequestContext, served: ServedHost) {
  return async <T = Record<string, unknown>>(method: string, body: unknown = {}): Promise<T> => {
    const res = await request.post(`${served.baseUrl}/api/v1/${method}`, { data: body, headers: { Authorization: `Bearer ${served.token}` } });
    const json = await res.json();
    if (!res.ok()) throw new Error(`${method}: ${JSON.stringify(json)}`);
    return json as T;
  };
}

type Product = { netQuantity?: { amount: number; unit: string }; prices: { market: string; amountMinor: number; taxInclusive: boolean; deliveryDays?: { min: number; max: number } }[] };

test('the product editor sets net quantity, net or gross price and delivery days per market; the DE overlay card shows the VAT-inclusive price, unit price and delivery', async ({ page, served, request }) => {
  const call = api(request, served);
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(served.url + '#/catalog');
  await page.getByTestId('product-table').getByRole('row', { name: /TEA-JASMINE-100/ }).getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('product-editor');

  await editor.getByTestId('edit-net-quantity').fill('100');
  await editor.getByTestId('edit-net-unit').selectOption('g');
  // DE: enter the price before VAT; the editor shows what viewers will pay.
  const de = editor.getByTestId('edit-market-DE');
  await de.getByTestId('edit-entered-DE').selectOption('net');
  await de.getByTestId('edit-price-DE').fill('19,24');
  await expect(de.getByTestId('edit-vat-DE')).toHaveAttribute('placeholder', '19');
  await expect(de.getByTestId('edit-preview-DE')).toHaveText(/Viewers see: 22,90\s€ incl\. 19% VAT/);
  await de.getByTestId('edit-delivery-min-DE').fill('5');
  await de.getByTestId('edit-delivery-max-DE').fill('8');

  // A JP price in whole yen, typed as the Japanese write it.
  await editor.getByRole('button', { name: 'Add market' }).click();
  await editor.getByTestId('edit-market-US').last().getByTestId('edit-market-select').selectOption('JP');
  const jp = editor.getByTestId('edit-market-JP');
  await jp.getByTestId('edit-price-JP').fill('¥1,980.5');
  await expect(jp.getByTestId('edit-preview-JP')).toHaveText('Viewers see: enter a price');
  await editor.getByTestId('edit-save').click();
  // The yen has no decimals: the error says so, and nothing is saved.
  await expect(page.getByRole('alert').filter({ hasText: 'JPY has 0' })).toBeVisible();
  await jp.getByTestId('edit-price-JP').fill('¥1,980');
  await expect(jp.getByTestId('edit-preview-JP')).toHaveText('Viewers see: ￥1,980 incl. 10% VAT');
  await jp.getByTestId('edit-delivery-min-JP').fill('9');
  await jp.getByTestId('edit-delivery-max-JP').fill('4');
  await editor.getByTestId('edit-save').click();
  await expect(page.getByRole('alert').filter({ hasText: 'must not be after' })).toBeVisible();
  await jp.getByTestId('edit-delivery-max-JP').fill('12');
  await editor.scrollIntoViewIfNeeded();
  await editor.screenshot({ path: `${shots}/market-prices-editor-en.png` });

  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await expect(de.getByTestId('edit-preview-DE')).toHaveText(/观众看到：22,90\s€，含 19% 增值税/);
  await editor.screenshot({ path: `${shots}/market-prices-editor-zh-CN.png` });
  await editor.getByTestId('edit-save').click();
  await expect(editor).toHaveCount(0);
  // The catalog lists the price DE viewers pay, though it was entered net.
  await expect(page.getByTestId('product-table').locator('tr[data-sku="TEA-JASMINE-100"] .prices')).toContainText(/DE\s*22,90\s€/);
  await expect(page.getByTestId('product-table').locator('tr[data-sku="TEA-JASMINE-100"] .prices')).toContainText('JP ￥1,980');

  const saved = await call<Product>('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
  expect(saved.netQuantity).toEqual({ amount: 100, unit: 'g' });
  expect(saved.prices.find((p) => p.market === 'DE')).toMatchObject({ amountMinor: 1924, taxInclusive: false, deliveryDays: { min: 5, max: 8 } });
  expect(saved.prices.find((p) => p.market === 'JP')).toMatchObject({ amountMinor: 1980, taxInclusive: true, deliveryDays: { min: 9, max: 12 } });

  // The DE overlay, as OBS loads it.
  const { overlayLinks } = await call<{ overlayLinks: { market: string; url: string }[] }>('outputs.list');
  const overlay = await page.context().newPage();
  await overlay.setViewportSize({ width: 1280, height: 720 });
  await overlay.goto(overlayLinks.find((l) => l.market === 'DE')!.url);
  await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE' });
  await expect(overlay.getByTestId('overlay-price')).toHaveText(/^22,90\s€$/);
  await expect(overlay.getByTestId('overlay-tax')).toHaveText('inkl. MwSt.');
  await expect(overlay.getByTestId('overlay-unit-price')).toHaveText(/^229,00\s€\/kg$/);
  await expect(overlay.getByTestId('overlay-delivery')).toHaveText('Lieferung in 5–8 Tagen');
  await overlay.screenshot({ path: `${shots}/market-prices-overlay-de.png` });

  // A deal: the unit price follows the deal price on screen.
  const { deal } = await call<{ deal: { id: string } }>('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1990, stock: 30, durationS: 300 });
  await call('deal.start', { dealId: deal.id });
  await expect(overlay.getByTestId('overlay-deal-price')).toHaveText(/^19,90\s€$/);
  await expect(overlay.getByTestId('overlay-unit-price')).toHaveText(/^199,00\s€\/kg$/);
  await expect(overlay.getByTestId('overlay-tax')).toHaveText('inkl. MwSt.');

  // The JP overlay: whole yen, tax included, delivery in Japanese, no unit price.
  await overlay.goto(overlayLinks.find((l) => l.market === 'JP')?.url ?? overlayLinks[0]!.url.replace(/market=[A-Z]+/, 'market=JP'));
  await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await call('card.pin', { sku: 'TEA-JASMINE-100', market: 'JP', output: 'overlay' });
  await expect(overlay.getByTestId('overlay-price')).toHaveText('￥1,980');
  await expect(overlay.getByTestId('overlay-tax')).toHaveText('税込');
  await expect(overlay.getByTestId('overlay-unit-price')).toHaveCount(0);
  await expect(overlay.getByTestId('overlay-delivery')).toHaveText('お届け目安 9〜12日');
  expect(nbsp(await overlay.getByTestId('overlay-card').innerText())).not.toContain('undefined');
  await overlay.screenshot({ path: `${shots}/market-prices-overlay-jp.png` });

  // SA: an Arabic card, right to left, with the price in the Western digits Saudi shoppers read.
  const tea = await call<Product & Record<string, unknown>>('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
  await call('catalog.saveProduct', {
    product: {
      sku: tea.sku,
      name: { ...(tea.name as Record<string, string>), ar: 'شاي الياسمين الفضي، 100 غ' },
      netQuantity: tea.netQuantity,
      prices: [...tea.prices, { market: 'SA', currency: 'SAR', amountMinor: 13000, taxInclusive: false, deliveryDays: { min: 3, max: 6 } }],
    },
  });
  const links = (await call<{ overlayLinks: { market: string; url: string }[] }>('outputs.list')).overlayLinks;
  await overlay.goto(links.find((l) => l.market === 'SA')!.url);
  await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await call('card.pin', { sku: 'TEA-JASMINE-100', market: 'SA', output: 'overlay' });
  await expect(overlay.getByTestId('overlay-card')).toHaveAttribute('dir', 'rtl');
  // 130.00 net plus 15% VAT.
  await expect(overlay.getByTestId('overlay-price')).toHaveText(/149\.50/);
  expect(await overlay.getByTestId('overlay-price').innerText()).not.toMatch(/[٠-٩]/);
  await expect(overlay.getByTestId('overlay-tax')).toHaveText('شامل ضريبة القيمة المضافة');
  await expect(overlay.getByTestId('overlay-delivery')).toHaveText('التوصيل خلال 3–6 أيام');
  await overlay.screenshot({ path: `${shots}/market-prices-overlay-sa.png` });
});
