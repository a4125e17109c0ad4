import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, rest, test } from './fixtures';
import { startServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';

const paragraph = (words: string) => Array.from({ length: 8 }, () => words).join(' ');
const en = `# Jasmine silver needle

${paragraph('Hello everyone and welcome back, today we taste a very special white tea from Fujian.')}

[[scene:Close-up]] ${paragraph('Look at these silver needles, every bud picked by hand in early spring.')}

[[card:TEA-JASMINE-100]] ${paragraph('One hundred grams makes about fifty cups, so it lasts for weeks.')}

[[mark:Price reveal]] ${paragraph('Today only, twenty four dollars with free shipping to your door.')}`;

const zh = `# 茉莉银针

${paragraph('大家好，欢迎回来，今天我们品尝一款来自福建的非常特别的白茶。')}

[[scene:Close-up]] ${paragraph('看看这些银针，每一个芽头都是早春手工采摘的。')}

[[card:TEA-JASMINE-100]] ${paragraph('一百克可以泡大约五十杯，能喝好几个星期。')}

[[mark:价格]] ${paragraph('仅限今天，二十四美元，包邮到家。')}`;

interface Watch {
  before: { cueIndex: number; fraction: number };
  after: { cueIndex: number; fraction: number };
  transformBefore: string;
  transformAfter: string;
  timeBefore: string;
  timeAfter: string;
}

/** What a lane shows over the next `frames` animation frames (the lane draws once per frame). */
function watch(page: Page, frames = 45): Promise<Watch> {
  return page.evaluate(
    (count) =>
      new Promise<Watch>((resolve) => {
        const lane = window.__prompterLane!;
        const now = () => performance.timeOrigin + performance.now();
        const content = () => (document.querySelector('[data-testid="reader-content"]') as HTMLElement).style.transform;
        const time = () => document.querySelector('[data-testid="prompter-time"]')!.textContent ?? '';
        // Taken in a frame, after the lane drew it: the DOM can show a change (a banner) before the
        // next frame has drawn the text for it.
        let start: Pick<Watch, 'before' | 'transformBefore' | 'timeBefore'>;
        let left = count;
        const step = () => {
          if (--left > 0) return void requestAnimationFrame(step);
          // Past the next whole second, so a clock that runs would show another second.
          resolve({ ...start, after: lane.positionAt(now()), transformAfter: content(), timeAfter: time() });
        };
        requestAnimationFrame(() => {
          start = { before: lane.positionAt(now()), transformBefore: content(), timeBefore: time() };
          requestAnimationFrame(step);
        });
      }),
    frames,
  );
}

test('a lane that loses the host says so at once, stops where it was, and follows the host again when it is back', async ({ browser, consoleErrors }) => {
  test.setTimeout(120_000);
  // The browser logs each reconnect attempt that finds no host: this test kills the host on purpose.
  consoleErrors.allow(/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws\?token=[^']*' failed/);
  const data = tempDir('broadcart-e2e-');
  let host = await startServedHost(data.dir);
  const port = host.port;
  try {
    const { script } = await rest<{ script: { id: string } }>(host, 'prompter.saveScript', { title: 'Jasmine', leadLanguage: 'en', variants: { en, 'zh-CN': zh } });
    await rest(host, 'prompter.load', { scriptId: script.id });
    const link = await rest<{ url: string }>(host, 'prompter.coHostLink', { language: 'zh-CN' });

    const leadContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const lead = await leadContext.newPage();
    await lead.goto(`${host.baseUrl}/prompter?token=${host.token}&lane=lead&lang=en`);
    const coHostContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const coHost = await coHostContext.newPage();
    await coHost.goto(link.url);
    await expect(lead.locator('[data-cue-id="scene:Close-up"]')).toBeVisible();
    await expect(coHost.getByText('看看这些银针').first()).toBeVisible();

    await rest(host, 'prompter.setSpeed', { value: 200 });
    await rest(host, 'prompter.play', { countdown: false });
    await expect(lead.getByTestId('prompter-status')).toHaveText('LIVE');
    await expect(coHost.getByTestId('prompter-status')).toHaveText('播放中');
    // Both lanes scroll while the host is there.
    const scrolling = await watch(lead);
    expect(scrolling.transformAfter).not.toBe(scrolling.transformBefore);

    // kill -9: no goodbye from the host.
    await host.kill();
    for (const [page, offline] of [
      [lead, 'OFFLINE'],
      [coHost, '已断开'],
    ] as const) {
      await expect(page.getByTestId('host-lost')).toBeVisible();
      await expect(page.getByTestId('prompter-status')).toHaveText(offline);
      await expect(page.getByTestId('prompter-status')).not.toHaveClass(/tally-live/);
      const seen = await watch(page, 75);
      expect(seen.after, 'the text is frozen at the last known position').toEqual(seen.before);
      expect(seen.transformAfter).toBe(seen.transformBefore);
      expect(seen.timeAfter, 'the clock stands still').toBe(seen.timeBefore);
    }
    await expect(lead.getByTestId('host-lost')).toContainText('Lost the connection to the host');
    await expect(coHost.getByTestId('host-lost')).toContainText('与主机的连接已断开');
    await lead.screenshot({ path: 'test-results/prompter-host-lost-en.png' });
    await coHost.screenshot({ path: 'test-results/prompter-host-lost-zh.png' });

    // The host comes back on the same port and data folder (same tokens): the lanes reconnect by
    // themselves and show what the host shows, here the script loaded again at the price mark.
    host = await startServedHost(data.dir, ['--port', String(port)]);
    expect(host.port).toBe(port);
    await rest(host, 'prompter.load', { scriptId: script.id });
    await rest(host, 'prompter.jump', { mark: 'Price reveal' });
    for (const page of [lead, coHost]) {
      await expect(page.getByTestId('host-lost')).toBeHidden({ timeout: 20_000 });
      await expect.poll(() => page.evaluate(() => window.__prompterLane!.positionAt(performance.timeOrigin + performance.now()))).toEqual({ cueIndex: 3, fraction: 0 });
    }
    await expect.poll(async () => (await rest<{ lanes: unknown[] }>(host, 'prompter.state')).lanes.length).toBe(2);
    await rest(host, 'prompter.play', { countdown: false });
    await expect(lead.getByTestId('prompter-status')).toHaveText('LIVE');
    await expect(coHost.getByTestId('prompter-status')).toHaveText('播放中');
    const moving = await watch(coHost);
    expect(moving.after.cueIndex * 1000 + moving.after.fraction).toBeGreaterThan(moving.before.cueIndex * 1000 + moving.before.fraction);
    await rest(host, 'prompter.pause');
    await leadContext.close();
    await coHostContext.close();
  } finally {
    await host.stop();
    data.cleanup();
  }
});

test('the cue list fires skipped cues by hand, names products, and the page keeps its script across page switches and reloads', async ({ page, served }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { script } = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Jasmine show', leadLanguage: 'en', variants: { en, 'zh-CN': zh } });
  await page.goto(`${served.url}#/prompter`);
  await page.getByRole('button', { name: /Jasmine show/ }).click();
  await expect(page.getByTestId('script-title')).toHaveValue('Jasmine show');
  await page.getByTestId('load-script').click();
  const list = page.getByTestId('cue-list');
  // The card cue is named by its product, not its SKU.
  await expect(list.locator('[data-cue-id="card:TEA-JASMINE-100"]')).toContainText('Jasmine Silver Needle Tea, 100 g');

  // Jump past the scene and card cues to the mark: they are skipped, the mark is on the line.
  await list.locator('[data-cue-id="mark@1"]').getByRole('button', { name: 'Jump to cue' }).click();
  const card = list.locator('[data-cue-id="card:TEA-JASMINE-100"]');
  await expect(card).toHaveAttribute('data-status', 'skipped');
  await expect(card).toContainText('skipped');
  await expect(list.locator('[data-cue-id="mark@1"]')).toHaveAttribute('data-status', 'current');
  await page.screenshot({ path: 'test-results/prompter-cue-list-skipped.png' });

  // One click fires the skipped card cue: the card is pinned on stream.
  await card.getByRole('button', { name: 'Fire now' }).click();
  await expect(card).toHaveAttribute('data-status', 'fired');
  await expect.poll(async () => (await rest<{ card: { sku: string } | null }>(served, 'card.current', {})).card?.sku).toBe('TEA-JASMINE-100');

  // The Prompter page passes axe's critical and serious checks (the language tabs were a bad list).
  const axe = await new AxeBuilder({ page }).include('[data-testid="prompter-page"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Show the co-host link, go to another page and back: the script and its link are still there.
  await page.getByTestId('cohost-zh-CN').click();
  await expect(page.getByTestId('cohost-link').locator('svg')).toBeVisible();
  await page.getByTestId('script-title').fill('Jasmine show (edited)');
  await page.getByRole('navigation').locator('a[href="#/live"]').click();
  await expect(page.getByTestId('prompter-page')).toBeHidden();
  await page.getByRole('navigation').locator('a[href="#/prompter"]').click();
  await expect(page.getByTestId('script-title')).toHaveValue('Jasmine show (edited)');
  await expect(page.getByTestId('cohost-link').locator('svg')).toBeVisible();

  // A reload keeps the selected script (unsaved edits are the editor's own) and the co-host link.
  await page.reload();
  await expect(page.getByTestId('script-title')).toHaveValue('Jasmine show');
  await expect(page.getByTestId('cohost-link').locator('svg')).toBeVisible();
  await expect(page.getByTestId('cohost-link')).toContainText('lang=zh-CN');
  expect((await rest<{ scriptId: string }>(served, 'prompter.state')).scriptId).toBe(script.id);

  // The co-host's zh-CN lane names the product in Chinese.
  const lane = await page.context().newPage();
  await lane.goto((await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'zh-CN' })).url);
  await expect(lane.locator('[data-cue-id="card:TEA-JASMINE-100"]')).toContainText('茉莉银针茶 100克');
  await lane.close();
});
