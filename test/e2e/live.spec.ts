import type { OBSWebSocket } from 'obs-websocket-js';
import { startObs, type ObsInstance } from '../support/obs';
import { expect, rest, test } from './fixtures';

// One real OBS for the file; each test gets its own served host (fixture) and connects it from the page.
let obs: ObsInstance;
let observer: OBSWebSocket;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  obs = await startObs({ password: 'live-e2e' });
  observer = await obs.connectClient();
});
test.afterAll(async () => {
  await observer?.disconnect();
  await obs?.dispose();
});

const program = async () => (await observer.call('GetCurrentProgramScene')).currentProgramSceneName;

test('the Live page connects to OBS and a click switches the real OBS scene', async ({ page, served }) => {
  await observer.call('SetCurrentProgramScene', { sceneName: 'Intro' });
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  // Before OBS is connected the sources panel says what to do, not that a scene "—" is empty.
  const sources = page.getByTestId('sources-panel');
  await expect(sources.getByRole('heading')).toHaveText('Sources');
  await expect(sources.getByTestId('sources-empty')).toHaveText('Connect to OBS to see the sources of the scene on air.');

  // A wrong password first: the panel says so clearly.
  await page.getByTestId('obs-url').fill(obs.url);
  await page.getByTestId('obs-password').fill('not-it');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'auth-failed');
  await expect(page.getByTestId('obs-message')).toContainText('rejected the password');
  // The rejected password is not kept: the field does not offer to "keep" it, and a reload agrees.
  await expect(page.getByTestId('obs-message')).toContainText('it was not kept');
  await expect(page.getByTestId('obs-password')).toHaveAttribute('placeholder', 'OBS rejected the last password: enter it again');
  await expect(page.getByTestId('obs-password')).toHaveValue('');
  await expect(page.getByTestId('obs-badge')).toHaveAttribute('data-shown', 'rejected');
  await page.reload();
  await expect(page.getByTestId('obs-password')).not.toHaveAttribute('placeholder', /saved/);
  await expect(page.getByTestId('obs-password-protection')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/live-auth-failed.png' });

  await page.getByTestId('obs-password').fill('live-e2e');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('obs-password-protection')).toContainText('key file');

  const tiles = page.getByTestId('scene-tile');
  await expect(tiles).toHaveCount(4);
  await expect(page.locator('[data-scene="Intro"]')).toHaveAttribute('data-tally', 'program');
  await expect(sources.getByRole('heading')).toHaveText('Sources in Intro');
  await expect(sources).not.toContainText('Connect to OBS');

  await page.locator('[data-scene="Product Closeup"]').click();
  await expect.poll(program).toBe('Product Closeup');
  await expect(page.locator('[data-scene="Product Closeup"]')).toHaveAttribute('data-tally', 'program');
  await expect(page.locator('[data-scene="Intro"]')).toHaveAttribute('data-tally', 'idle');

  // Keys 1-9 switch too (scene 3 is "Host Camera")...
  await page.keyboard.press('3');
  await expect.poll(program).toBe('Host Camera');
  // ...but not while typing in a field.
  await page.getByTestId('obs-url').focus();
  await page.keyboard.press('4');
  await page.getByTestId('obs-url').blur();
  await page.keyboard.press('1');
  await expect.poll(program).toBe('Intro');

  // A change made in OBS itself shows on the page.
  await observer.call('SetCurrentProgramScene', { sceneName: 'Break' });
  await expect(page.locator('[data-scene="Break"]')).toHaveAttribute('data-tally', 'program');

  // Health samples arrive while connected.
  await expect(page.getByTestId('health-fps')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.scene-thumb img').first()).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: 'test-results/live-connected.png', fullPage: true });
});

test('studio mode: a click previews (green), Transition puts it on air (red), sources toggle in OBS', async ({ page, served }) => {
  await observer.call('SetCurrentProgramScene', { sceneName: 'Intro' });
  await page.goto(served.url + '#/live');
  await page.getByTestId('obs-url').fill(obs.url);
  await page.getByTestId('obs-password').fill('live-e2e');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'connected');

  // The switch shows the host's state (one-way): click, then wait for OBS's answer to tick it.
  await page.getByTestId('studio-mode').click();
  await expect(page.getByTestId('studio-mode')).toBeChecked();
  await expect.poll(async () => (await observer.call('GetStudioModeEnabled')).studioModeEnabled).toBe(true);
  await page.locator('[data-scene="Product Closeup"]').click();
  await expect(page.locator('[data-scene="Product Closeup"]')).toHaveAttribute('data-tally', 'preview');
  await expect.poll(async () => (await observer.call('GetCurrentPreviewScene')).currentPreviewSceneName).toBe('Product Closeup');
  expect(await program()).toBe('Intro');

  // The sources panel follows the preview scene; showing the hidden banner shows it in OBS.
  const banner = page.locator('[data-testid="source-toggle"][data-source="Hidden Banner"]');
  await expect(banner).not.toBeChecked();
  await banner.click();
  await expect(banner).toBeChecked();
  const { sceneItemId } = await observer.call('GetSceneItemId', { sceneName: 'Product Closeup', sourceName: 'Hidden Banner' });
  await expect
    .poll(async () => (await observer.call('GetSceneItemEnabled', { sceneName: 'Product Closeup', sceneItemId })).sceneItemEnabled)
    .toBe(true);
  await page.screenshot({ path: 'test-results/live-studio-preview.png', fullPage: true });

  await page.getByTestId('transition').click();
  await expect.poll(program).toBe('Product Closeup');
  await expect(page.locator('[data-scene="Product Closeup"]')).toHaveAttribute('data-tally', 'program');

  await page.getByTestId('studio-mode').click();
  await expect(page.getByTestId('studio-mode')).not.toBeChecked();
  await expect.poll(async () => (await observer.call('GetStudioModeEnabled')).studioModeEnabled).toBe(false);
  await observer.call('SetSceneItemEnabled', { sceneName: 'Product Closeup', sceneItemId, sceneItemEnabled: false });
});

test('recording from the page shows elapsed time and stops', async ({ page, served }) => {
  await page.goto(served.url + '#/live');
  await page.getByTestId('obs-url').fill(obs.url);
  await page.getByTestId('obs-password').fill('live-e2e');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'started');
  await expect(page.getByTestId('record-button')).toContainText(/00:0[1-9]/);
  await page.screenshot({ path: 'test-results/live-recording.png' });
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'stopped');
  expect((await observer.call('GetRecordStatus')).outputActive).toBe(false);
});

test('in Chinese, the OBS panel says in Chinese that OBS is not connected or refuses the password', async ({ page, served }) => {
  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  const message = page.getByTestId('obs-message');
  await expect(message).toContainText('尚未连接到 OBS');
  await expect(page.getByTestId('obs-connection')).not.toContainText('Not connected');
  await expect(page.getByTestId('sources-panel').getByRole('heading')).toHaveText('来源');
  await expect(page.getByTestId('sources-empty')).toHaveText('连接 OBS 后显示直播场景的来源。');

  await page.getByTestId('obs-url').fill(obs.url);
  await page.getByTestId('obs-password').fill('not-it');
  await page.getByTestId('obs-connect').click();
  await expect(page.getByTestId('obs-connection')).toHaveAttribute('data-state', 'auth-failed');
  await expect(message).toContainText('OBS 拒绝');
});
