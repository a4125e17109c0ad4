import type { Page } from '@playwright/test';
import type { OBSWebSocket } from 'obs-websocket-js';
import { startObs, type ObsInstance } from '../support/obs';
import { keyLabels, shortcutsOf, type ShortcutWindow } from '../../renderer/src/app/shortcuts';
import type { ServedHost } from '../support/served-host';
import { expect, rest, test } from './fixtures';

const marksLogged = async (served: ServedHost) => {
  const { session } = await rest<{ session: { id: string } }>(served, 'session.current');
  return (await rest<{ total: number }>(served, 'session.events', { id: session.id, kinds: ['session.mark'] })).total;
};

/** Opens the help with `?` and checks it lists exactly this window's declared keys, each with a handler. */
async function expectHelp(page: Page, window: ShortcutWindow, { allHandled }: { allHandled: boolean }) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toHaveAttribute('data-window', window);
  const rows = help.getByTestId('shortcut-row');
  const declared = shortcutsOf(window);
  await expect(rows).toHaveCount(declared.length);
  const listed = await rows.evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-shortcut'),
      keys: [...el.querySelectorAll('kbd')].map((k) => k.textContent),
    })),
  );
  expect(listed).toEqual(declared.map((s) => ({ id: s.id, keys: keyLabels(s) })));
  // The help follows registrations live: a page's lazy parts (scene panel, chat dock) attach their keys
  // when their code has loaded, which may be just after the help opened.
  if (allHandled) {
    await expect
      .poll(() => rows.evaluateAll((els) => els.filter((el) => el.getAttribute('data-handled') !== 'true').map((el) => el.getAttribute('data-shortcut'))))
      .toEqual([]);
  }
  return help;
}

test('? lists the control room keys on every page, M marks the moment, Alt+N changes page', async ({ page, served }) => {
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  // On the Live page every control-room key has its handler (scene keys and Transition live there).
  const help = await expectHelp(page, 'controlRoom', { allHandled: true });
  await expect(help.locator('[data-shortcut="session.mark"]')).toHaveAttribute('data-available', 'false');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  for (const [index, id] of (['live', 'prompter', 'catalog', 'sessions', 'settings'] as const).entries()) {
    await page.keyboard.press(`Alt+${index + 1}`);
    await expect(page.locator('main.page')).toHaveAttribute('data-page', id);
    await expectHelp(page, 'controlRoom', { allHandled: id === 'live' });
    await page.keyboard.press('?');
    await expect(help).toBeHidden();
  }

  await rest(served, 'session.start', { title: 'Keys', market: 'US' });
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('session-mark').locator('kbd')).toHaveText('M');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('m');
  await expect.poll(() => marksLogged(served)).toBe(1);
  await expectHelp(page, 'controlRoom', { allHandled: false });
  await expect(help.locator('[data-shortcut="session.mark"]')).toHaveAttribute('data-available', 'true');
});

