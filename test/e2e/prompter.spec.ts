import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { yAt } from '../../electron/shared/prompter';
import { expect, rest, test } from './fixtures';
import type { ServedHost } from '../support/served-host';

const paragraph = (words: string) => Array.from({ length: 6 }, () => words).join(' ');
const en = `# Jasmine silver needle

${paragraph('Hello everyone and welcome back, today we taste a very special white tea from Fujian.')}

[[scene:Close-up]] ${paragraph('Look at these silver needles, every bud picked by hand in early spring.')}

[[card:TEA-100]] ${paragraph('One hundred grams makes about fifty cups, so it lasts for weeks.')}

[[mark:Price reveal]] ${paragraph('Today only, twenty four dollars with free shipping to your door.')}`;

const es = `# Aguja de plata de jazmín

${paragraph('Hola a todos y bienvenidos de nuevo, hoy probamos un té blanco muy especial de Fujian, una joya.')}

[[scene:Close-up]] ${paragraph('Mirad estas agujas de plata, cada brote recogido a mano a principios de la primavera.')}

[[card:TEA-100]] ${paragraph('Cien gramos dan para unas cincuenta tazas, así que dura semanas enteras.')}

[[mark:Precio]] ${paragraph('Solo hoy, veinticuatro dólares con envío gratis a tu puerta.')}`;

const ar = `# شاي الياسمين

${paragraph('مرحبا بكم جميعا، اليوم نتذوق شايا أبيض مميزا جدا من فوجيان.')}

[[scene:Close-up]] ${paragraph('انظروا إلى هذه الإبر الفضية، كل برعم قطف باليد.')}

[[card:TEA-100]] ${paragraph('مئة غرام تكفي لخمسين كوبا.')}

[[mark:السعر]] ${paragraph('اليوم فقط، أربعة وعشرون دولارا مع شحن مجاني.')}`;

const zh = `# 茉莉银针

${paragraph('大家好，欢迎回来，今天我们品尝一款来自福建的非常特别的白茶。')}

[[scene:Close-up]] ${paragraph('看看这些银针，每一个芽头都是早春手工采摘的。')}

[[card:TEA-100]] ${paragraph('一百克可以泡大约五十杯，能喝好几个星期。')}

[[mark:价格]] ${paragraph('仅限今天，二十四美元，包邮到家。')}`;

