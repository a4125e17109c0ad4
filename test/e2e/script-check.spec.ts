import { expect, test } from './fixtures';

test('the script check warns about cues that point at nothing and says scenes need OBS connected', async ({ page, served }) => {
  await page.goto(served.url + '#/prompter');
  await page.getByTestId('new-script').click();
  await page.getByTestId('script-title').fill('Check');
  await page.getByTestId('script-text').fill('[[scene:Nope]] [[card:NOPE-SKU]] [[deal:xyz]] [[card:TEA-JASMINE-100]]');
  const list = page.getByTestId('lint-list');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list.locator('li').nth(0)).toContainText('line 1, col 16');
  await expect(list.locator('li').nth(0)).toContainText('No product with SKU "NOPE-SKU"');
  await expect(list.locator('li').nth(1)).toContainText('line 1, col 34');
  await expect(list.locator('li').nth(1)).toContainText('No deal has the code "xyz"');
  await expect(page.getByTestId('lint-scenes-unchecked')).toContainText('OBS is not connected');
  // In the user's language.
  await page.getByTestId('language-switcher').selectOption('zh-CN');
  await expect(list.locator('li').nth(0)).toContainText('商品库中没有 SKU 为“NOPE-SKU”的商品');
  await expect(page.getByTestId('lint-scenes-unchecked')).toContainText('OBS 未连接');
  // The parser's own messages too (the editor checks locally as the user types, then the host answers).
  await page.getByTestId('script-text').fill('[[sceen:Intro]] **never closed');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list).toContainText('未知的提示类型“sceen”');
  await expect(list).toContainText('此“**”（加粗）在本段内没有结束');
  await expect(list).not.toContainText('Unknown cue type');
  await page.screenshot({ path: 'test-results/script-check-zh.png' });
  await page.getByTestId('language-switcher').selectOption('en');
  await expect(list).toContainText('Unknown cue type "sceen". Use one of: scene, card, deal, mark, pause, note.');

  // Fixed cues: the check passes (scenes still unchecked while OBS is away).
  await page.getByTestId('script-text').fill('[[scene:Nope]] [[card:TEA-JASMINE-100]]');
  await expect(page.getByTestId('lint-ok')).toBeVisible();
  await expect(page.getByTestId('lint-scenes-unchecked')).toBeVisible();
});