test('? lists the prompter lane keys; M marks the moment there too and ] jumps to the next script mark', async ({ page, served }) => {
  const { scripts } = await rest<{ scripts: { id: string }[] }>(served, 'prompter.listScripts');
  await rest(served, 'prompter.load', { scriptId: scripts[0]!.id });
  await rest(served, 'session.start', { title: 'Keys', market: 'US' });
  await page.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`);
  await expect(page.locator('[data-cue-id="scene:Close-up"]')).toBeVisible();

  const help = await expectHelp(page, 'prompterLane', { allHandled: true });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // M: the same meaning as in the control room.
  await page.keyboard.press('m');
  await expect.poll(() => marksLogged(served)).toBe(1);
  const state = await rest<{ cues: { type: string }[]; position: { cueIndex: number } }>(served, 'prompter.state');
  expect(state.position.cueIndex).toBe(0);
  await page.keyboard.press(']');
  const markAnchor = state.cues.findIndex((c) => c.type === 'mark') + 1;
  await expect.poll(async () => (await rest<{ position: { cueIndex: number } }>(served, 'prompter.state')).position.cueIndex).toBe(markAnchor);
  expect(await marksLogged(served)).toBe(1);

  // The display panel's legend is printed from the same declarations.
  await page.keyboard.press('s');
  const legend = page.getByTestId('prompter-key-legend');
  await expect(legend).toContainText('M');
  const legendKeys = await legend.locator('kbd').allTextContents();
  expect(legendKeys).toEqual(shortcutsOf('prompterLane').filter((s) => s.id !== 'help.close').flatMap(keyLabels));
});

test("a co-host's lane lists the same keys, the host's controls dimmed", async ({ page, served }) => {
  const { url } = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'es' });
  await page.goto(url);
  await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');
  const help = await expectHelp(page, 'prompterLane', { allHandled: true });
  await expect(help.locator('[data-shortcut="prompter.playPause"]')).toHaveAttribute('data-available', 'false');
  await expect(help.locator('[data-shortcut="session.mark"]')).toHaveAttribute('data-available', 'false');
  await expect(help.locator('[data-shortcut="display.mirrorH"]')).toHaveAttribute('data-available', 'true');
});

test("the control room address opened with a co-host's follow token opens their prompter lane", async ({ page, served }) => {
  const { url } = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'es' });
  const followToken = new URL(url).searchParams.get('token')!;
  await page.goto(`${served.baseUrl}/?token=${followToken}&lang=es`);
  await expect(page).toHaveURL(/\/prompter\?/);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ lane: 'follower', lang: 'es' });
  await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');
  await expect(page.locator('.topbar')).toHaveCount(0);
});

test('every page links the app icon, and the host serves it (no favicon 404)', async ({ page, served, request }) => {
  const { overlayLinks } = await rest<{ overlayLinks: { url: string }[] }>(served, 'outputs.list');
  for (const address of [served.url, `${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`, overlayLinks[0]!.url]) {
    await page.goto(address);
    const icons = await page.locator('link[rel="icon"], link[rel="apple-touch-icon"]').evaluateAll((els) => els.map((el) => (el as HTMLLinkElement).href));
    expect(icons.length, address).toBe(2);
    for (const href of icons) {
      const res = await request.get(href);
      expect(res.status(), href).toBe(200);
      expect(res.headers()['content-type']).toBe('image/png');
    }
  }
  for (const path of ['/favicon.ico', '/apple-touch-icon.png']) {
    const res = await request.get(served.baseUrl + path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toBe('image/png');
    expect((await res.body()).subarray(1, 4).toString()).toBe('PNG');
  }
});

test.describe('with a real OBS', () => {
  let obs: ObsInstance;
  let observer: OBSWebSocket;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    obs = await startObs({ password: 'keys-e2e' });
    observer = await obs.connectClient();
  });
  test.afterAll(async () => {
    await observer?.disconnect();
    await obs?.dispose();
  });

  test('in studio mode a scene key previews and T transitions it to program', async ({ page, served }) => {
    await observer.call('SetCurrentProgramScene', { sceneName: 'Intro' });
    await page.goto(served.url + '#/live');
    await page.getByTestId('obs-url').fill(obs.url);
    await page.getByTestId('obs-password').fill('keys-e2e');
    await page.getByTestId('obs-connect').click();
    await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('studio-mode').click();
    await expect(page.getByTestId('studio-mode')).toBeChecked();
    await expect(page.getByTestId('transition').locator('kbd')).toHaveText('T');

    const tiles = page.getByTestId('scene-tile');
    const target = (await tiles.nth(1).getAttribute('data-scene'))!;
    expect(target).not.toBe('Intro');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('2');
    await expect(page.locator(`[data-scene="${target}"]`)).toHaveAttribute('data-tally', 'preview');
    expect((await observer.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Intro');

    await page.keyboard.press('t');
    await expect.poll(async () => (await observer.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(target);
    await expect(page.locator(`[data-scene="${target}"]`)).toHaveAttribute('data-tally', 'program');

    await page.getByTestId('studio-mode').click();
    await expect(page.getByTestId('studio-mode')).not.toBeChecked();
  });
});
