import { startShopifyFake, type ShopifyFake } from '../support/platforms/shopify';
import { expect, rest, test } from './fixtures';

const token = 'shpat_e2e_0123456789abcdef';

let shop: ShopifyFake;
test.beforeEach(async () => {
  shop = await startShopifyFake({ shopName: 'Jade Tea House', shopDomain: 'jade-tea.myshopify.com', token });
  shop.addProduct({ title: 'Jasmine Silver Needle (100 g)', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
  // Two listings share the scarf's SKU: the studio must not pick one for the user.
  shop.addProduct({ title: 'Red silk scarf', variants: [{ sku: 'SILK-SCARF-RED', price: '39.00' }] });
  shop.addProduct({ title: 'Red silk scarf (old listing)', variants: [{ sku: 'SILK-SCARF-RED', price: '35.00' }] });
});
test.afterEach(async () => {
  await shop.stop();
});

test('connect Shopify from Settings: connected with the shop name, products matched by SKU with what did not match and why', async ({ page, served }) => {
  await page.goto(served.url + '#/settings');
  await expect(page.getByTestId('platform-none')).toBeVisible();
  await page.getByTestId('platform-add-shopify').click();
  const form = page.getByTestId('platform-form');
  await form.getByTestId('platform-field-label').fill('Jade Tea (EU)');
  await form.getByTestId('platform-field-markets').fill('de, fr');
  await form.getByTestId('platform-field-shopDomain').fill('jade-tea');
  // Half a sign-in is refused in the form, saying what is missing.
  await form.getByTestId('platform-save').click();
  await expect(form.getByTestId('platform-form-problem')).toContainText('Access token');
  await form.getByTestId('platform-field-accessToken').fill(token);
  await form.locator('summary').click();
  await form.getByTestId('platform-field-apiBase').fill(shop.base);
  await form.getByTestId('platform-save').click();

  const item = page.getByTestId('platform-connection');
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('platform-state')).toHaveText('Connected');
  await expect(item.getByTestId('platform-account')).toHaveText('Jade Tea House (jade-tea.myshopify.com)');
  await expect(item).toContainText('Markets: DE, FR');
  // The token went in and never comes back out: not in the page, not in the API.
  expect(await page.content()).not.toContain(token);
  expect(JSON.stringify(await rest(served, 'platform.list'))).not.toContain(token);

  // Match by SKU: one linked, one on several listings, one not on the shop.
  await item.getByTestId('platform-match-skus').click();
  await expect(item.getByTestId('platform-match-summary')).toHaveText('1 linked, 1 not on the shop, 1 to pick by hand.');
  const row = (sku: string) => item.locator(`[data-testid="platform-match"][data-sku="${sku}"]`);
  await expect(row('TEA-JASMINE-100')).toHaveAttribute('data-outcome', 'linked');
  await expect(row('TEA-JASMINE-100')).toContainText('Linked to “Jasmine Silver Needle (100 g)”.');
  await expect(row('SILK-SCARF-RED')).toHaveAttribute('data-outcome', 'ambiguous');
  await expect(row('SILK-SCARF-RED')).toContainText('Several products on the shop have the SKU SILK-SCARF-RED');
  await expect(row('CERAMIC-MUG-CELADON')).toHaveAttribute('data-outcome', 'missing');
  await expect(row('CERAMIC-MUG-CELADON')).toContainText('No product on the shop has the SKU CERAMIC-MUG-CELADON.');
  await item.getByTestId('platform-links').locator('summary').click();
  await expect(item.getByTestId('platform-link')).toHaveCount(1);
  await expect(item.getByTestId('platform-link')).toHaveAttribute('data-sku', 'TEA-JASMINE-100');

  // The Live page shows the connection next to OBS.
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('live-platform')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('live-platform')).toContainText('Jade Tea (EU)');

  // A revoked token: needs sign-in, said in Chinese in the Chinese UI, on the Live page and in Settings.
  shop.revokeToken(token);
  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  const id = (await rest<{ connections: { id: string }[] }>(served, 'platform.list')).connections[0]!.id;
  await rest(served, 'platform.check', { connectionId: id });
  await expect(page.getByTestId('live-platform')).toHaveAttribute('data-state', 'needs-auth');
  await expect(page.getByTestId('live-platform')).toContainText('需要登录');
  await expect(page.getByTestId('live-platform-message')).toContainText('Shopify 拒绝了登录');
  await page.goto(served.url + '#/settings');
  await expect(page.getByTestId('platform-connection').getByTestId('platform-state')).toHaveText('需要登录');
});

test('a connection is edited and removed from Settings, with a confirmation first', async ({ page, served }) => {
  await rest(served, 'platform.save', {
    platform: 'shopify',
    label: 'Jade Tea',
    markets: ['DE'],
    apiBase: shop.base,
    credentials: { shopDomain: 'jade-tea', accessToken: token },
  });
  await page.goto(served.url + '#/settings');
  const item = page.getByTestId('platform-connection');
  await expect(item).toHaveAttribute('data-state', 'connected');
  await item.getByTestId('platform-edit').click();
  const form = page.getByTestId('platform-form');
  // Credentials are write-only: the form says they are set, and keeps them when left empty.
  await expect(form.getByTestId('platform-field-accessToken')).toHaveValue('');
  await expect(form).toContainText('(set)');
  await form.locator('summary').click();
  await expect(form.getByTestId('platform-field-apiBase')).toHaveValue(shop.base);
  await form.getByTestId('platform-field-label').fill('Jade Tea Germany');
  await form.getByTestId('platform-save').click();
  await expect(item.locator('.platform-label')).toHaveText('Jade Tea Germany');
  await item.getByTestId('platform-check').click();
  await expect(item).toHaveAttribute('data-state', 'connected');

  await item.getByTestId('platform-remove').click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(item).toBeVisible();
  await item.getByTestId('platform-remove').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('platform-none')).toBeVisible();
  expect((await rest<{ connections: unknown[] }>(served, 'platform.list')).connections).toEqual([]);
});

test('a chat connection says which moments it announces, each switched in its form', async ({ page, served }) => {
  const saved = await rest<{ id: string }>(served, 'platform.save', { platform: 'twitch', label: 'Studio channel', markets: [], credentials: { clientId: 'abc123' } });
  await page.goto(served.url + '#/settings');
  const item = page.getByTestId('platform-connection');
  await expect(item).toHaveAttribute('data-state', 'needs-auth');
  await expect(item.getByTestId('platform-signin-start')).toHaveText('Sign in with Twitch');
  await item.getByTestId('platform-edit').click();
  const form = page.getByTestId('platform-form');
  await expect(form.getByTestId('platform-announce-dealLastMinute')).toBeChecked();
  await form.getByTestId('platform-announce-dealLastMinute').uncheck();
  await form.getByTestId('platform-save').click();
  await expect(form).toBeHidden();
  const [connection] = (await rest<{ connections: { id: string; announce: Record<string, boolean> }[] }>(served, 'platform.list')).connections;
  expect(connection).toMatchObject({ id: saved.id, announce: { pin: true, dealStart: true, dealLastMinute: false, dealEnd: true } });
});
