import fs from 'node:fs';
import { expect, test } from './fixtures';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';
// Eight screenshots and a few host round trips: slow on a shared, loaded machine.
test.describe.configure({ timeout: 180_000 });

const sizes = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];

test('a script with 最好 for market CN shows an error at its line in the script editor, with its source', async ({ page, served }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize(sizes[0]!);
  await page.goto(served.url + '#/prompter');
  await page.getByTestId('new-script').click();
  await page.getByTestId('script-title').fill('Jasmine, China');
  await page.getByLabel('add: es, ar…').fill('zh-CN');
  await page.getByLabel('add: es, ar…').press('Enter');
  await page.getByTestId('script-text').fill('大家好！\n这是最好的茉莉花茶。\n最好牌茶具 [[allow:最好牌 | 注册商标第12345678号]]');

  // The default market (US) has no rule against it: no compliance finding until the script is checked for CN.
  await expect(page.getByTestId('editor-market-US')).toBeChecked();
  await expect(page.getByTestId('compliance-finding')).toHaveCount(0);
  // The box shows what the host stored (Settings > Compliance), so it is checked once the host answers.
  await page.getByTestId('editor-market-CN').click();
  await expect(page.getByTestId('editor-market-CN')).toBeChecked();

  const finding = page.getByTestId('compliance-finding');
  await expect(finding).toHaveCount(1); // line 3 is an approved exemption
  await expect(finding).toHaveAttribute('data-rule', 'cn.ad_law.absolute_terms');
  await expect(finding).toHaveClass(/error/);
  await expect(finding).toContainText('line 2, col 3');
  await expect(finding).toContainText('CN: "最好" is an absolute claim, banned in ads in China');
  await expect(finding).toContainText('Source: Advertising Law of the PRC (中华人民共和国广告法), Art. 9(3)');
  // The tab of the variant with an error is marked.
  await expect(page.getByRole('tab', { name: /中文/ })).toHaveClass(/has-errors/);
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${shots}/compliance-editor-en-${size.width}.png`, fullPage: true });
  }

  // Clicking the finding selects the term in the text.
  await finding.click();
  const selected = await page.getByTestId('script-text').evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe('最好');

  // In Chinese.
  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await expect(finding).toContainText('第 2 行，第 3 列');
  await expect(finding).toContainText('CN：“最好”是绝对化用语');
  await expect(finding).toContainText('依据：');
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${shots}/compliance-editor-zh-${size.width}.png`, fullPage: true });
  }

  // Rephrased: the finding goes away.
  await page.getByTestId('script-text').fill('大家好！\n这是我们店本月卖得最多的茉莉花茶。');
  await expect(page.getByTestId('compliance-finding')).toHaveCount(0);
});

test('Settings > Compliance lists the packs with their sources, and keeps the user’s own terms', async ({ page, served }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize(sizes[0]!);
  await page.goto(served.url + '#/settings');
  const section = page.getByTestId('compliance-settings');
  await expect(section.getByTestId('compliance-pack-cn')).toContainText('China: Advertising Law of the PRC');
  await section.getByTestId('compliance-pack-cn').locator('summary').click();
  await expect(section.getByTestId('compliance-pack-cn')).toContainText('Art. 17');
  await section.getByTestId('compliance-pack-eu').locator('summary').click();
  await expect(section.getByTestId('compliance-pack-eu')).toContainText('2026-09-27');

  await section.getByTestId('custom-term-market').selectOption('CN');
  await section.getByTestId('custom-term-input').fill('秒杀价');
  await section.getByTestId('custom-term-add').click();
  await expect(section.getByTestId('custom-terms')).toContainText('秒杀价');
  await expect(section.getByRole('status')).toContainText('Saved');
  await section.scrollIntoViewIfNeeded();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await section.screenshot({ path: `${shots}/compliance-settings-en-${size.width}.png` });
  }

  // Stored: a reload shows it, and the check uses it.
  await page.reload();
  await expect(page.getByTestId('custom-terms')).toContainText('秒杀价');
  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await expect(page.getByTestId('compliance-settings')).toContainText('自定义词语');
  await page.getByTestId('compliance-pack-cn').locator('summary').click();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.getByTestId('compliance-settings').screenshot({ path: `${shots}/compliance-settings-zh-${size.width}.png` });
  }
});

test('a product card’s name and pitch are checked for each market it is sold in', async ({ page, served }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize(sizes[0]!);
  await page.goto(served.url + '#/catalog');
  await page.getByTestId('product-table').getByRole('row', { name: /TEA-JASMINE-100/ }).getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('product-editor');
  await editor.getByTestId('edit-name-zh-CN').fill('全网最低 茉莉银针');
  const found = editor.getByTestId('card-compliance');
  // The demo tea sells in US, DE, ES and CN: the Chinese name breaks the CN rule only.
  await expect(found.locator('li[data-rule="cn.ad_law.absolute_terms"]')).toHaveCount(1);
  await expect(found.locator('li[data-rule="cn.ad_law.absolute_terms"]')).toContainText('CN · zh-CN · Name');
  await expect(found.locator('li[data-rule="cn.ad_law.absolute_terms"]')).toContainText('Art. 9(3)');
  await editor.scrollIntoViewIfNeeded();
  await editor.screenshot({ path: `${shots}/compliance-card-en-1280.png` });
  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await expect(found.locator('li[data-rule="cn.ad_law.absolute_terms"]')).toContainText('CN · zh-CN · 名称');
  await editor.screenshot({ path: `${shots}/compliance-card-zh-1280.png` });
  await editor.getByTestId('edit-name-zh-CN').fill('茉莉银针');
  await expect(found).toHaveCount(0);
});
