import { expect, test } from './fixtures';

const csv = [
  'sku,name.en,name.zh-CN,price.US,shipping.US,url.US,price.DE',
  'LAMP-1,Paper Lamp,纸灯,39.90,5-7 days,https://shop.example.com/lamp,34.50',
  'BAD-1,Broken price,坏,"12,50",,,',
].join('\n');

test('import with row errors, pin, run a deal and build a rundown from the Catalog page', async ({ page, served }) => {
  await page.goto(served.url + '#/catalog');
  await expect(page.getByTestId('product-table').locator('tbody tr')).toHaveCount(3);

  // A file with an error is refused whole, with the row and column named.
  await page.getByTestId('import-file').setInputFiles({ name: 'catalog.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-errors')).toContainText('price.US');
  await expect(page.getByTestId('import-errors').locator('tbody tr').first()).toContainText('3');
  await expect(page.getByTestId('product-table').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('import-valid-only').click();
  await expect(page.getByTestId('product-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByRole('cell', { name: 'Paper Lamp' })).toBeVisible();

  // Pin it: the row and the card panel show it on air.
  await page.getByTestId('pin-LAMP-1').click();
  await expect(page.getByTestId('pinned-card')).toContainText('Paper Lamp');

  // A flash deal with a lead-in countdown.
  await page.getByTestId('deal-price').fill('29.90');
  await page.getByTestId('create-deal').click();
  await page.getByTestId('deal-start').click();
  await expect(page.getByTestId('deal-list').locator('li').first()).toHaveAttribute('data-state', 'countdown');
  await expect(page.getByTestId('deal-clock').first()).toHaveText(/0:(10|0\d)/);

  // Rundown: a segment and two products, reordered with the keyboard.
  await page.getByRole('textbox', { name: 'Segment title' }).fill('Welcome');
  await page.getByTestId('rundown-add-segment').click();
  await page.getByTestId('rundown-add-product').click();
  const items = page.getByTestId('rundown-list').locator('li');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Welcome');
  await items.nth(1).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(items.nth(0)).toContainText('Paper Lamp');

  // Webhook pushes are listed with their status (none configured here: the outputs say so).
  await expect(page.getByTestId('outputs')).toContainText('Webhook');
  await page.screenshot({ path: 'test-results/catalog-commerce.png', fullPage: true });
});
