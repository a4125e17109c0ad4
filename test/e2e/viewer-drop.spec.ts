import fs from 'node:fs';
import type { Connection } from '../../electron/shared/contract/platform';
import { demoPorts, startDemoPlatforms, type DemoPlatforms } from '../support/platforms/demo-platforms';
import { expect, rest, test } from './fixtures';

/**
 * The viewer-drop alarm as a host meets it: a Twitch channel signed in with the device code, live with an
 * audience; viewers are read every 30 s; when they fall sharply the Live page says so and what to do, and
 * the session log keeps the drop.
 */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

let fakes: DemoPlatforms;
test.beforeEach(async () => {
  // Two viewer readings, 30 s apart, on a busy machine.
  test.setTimeout(150_000);
  fakes = await startDemoPlatforms({ ports: demoPorts(0) });
});
test.afterEach(async () => {
  await fakes.stop();
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`viewers falling sharply raise the alarm on the Live page, dismissed by the host and kept in the log (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    const v = fakes.values.twitch;
    fakes.twitch.deviceIntervalSeconds = 0.2;
    const saved = await rest<Connection>(served, 'platform.save', {
      platform: 'twitch',
      label: v.label,
      markets: v.markets,
      apiBase: v.apiBase,
      authBase: v.authBase,
      credentials: { clientId: v.clientId },
    });
    const { next } = await rest<{ next: { kind: string; userCode?: string } }>(served, 'platform.authorize', { connectionId: saved.id });
    expect(next.kind).toBe('deviceCode');
    fakes.twitch.approveDevice(next.userCode!);
    await expect
      .poll(async () => (await rest<{ connections: Connection[] }>(served, 'platform.list')).connections.find((c) => c.id === saved.id)?.state, { timeout: 20_000 })
      .toBe('connected');

    fakes.twitch.goLive(240);
    const session = await rest<{ id: string }>(served, 'session.start', { title: 'Evening tea', market: 'US', hosts: ['Ana'] });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${served.url}#/live`);
    const viewers = page.getByTestId('sales-panel').getByTestId('sales-viewers');
    await expect(viewers).toContainText('240', { timeout: 45_000 });
    await expect(page.getByTestId('viewer-drop-alarm')).toBeHidden();

    // 240 -> 96 at the next reading: down 60% within a minute.
    fakes.twitch.goLive(96);
    const alarm = page.getByTestId('viewer-drop-alarm');
    await expect(alarm).toBeVisible({ timeout: 45_000 });
    await expect(alarm).toContainText(lang === 'en' ? 'Viewers dropped 60%' : '60%');
    await expect(alarm).toContainText('240');
    await expect(alarm).toContainText('96');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/viewer-drop-${lang}.png` });

    await alarm.getByTestId('viewer-drop-dismiss').click();
    await expect(alarm).toBeHidden();

    await rest(served, 'session.end', {});
    const { events } = await rest<{ events: { kind: string; payload: { from?: number; to?: number } }[] }>(served, 'session.events', { id: session.id, kinds: ['audience.viewerDrop'] });
    const drops = events.filter((e) => e.kind === 'audience.viewerDrop');
    expect(drops).toHaveLength(1);
    expect(drops[0]!.payload).toMatchObject({ from: 240, to: 96 });
  });
}
