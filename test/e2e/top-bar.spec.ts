import type { Page } from '@playwright/test';
import { uiLanguages } from '../../electron/shared/languages';
import { freePort } from '../support/obs';
import { expect, rest, test } from './fixtures';

/** WCAG contrast ratio of two `rgb(...)` / `rgba(...)` colours (alpha ignored: both are opaque here). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const pages = ['live', 'prompter', 'catalog', 'sessions', 'settings'];
const widths = [1280, 1440, 1920];

async function expectNoOverflow(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${where}: page wider than the window`).toBeLessThanOrEqual(innerWidth);
}

async function checkTopBar(page: Page, where: string) {
  await expectNoOverflow(page, where);
  // Nothing in the bar cut off or pushed onto a second row.
  for (const id of ['session-end', 'obs-badge', 'link-badge']) {
    await expect(page.getByTestId(id), `${where}: ${id}`).toBeInViewport({ ratio: 1 });
  }
  const rows = await page.evaluate(() => {
    const bar = document.querySelector('.topbar')!.getBoundingClientRect();
    const items = [...document.querySelectorAll('.topbar .nav-item, .topbar .session-bar > *, .topbar-right > *')].filter((e) => e.getClientRects().length);
    return { barHeight: bar.height, spills: items.filter((e) => { const r = e.getBoundingClientRect(); return r.top < bar.top || r.bottom > bar.bottom || r.right > bar.right || r.left < bar.left; }).map((e) => e.className) };
  });
  expect(rows.spills, `${where}: items outside the top bar`).toEqual([]);
  expect(rows.barHeight, `${where}: top bar height`).toBeLessThan(80);
}

test('with a session running and OBS unreachable, no page is wider than the window from 1280 px up, in every UI language', async ({ page, served }) => {
  // 15 page loads per language.
  test.setTimeout(90_000 * uiLanguages.length);
  await rest(served, 'session.start', { title: 'Jasmine tea launch — US evening with Ana and Li Wei', market: 'US', hosts: ['Ana'], languages: ['en', 'zh-CN'] });
  // The longest OBS state in the bar: trying an address where nothing answers.
  await rest(served, 'obs.connect', { url: `ws://127.0.0.1:${await freePort()}` });
  for (const language of uiLanguages) {
    await rest(served, 'settings.set', { general: { language } });
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 });
      for (const id of pages) {
        await page.goto(`${served.url}#/${id}`);
        await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
        const where = `${language} ${width} px #/${id}`;
        await expectNoOverflow(page, where);
        // Then with the OBS badge in its longest state.
        await expect(page.getByTestId('obs-badge')).toHaveAttribute('data-shown', 'unreachable');
        await checkTopBar(page, where);
      }
    }
  }
});

test('the LIVE chip of a running session is readable (contrast at least 4.5:1)', async ({ page, served }) => {
  await rest(served, 'session.start', { title: 'Contrast check', market: 'US' });
  await page.goto(served.url + '#/live');
  const chip = page.locator('.session-bar [aria-label]').first();
  await expect(chip).toContainText('LIVE');
  const { color, background } = await chip.evaluate((el) => {
    const style = getComputedStyle(el);
    // The chip's own background, or the first ancestor that paints one.
    let bg = style.backgroundColor;
    for (let node: Element | null = el; node && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); node = node.parentElement) bg = getComputedStyle(node).backgroundColor;
    return { color: style.color, background: bg };
  });
  expect(contrast(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(4.5);
});
