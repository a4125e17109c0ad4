import { expect, rest, test } from './fixtures';

test('the control room loads the demo catalog and switches language without reload', async ({ page, served }) => {
  await page.goto(served.url + '#/catalog');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  const rows = page.getByTestId('product-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.getByText('Jasmine Silver Needle Tea, 100 g')).toBeVisible();
  await expect(page.getByText('$24.99').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/catalog-en.png' });

  // Marker that survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByTestId('language-switcher').selectOption('zh-CN');
  await expect(rows.getByText('茉莉银针茶 100克')).toBeVisible();
  await expect(page.getByRole('link', { name: '商品' })).toBeVisible();
  await page.screenshot({ path: 'test-results/catalog-zh.png' });
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);

  await page.getByTestId('language-switcher').selectOption('en');
  await expect(page.getByRole('link', { name: 'Catalog' })).toBeVisible();
  await expect(rows.getByText('Jasmine Silver Needle Tea, 100 g')).toBeVisible();
});

test('an API call from the page works, and the language choice is kept by the host', async ({ page, served }) => {
  await page.goto(served.url + '#/settings');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await page.getByTestId('language-switcher').first().selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  await page.screenshot({ path: 'test-results/settings-zh.png' });
});

test('requests without the token or with a foreign Host header are refused', async ({ served, request }) => {
  const noToken = await request.post(`${served.baseUrl}/api/v1/system.info`, { data: {} });
  expect(noToken.status()).toBe(401);
  expect((await noToken.json()).error.code).toBe('unauthorized');

  const rebinding = await request.post(`${served.baseUrl}/api/v1/system.info`, {
    data: {},
    headers: { Authorization: `Bearer ${served.token}`, Host: 'evil.example' },
  });
  expect(rebinding.status()).toBe(403);

  const ok = await request.post(`${served.baseUrl}/api/v1/system.info`, {
    data: {},
    headers: { Authorization: `Bearer ${served.token}` },
  });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).methods).toContain('catalog.listProducts');
});

test('the session-log retention is set from Settings and kept by the host', async ({ page, served, request }) => {
  const retention = async () =>
    (
      await (
        await request.post(`${served.baseUrl}/api/v1/settings.get`, { data: {}, headers: { Authorization: `Bearer ${served.token}` } })
      ).json()
    ).sessionLog.retentionDays;
  await page.goto(served.url + '#/settings');
  await expect(page.getByTestId('retention-mode')).toHaveValue('forever');
  expect(await retention()).toBeNull();
  await page.getByTestId('retention-mode').selectOption('days');
  await expect(page.getByTestId('retention-days')).toHaveValue('90');
  await expect.poll(retention).toBe(90);
  await page.getByTestId('retention-days').fill('30');
  await page.getByTestId('retention-days').blur();
  await expect.poll(retention).toBe(30);
  await page.screenshot({ path: 'test-results/settings-retention.png', fullPage: true });
  await page.getByTestId('retention-mode').selectOption('forever');
  await expect.poll(retention).toBeNull();
});

test('the webhook signing secret is set from Settings: a malformed one is refused with the reason, a good one is kept and never shown', async ({ page, served }) => {
  const secretSet = async () => (await rest<{ webhookSecretSet: boolean }>(served, 'outputs.list')).webhookSecretSet;
  await page.goto(served.url + '#/settings');
  const webhook = page.getByTestId('webhook-settings');
  await expect(webhook).toContainText('Signing secret (not set)');
  const field = webhook.locator('input[type="password"]');

  await field.fill('not-a-secret');
  await webhook.getByRole('button', { name: 'Set secret' }).click();
  await expect(page.getByTestId('error-toast')).toContainText('whsec_');
  await expect(webhook).toContainText('(not set)');
  expect(await secretSet()).toBe(false);

  const secret = `whsec_${Buffer.from('a signing secret of 32 bytes...').toString('base64')}`;
  await field.fill(secret);
  await webhook.getByRole('button', { name: 'Set secret' }).click();
  await expect(webhook.getByRole('status')).toHaveText('Signing secret saved.');
  await expect(webhook).toContainText('Signing secret (set)');
  await expect(field).toHaveValue('');
  expect(await secretSet()).toBe(true);

  await page.reload();
  await expect(page.getByTestId('webhook-settings')).toContainText('Signing secret (set)');
  expect(await page.content()).not.toContain(secret);
});
