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
  await page.getByTestId('language-switcher').selectOption('en');

  // Fixed cues: the check passes (scenes still unchecked while OBS is away).
  await page.getByTestId('script-text').fill('[[scene:Nope]] [[card:TEA-JASMINE-100]]');
  await expect(page.getByTestId('lint-ok')).toBeVisible();
  await expect(page.getByTestId('lint-scenes-unchecked')).toBeVisible();
});
