import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startObs, type ObsInstance } from '../support/obs';
import { expect, rest, test } from './fixtures';

// axe-core on every page a user opens: the five control-room pages, both prompter lanes, the overlay,
// and the keyboard help. Critical and serious violations fail (colour contrast, missing names, roles).

async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${name}: ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`).join('\n')}`);
  return serious;
}

/** Checks every page first, then fails once with all violations found (not only the first page's). */
function violationLog() {
  const found: string[] = [];
  return {
    async check(page: Page, name: string) {
      found.push(...(await seriousViolations(page, name)));
    },
    expectNone() {
      expect(found, found.join('\n')).toEqual([]);
    },
  };
}

for (const lang of ['en', 'zh-CN', 'ar'] as const) {
  test(`control-room pages have no serious accessibility violation (${lang})`, async ({ page, served }) => {
    test.setTimeout(300_000); // axe takes seconds per page on a loaded 2-core machine
    const log = violationLog();
    await rest(served, 'settings.set', { general: { language: lang } });
    for (const id of ['live', 'prompter', 'catalog', 'sessions', 'settings']) {
      await page.goto(`${served.url}#/${id}`);
      await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
      await expect(page.locator('main.page')).toHaveAttribute('data-page', id);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await log.check(page, `${id} (${lang})`);
    }
    // With a live session (the top bar's live controls) and the keyboard help open.
    await rest(served, 'session.start', { title: 'Axe', market: 'US' });
    await page.goto(`${served.url}#/live`);
    await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    await log.check(page, `keyboard help (${lang})`);
    await page.keyboard.press('Escape');

    // A reviewed session: the list with a row, its timeline, figures and notes.
    await rest(served, 'session.mark', { text: 'Price reveal' });
    await rest(served, 'session.end');
    await page.goto(`${served.url}#/sessions`);
    await page.getByTestId('session-row').first().getByRole('button').first().click();
    await expect(page.getByTestId('timeline-mark')).toHaveCount(1);
    await log.check(page, `session review (${lang})`);
    log.expectNone();
  });
}

test('prompter lanes and the overlay have no serious accessibility violation', async ({ page, served }) => {
  test.setTimeout(300_000);
  const log = violationLog();
  const { scripts } = await rest<{ scripts: { id: string }[] }>(served, 'prompter.listScripts');
  await rest(served, 'prompter.load', { scriptId: scripts[0]!.id });
  await page.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`);
  await expect(page.locator('[data-cue-id="scene:Close-up"]')).toBeVisible();
  await log.check(page, 'lead lane');
  await page.keyboard.press('s');
  await log.check(page, 'lead lane, display panel');
  await page.keyboard.press('?');
  await log.check(page, 'lead lane, keyboard help');

  const { url } = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'zh-CN' });
  await page.goto(url);
  await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');
  await expect(page.locator('[data-cue-id="scene:Close-up"]')).toBeVisible();
  await log.check(page, 'follower lane (zh-CN)');

  await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
  const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
  await page.goto(overlayLinks.find((l) => l.market === 'US')!.url);
  await expect(page.getByTestId('overlay-card')).toBeVisible();
  await log.check(page, 'overlay with a pinned card');
  log.expectNone();
});

test.describe('with a real OBS', () => {
  let obs: ObsInstance;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    obs = await startObs({ password: 'axe-e2e' });
  });
  test.afterAll(async () => obs?.dispose());

  test('the Live page connected to OBS, in studio mode, has no serious accessibility violation (tally tiles included)', async ({ page, served }) => {
    test.setTimeout(300_000);
    const log = violationLog();
    await page.goto(`${served.url}#/live`);
    await page.getByTestId('obs-url').fill(obs.url);
    await page.getByTestId('obs-password').fill('axe-e2e');
    await page.getByTestId('obs-connect').click();
    await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'connected');
    await expect(page.locator('[data-tally="program"]')).toHaveCount(1);
    await log.check(page, 'live, connected');
    await page.getByTestId('studio-mode').click();
    await expect(page.getByTestId('studio-mode')).toBeChecked();
    await page.locator('[data-tally="idle"]').first().click();
    await expect(page.locator('[data-tally="preview"]')).toHaveCount(1);
    await log.check(page, 'live, studio mode');
    log.expectNone();
  });
});
