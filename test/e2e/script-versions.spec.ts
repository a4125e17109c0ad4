import fs from 'node:fs';
import Papa from 'papaparse';
import { expect, rest, test } from './fixtures';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';
test.describe.configure({ timeout: 180_000 });

const textA = '# Jasmine tea\n\nWelcome back to the studio. [[card:TEA-JASMINE-100]] Hand picked silver needles from Fujian.';
const textB = '# Jasmine tea, the story\n\nThree generations of pickers in one cup. [[card:TEA-JASMINE-100]] Only two harvests a year.';

test('a script with versions A and B: B loaded from the Prompter page shows in the lane and in the session review', async ({ page, browser, served }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  const session = await rest<{ id: string }>(served, 'session.start', { title: 'Tea night A/B', market: 'US', hosts: ['Mei'] });
  await page.goto(served.url + '#/prompter');
  await page.getByTestId('new-script').click();
  await page.getByTestId('script-title').fill('Jasmine A/B');
  await page.getByTestId('script-text').fill(textA);

  // Version B starts as a copy of A, then gets its own text.
  await page.getByTestId('add-version').click();
  await expect(page.getByTestId('version-tab')).toHaveText(['Version A', 'Version B']);
  await expect(page.getByRole('tab', { name: 'Version B' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('script-text')).toHaveValue(textA);
  await page.getByTestId('script-text').fill(textB);
  // A name in use is refused with a reason; a third version is renamed, then deleted after a confirmation.
  await page.getByTestId('version-name').fill('a');
  await expect(page.getByTestId('version-name-problem')).toHaveText('This script already has a version a.');
  await expect(page.getByTestId('rename-version')).toBeDisabled();
  await page.getByTestId('add-version').click();
  await page.getByTestId('version-name').fill('Story');
  await page.getByTestId('rename-version').click();
  await expect(page.getByTestId('version-tab')).toHaveText(['Version A', 'Version B', 'Version Story']);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('delete-version').click();
  await expect(page.getByTestId('version-tab')).toHaveText(['Version A', 'Version B']);
  await page.getByRole('tab', { name: 'Version A' }).click();
  await expect(page.getByTestId('script-text')).toHaveValue(textA);
  await page.getByRole('tab', { name: 'Version B' }).click();
  await expect(page.getByTestId('script-text')).toHaveValue(textB);

  await page.getByTestId('save-script').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  // The version open in the editor is offered for loading.
  await expect(page.getByTestId('load-version')).toHaveValue('B');
  await page.getByTestId('load-script').click();
  await expect(page.getByTestId('loaded-version')).toHaveAttribute('data-version', 'B');
  await expect(page.getByTestId('loaded-version')).toContainText('In the prompter: Jasmine A/B, version B · chosen by the host');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shots}/script-versions-prompter-en.png` });

  // The lead lane reads B's text and says which version it is.
  const lanePage = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await lanePage.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`);
  await expect(lanePage.getByTestId('prompter-version')).toHaveText('Version B');
  await expect(lanePage.getByText('Three generations of pickers in one cup.')).toBeVisible();
  await expect(lanePage.getByText('Welcome back to the studio.')).toHaveCount(0);
  await lanePage.screenshot({ path: `${shots}/script-versions-lane-en.png` });
  await lanePage.close();

  await rest(served, 'session.end', {});
  // The session log names the version that ran.
  const logged = await rest<{ events: { payload: { version: string; title: string; pickedBy: string } }[] }>(served, 'session.events', { id: session.id, kinds: ['prompter.loaded'] });
  expect(logged.events.map((e) => [e.payload.title, e.payload.version, e.payload.pickedBy])).toEqual([['Jasmine A/B', 'B', 'host']]);

  // The review's versions table has B, with its time on air, exportable as CSV.
  await page.goto(`${served.url}#/sessions/${session.id}/sales/version`);
  const table = page.getByTestId('sales-table');
  await expect(table).toHaveAttribute('data-group', 'version');
  const rows = table.locator('[data-testid="sales-row"]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Jasmine A/B · version B');
  await expect(rows.first().getByTestId('version-deals')).toHaveText('0');
  await expect(rows.first().getByTestId('version-on-air')).toHaveText(/^\d+:\d\d$/);
  await page.screenshot({ path: `${shots}/script-versions-review-en.png`, fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByTestId('sales-export-csv').click();
  const csv = Papa.parse<string[]>(fs.readFileSync(await (await download).path(), 'utf8').trim(), { newline: '\r\n' }).data;
  expect(csv[0]).toEqual(['key', 'label', 'script_id', 'script', 'version', 'on_air_seconds', 'deals_started', 'orders', 'units']);
  expect(csv[1]!.slice(3, 5)).toEqual(['Jasmine A/B', 'B']);

  // In Chinese.
  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await expect(page.getByTestId('sales-tab-version')).toContainText('按脚本版本');
  await expect(rows.first()).toContainText('Jasmine A/B · 版本 B');
  await page.screenshot({ path: `${shots}/script-versions-review-zh.png`, fullPage: true });
  await page.goto(served.url + '#/prompter');
  await expect(page.getByTestId('loaded-version')).toContainText('提词器中：Jasmine A/B，版本 B');
  // The script's versions compared over its sessions: B ran in one.
  const compared = page.getByTestId('version-comparison-row');
  await expect(compared).toHaveCount(1);
  await expect(compared.first()).toHaveAttribute('data-version', 'B');
  await expect(compared.first()).toContainText('Jasmine A/B · 版本 B');
  await page.getByTestId('version-comparison').screenshot({ path: `${shots}/script-versions-compared-zh.png` });
  await expect(page.getByTestId('version-bar')).toContainText('版本 A');
  await page.screenshot({ path: `${shots}/script-versions-prompter-zh.png` });
});
