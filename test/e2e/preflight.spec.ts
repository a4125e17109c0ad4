import fs from 'node:fs';
import { expect, rest, test } from './fixtures';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';
test.describe.configure({ timeout: 180_000 });

test('Start session for CN with a script saying 全网最低 and 第一: the pre-flight shows the findings at their lines, Start waits for an override reason, then the session starts', async ({ page, served }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', {
    title: 'Jasmine tea live',
    leadLanguage: 'zh-CN',
    variants: { 'zh-CN': '大家好，欢迎来到直播间！\n这款茉莉银针是全网最低的价格。\n它是我们店里卖得第一的茶。', en: 'Welcome! Jasmine silver needle tea.' },
  });
  await rest(served, 'prompter.load', { scriptId: saved.script.id });

  await page.goto(served.url);
  await page.getByTestId('session-start-open').click();
  await page.getByTestId('session-title').fill('Jasmine tea, China evening');
  await page.getByTestId('session-market').selectOption('CN');
  await page.getByTestId('session-languages').getByRole('checkbox', { name: /zh-CN/ }).check();

  const preflight = page.getByTestId('preflight');
  await expect(preflight).toHaveAttribute('data-errors', '1');
  const findings = preflight.getByTestId('preflight-group-script').getByTestId('preflight-finding');
  await expect(findings).toHaveCount(2);
  await expect(findings.nth(0)).toHaveAttribute('data-rule', 'cn.ad_law.absolute_terms');
  await expect(findings.nth(0)).toContainText('Jasmine tea live · zh-CN · line 2, col 8');
  await expect(findings.nth(0)).toContainText('"全网最低" is an absolute claim, banned in ads in China');
  await expect(findings.nth(0)).toContainText('Source: Advertising Law of the PRC');
  await expect(findings.nth(1)).toHaveAttribute('data-severity', 'warning');
  await expect(findings.nth(1)).toContainText('line 3, col 9');

  // Blocked until a reason of at least 10 characters is given.
  const start = page.getByTestId('session-start-submit');
  await expect(start).toBeDisabled();
  await page.getByTestId('preflight-override-reason').fill('too short');
  await expect(start).toBeDisabled();
  await page.screenshot({ path: `${shots}/preflight-blocked-en.png`, fullPage: true });

  // The same in Chinese.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('banner').getByTestId('language-switcher').selectOption('zh-CN');
  await page.getByTestId('session-start-open').click();
  await page.getByTestId('session-title').fill('茉莉花茶 · 中国晚场');
  await page.getByTestId('session-market').selectOption('CN');
  await page.getByTestId('session-languages').getByRole('checkbox', { name: /zh-CN/ }).check();
  await expect(preflight).toHaveAttribute('data-errors', '1');
  await expect(findings.nth(0)).toContainText('第 2 行，第 8 列');
  await expect(findings.nth(0)).toContainText('依据：');
  await expect(start).toBeDisabled();
  const reason = '品牌方已书面批准：全网最低是本店的比价承诺';
  await page.getByTestId('preflight-override-reason').fill(reason);
  await expect(start).toBeEnabled();
  await page.screenshot({ path: `${shots}/preflight-override-zh-CN.png`, fullPage: true });
  await start.click();

  const bar = page.getByTestId('session-bar');
  await expect(bar).toHaveAttribute('data-state', 'live');
  const current = await rest<{ session: { id: string } }>(served, 'session.current');
  type Logged = { kind: string; payload: { override: { reason: string } | null; findings: { ruleId: string; line: number }[] } };
  // The log writer commits within its group-commit window: wait for the row rather than race it.
  const logged = async () => (await rest<{ events: Logged[] }>(served, 'session.events', { id: current.session.id, kinds: ['session.preflight'] })).events;
  await expect.poll(async () => (await logged()).length).toBe(1);
  const events = await logged();
  expect(events[0]!.payload.override).toEqual({ reason });
  expect(events[0]!.payload.findings.map((f) => [f.ruleId, f.line])).toEqual([
    ['cn.ad_law.absolute_terms', 2],
    ['cn.ad_law.absolute_terms_context', 3],
  ]);
});