/** Every event the host pushes to a control client, for checks on logged events. */
async function recordEvents(served: ServedHost) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`);
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    if (message.event) events.push(message);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { events, close: () => ws.close() };
}

interface LaneSample {
  wall: number;
  position: { cueIndex: number; fraction: number };
  anchors: number[];
  lineHeightPx: number;
}

async function sample(page: Page, wall?: number): Promise<LaneSample> {
  return page.evaluate((at) => {
    const lane = window.__prompterLane!;
    const w = at ?? performance.timeOrigin + performance.now();
    return { wall: w, position: lane.positionAt(w), anchors: lane.layout!.anchors, lineHeightPx: lane.layout!.lineHeightPx };
  }, wall);
}

/** How far apart (in the follower's pixels) the follower is from where the host is, at the same instant. */
async function followerError(host: Page, follower: Page): Promise<{ px: number; lineHeightPx: number }> {
  const h = await sample(host);
  const f = await sample(follower, h.wall);
  return { px: Math.abs(yAt(f.position, f.anchors) - yAt(h.position, f.anchors)), lineHeightPx: f.lineHeightPx };
}

async function cueOffsetFromReadingLine(page: Page, cueId: string): Promise<{ offset: number; lineHeightPx: number }> {
  return page.evaluate((id) => {
    const cue = document.querySelector(`[data-cue-id="${id}"]`)!.getBoundingClientRect();
    const line = document.querySelector('.reading-line')!.getBoundingClientRect();
    return { offset: Math.abs(cue.top - line.top), lineHeightPx: window.__prompterLane!.layout!.lineHeightPx };
  }, cueId);
}

test('a follower lane in another language stays at the host cue, cues fire once, mirror flips, RTL and Chinese render', async ({ browser, served }) => {
  test.setTimeout(120_000);
  const { script } = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', {
    title: 'Jasmine',
    leadLanguage: 'en',
    variants: { en, es, ar, 'zh-CN': zh },
  });
  await rest(served, 'prompter.load', { scriptId: script.id });
  const recorder = await recordEvents(served);

  const hostContext = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const host = await hostContext.newPage();
  await host.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`);
  // The follower joins from the co-host link, in its own browser context (like a second device).
  const link = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'es' });
  expect(link.url).toContain('lane=follower');
  const followerContext = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const follower = await followerContext.newPage();
  await follower.goto(link.url);

  await expect(host.locator('[data-cue-id="scene:Close-up"]')).toBeVisible();
  await expect(follower.getByText('Mirad estas agujas de plata').first()).toBeVisible();
  await expect.poll(async () => (await rest<{ lanes: unknown[] }>(served, 'prompter.state')).lanes.length).toBe(2);

  // Play (speed from a REST call, as a Stream Deck would).
  await rest(served, 'prompter.setSpeed', { value: 300 });
  await rest(served, 'prompter.play', { countdown: false });
  await expect(host.getByTestId('prompter-status')).toHaveText('LIVE');
  // The Spanish co-host's lane speaks Spanish (a UI language of its own).
  await expect(follower.getByTestId('prompter-status')).toHaveText('EN VIVO');
  for (let i = 0; i < 5; i++) {
    const error = await followerError(host, follower);
    expect(error.px, `follower off by ${error.px.toFixed(1)} px while scrolling`).toBeLessThan(error.lineHeightPx);
  }

  // The scene cue fires when it reaches the lead's reading line, once.
  await expect.poll(() => recorder.events.filter((e) => e.event === 'prompter.cue.action' && e.data.cueId === 'scene:Close-up').length, { timeout: 30_000 }).toBe(1);
  const action = recorder.events.find((e) => e.event === 'prompter.cue.action')!;
  expect(action.data).toMatchObject({ cueType: 'scene', argument: 'Close-up' });
  expect(['done', 'failed', 'unavailable']).toContain(action.data.result);
  expect(recorder.events.some((e) => e.event === 'prompter.cue.reached' && e.data.cueId === 'scene:Close-up' && e.data.language === 'es')).toBe(true);

  // Jump (with the clicker key on the host page) and check both lanes sit at the same cue.
  await rest(served, 'prompter.pause');
  await rest(served, 'prompter.jump', { cueId: 'card:TEA-100' });
  for (const page of [host, follower]) {
    await expect.poll(async () => {
      const { offset, lineHeightPx } = await cueOffsetFromReadingLine(page, 'card:TEA-100');
      return offset < lineHeightPx;
    }).toBe(true);
  }
  await host.screenshot({ path: 'test-results/prompter-host-en.png' });
  await follower.screenshot({ path: 'test-results/prompter-follower-es.png' });
  await host.keyboard.press('PageUp');
  await expect.poll(async () => (await rest<{ position: { cueIndex: number } }>(served, 'prompter.state')).position.cueIndex).toBe(1);
  await expect.poll(async () => (await cueOffsetFromReadingLine(follower, 'scene:Close-up')).offset).toBeLessThan(80);

  // Through the scene cue again: reached again, but its action does not fire twice.
  await rest(served, 'prompter.jump', { to: 'start' });
  await rest(served, 'prompter.setSpeed', { value: 600 });
  await rest(served, 'prompter.play', { countdown: false });
  await expect.poll(() => recorder.events.filter((e) => e.event === 'prompter.cue.reached' && e.data.cueId === 'scene:Close-up' && e.data.language === 'en').length, { timeout: 20_000 }).toBe(2);
  const error = await followerError(host, follower);
  expect(error.px).toBeLessThan(error.lineHeightPx);
  await rest(served, 'prompter.pause');
  // Settled: outcomes go out in firing order, so once a cue fired by hand after that is seen, a second
  // scene action would have been seen before it.
  await rest(served, 'prompter.fireCue', { cueId: 'mark@1' });
  await expect.poll(() => recorder.events.some((e) => e.event === 'prompter.cue.action' && e.data.cueId === 'mark@1' && e.data.trigger === 'hand')).toBe(true);
  expect(recorder.events.filter((e) => e.event === 'prompter.cue.action' && e.data.cueId === 'scene:Close-up')).toHaveLength(1);

  // Mirror is per window: H flips the host's text horizontally, V vertically; the follower is untouched.
  await host.keyboard.press('h');
  await expect(host.getByTestId('reader')).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
  await host.keyboard.press('v');
  await expect(host.getByTestId('reader')).toHaveCSS('transform', 'matrix(-1, 0, 0, -1, 0, 0)');
  await expect(follower.getByTestId('reader')).toHaveCSS('transform', 'matrix(1, 0, 0, 1, 0, 0)');
  await host.screenshot({ path: 'test-results/prompter-host-mirrored.png' });

  // Right-to-left and Chinese lanes.
  const arPage = await followerContext.newPage();
  await arPage.goto(`${served.baseUrl}/prompter?token=${new URL(link.url).searchParams.get('token')}&lane=follower&lang=ar`);
  await expect(arPage.getByTestId('reader-content')).toHaveAttribute('dir', 'rtl');
  await expect(arPage.getByText('انظروا إلى هذه الإبر الفضية').first()).toBeVisible();
  await arPage.screenshot({ path: 'test-results/prompter-follower-ar.png' });
  const zhPage = await followerContext.newPage();
  await zhPage.goto(`${served.baseUrl}/prompter?token=${new URL(link.url).searchParams.get('token')}&lane=follower&lang=zh-CN`);
  await expect(zhPage.getByTestId('reader-content')).toHaveAttribute('lang', 'zh-CN');
  await expect(zhPage.getByText('看看这些银针').first()).toBeVisible();
  await expect(zhPage.getByTestId('prompter-status')).toHaveText('已暂停');
  await zhPage.screenshot({ path: 'test-results/prompter-follower-zh.png' });

  // Lanes that close leave (WebSocket disconnect) and are logged.
  await followerContext.close();
  await expect.poll(() => recorder.events.filter((e) => e.event === 'prompter.lane.left').length).toBe(3);
  recorder.close();
  await hostContext.close();
});

