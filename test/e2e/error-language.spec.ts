import { startObs, type ObsInstance } from '../support/obs';
import { expect, test } from './fixtures';

// The host's errors in the UI language: a zh-CN user reads the OBS password, import and deal refusals in Chinese.
let obs: ObsInstance;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  obs = await startObs({ password: 'zh-e2e' });
});
test.afterAll(async () => {
  await obs?.dispose();
});

test('in 中文 a wrong OBS password, a malformed catalog file and a refused deal are said in Chinese', async ({ page, served }) => {
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  await page.getByTestId('language-switcher').selectOption('zh-CN');

  // Real OBS with a password; a wrong one: the host's detail line, not only the summary, is in Chinese.
  await page.getByTestId('obs-url').fill(obs.url);
  await page.getByTestId('obs-password').fill('not-it');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'auth-failed');
  await expect(page.getByTestId('obs-detail')).toHaveText('OBS 拒绝了该密码。请在 OBS 的 工具 → WebSocket 服务器设置 中核对，然后重新输入。');
  await page.screenshot({ path: 'test-results/error-language-obs.png' });

  // A catalog file that is not JSON: refused, and said in Chinese.
  await page.goto(served.url + '#/catalog');
  await page.getByTestId('import-file').setInputFiles({ name: 'catalog.json', mimeType: 'application/json', buffer: Buffer.from('{"products": [') });
  await expect(page.getByText(/该文件不是有效的 JSON/)).toBeVisible();

  // A deal whose code another open deal already uses: the host refuses it, the toast says why in Chinese.
  await page.getByTestId('select-TEA-JASMINE-100').click();
  await page.getByTestId('deal-price').fill('19.99');
  await page.getByTestId('deal-code').fill('tea10');
  await page.getByTestId('create-deal').click();
  await expect(page.getByTestId('deal-list').locator('li').first().getByTestId('deal-code-label')).toHaveText('TEA10');
  await page.getByTestId('deal-price').fill('18.99');
  await page.getByTestId('deal-code').fill('tea10');
  await page.getByTestId('create-deal').click();
  const toast = page.getByTestId('error-toast');
  await expect(toast).toContainText('代码 TEA10 已被 TEA-JASMINE-100 的另一个秒杀使用');
  await expect(toast).toContainText('请换一个代码，或先结束或取消那个秒杀。');
  await expect(toast).not.toContainText('already used');
  await page.screenshot({ path: 'test-results/error-language-deal.png' });
});
