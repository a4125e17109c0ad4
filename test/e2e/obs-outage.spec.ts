import type { ObsSnapshot } from '../../electron/shared/contract/obs';
import { startObs, type ObsInstance } from '../support/obs';
import { expect, rest, test } from './fixtures';

// An OBS outage as the host lives it: real OBS killed and started again while the control room is open.
let obs: ObsInstance;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  obs = await startObs();
});
test.afterAll(async () => {
  await obs?.dispose();
});

test('an OBS outage shows on every page, clears stale health, and says how long OBS was gone', async ({ page, served }) => {
  test.setTimeout(120_000);
  if (!obs.running()) await obs.restart();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(served.url + '#/live');
  expect((await rest<ObsSnapshot>(served, 'obs.connect', { url: obs.url })).connection.state).toBe('connected');
  const badge = page.getByTestId('obs-badge');
  const alert = page.getByTestId('obs-alert');
  await expect(badge).toHaveAttribute('data-shown', 'connected');
  await expect(page.getByTestId('health-fps')).toBeVisible({ timeout: 15_000 });

  const killedAt = Date.now();
  await obs.kill();

  // Live page: no FPS or CPU left over from the dead link; the top bar and the strip say OBS is lost.
  await expect(badge).toHaveAttribute('data-shown', 'lost');
  await expect(page.getByTestId('health-fps')).toHaveCount(0);
  await expect(page.getByTestId('health-cpu')).toHaveCount(0);
  await expect(page.getByTestId('health-empty')).toHaveText('No stream health while OBS is not connected.');
  await expect(alert).toHaveAttribute('data-shown', 'lost');
  await expect(page.getByTestId('obs-alert-text')).toHaveText(/^OBS connection lost \d+ s ago\. Reconnecting…$/);
  await page.screenshot({ path: 'test-results/obs-outage-live.png' });

  // Every other page shows it too, and the outage clock counts up.
  for (const id of ['prompter', 'catalog', 'sessions', 'settings']) {
    await page.goto(`${served.url}#/${id}`);
    await expect(badge, id).toHaveAttribute('data-shown', 'lost');
    await expect(alert, id).toBeVisible();
    await expect(badge, id).toBeInViewport({ ratio: 1 });
  }
  const seconds = async () => Number(/lost (\d+) s ago/.exec((await page.getByTestId('obs-alert-text').textContent()) ?? '')?.[1]);
  const before = await seconds();
  await expect.poll(seconds, { timeout: 10_000 }).toBeGreaterThan(before);

  await obs.restart();
  const readyAt = Date.now();
  await expect(alert).toHaveAttribute('data-shown', 'reconnected', { timeout: 15_000 });
  const back = await rest<ObsSnapshot>(served, 'obs.getStatus');
  const outageMs = back.connection.lastOutageMs!;
  // The real outage: at least from the kill to OBS answering again, at most until now.
  expect(outageMs).toBeGreaterThanOrEqual(readyAt - killedAt - 1000);
  expect(outageMs).toBeLessThanOrEqual(Date.now() - killedAt);
  await expect(page.getByTestId('obs-alert-text')).toHaveText(`OBS reconnected after ${Math.round(outageMs / 1000)} s.`);
  await expect(badge).toHaveAttribute('data-shown', 'reconnected');
  await page.screenshot({ path: 'test-results/obs-outage-reconnected.png' });

  // In Chinese too.
  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await expect(page.getByTestId('obs-alert-text')).toHaveText(`OBS 已重新连接，中断了 ${Math.round(outageMs / 1000)} 秒。`);

  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('health-fps')).toBeVisible({ timeout: 15_000 });
});