test('the control room edits a script with live preview and lint, and drives the prompter', async ({ page, served }) => {
  await page.setViewportSize({ width: 1500, height: 950 });
  await page.goto(served.url + '#/prompter');
  await expect(page.getByTestId('prompter-page')).toBeVisible();
  await page.getByTestId('script-title').fill('Jasmine tea');
  await page.getByTestId('script-text').fill('# Tea\n\nHello *friends*. [[scene:Close-up]] Look. [[sceen:Wide]]');
  await expect(page.getByTestId('script-preview').locator('em')).toHaveText('friends');
  await expect(page.getByTestId('lint-list')).toContainText('Unknown cue type "sceen"');
  await expect(page.getByTestId('lint-list')).toContainText('line 3, col 43');
  await page.getByTestId('script-text').fill('# Tea\n\nHello *friends*. [[scene:Close-up]] Look.');
  await expect(page.getByTestId('lint-ok')).toBeVisible();
  await page.getByTestId('save-script').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.getByTestId('load-script').click();
  await expect(page.getByTestId('cue-list')).toContainText('Close-up');
  await page.getByTestId('cohost-en').click();
  await expect(page.getByTestId('cohost-link').locator('svg')).toBeVisible();
  await page.screenshot({ path: 'test-results/prompter-control-room.png' });
});
