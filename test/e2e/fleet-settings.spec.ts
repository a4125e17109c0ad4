import pg from 'pg';
import { setupCentral } from '../../electron/core/features/fleet/central-setup';
import { startPostgres, type PgCluster } from '../support/postgres';
import { expect, rest, test } from './fixtures';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await setupCentral(admin, { studios: [{ name: 'studio_e2e', password: 'pw-e2e' }, ...['en', 'zh'].map((l) => ({ name: `studio_review_${l}`, password: 'pw-e2e' }))], managers: [{ name: 'boss_e2e', password: 'pw-boss' }] });
  await admin.end();
});
test.afterAll(async () => {
  await cluster?.destroy();
});

test('Settings name the studio, show its id, and sync it to the central PostgreSQL; a wrong password is said plainly', async ({ page, served }) => {
  await page.goto(served.url + '#/settings');
  const panel = page.getByTestId('fleet-settings');
  await expect(panel.getByTestId('studio-id')).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(panel.getByTestId('fleet-state')).toHaveText(/Not syncing: no central database set/);
  await panel.getByTestId('studio-name').fill('Berlin room 1');
  await panel.getByTestId('studio-name').press('Enter');

  await panel.getByTestId('fleet-url').fill(`postgres://studio_e2e@127.0.0.1:${cluster.port}/postgres`);
  await panel.getByTestId('fleet-password').fill('wrong');
  await panel.getByTestId('fleet-save').click();
  await expect(panel.getByTestId('fleet-state')).toHaveText(/refused the sign-in of studio_e2e: wrong user name or password/);
  await expect(panel).toContainText('(set)');

  await panel.getByTestId('fleet-password').fill('pw-e2e');
  await panel.getByTestId('fleet-save').click();
  await expect(panel.getByTestId('fleet-state')).toHaveText(/Up to date/);
  // The password field empties once the host keeps it.
  await expect(panel.getByTestId('fleet-password')).toHaveValue('');

  // The top bar says it on every page; with the server gone, it says offline.
  await expect(page.getByTestId('fleet-badge')).toHaveAttribute('data-shown', 'upToDate');
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('fleet-badge')).toHaveText('Synced');
  await cluster.stop();
  await expect(page.getByTestId('fleet-badge')).toHaveAttribute('data-shown', 'offline');
  await expect(page.getByTestId('fleet-badge')).toHaveAttribute('title', /central database is unreachable/);
  await cluster.start();
  await expect(page.getByTestId('fleet-badge')).toHaveAttribute('data-shown', 'upToDate');
  await page.goto(served.url + '#/settings');
  await panel.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results/shots'}/fleet-settings.png` });
  const studioId = await panel.getByTestId('studio-id').textContent();
  const check = new pg.Client({ connectionString: cluster.adminUrl });
  await check.connect();
  const { rows } = await check.query('SELECT studio_id, name FROM fleet.studios');
  await check.end();
  expect(rows).toEqual([{ studio_id: studioId, name: 'Berlin room 1' }]);
});

const texts = {
  en: { refused: /refused the sign-in of boss_e2e/, on: /shows every studio from/, centralTitle: 'Sessions of every studio', localTitle: 'Sessions' },
  'zh-CN': { refused: /拒绝了 boss_e2e 的登录/, on: /显示来自 .* 的所有工作室/, centralTitle: null, localTitle: null },
} as const;

for (const lang of ['en', 'zh-CN'] as const) {
  test(`a manager switches the Sessions page to the central store in Settings, with the login checked first, and back (${lang})`, async ({ page, served }) => {
    const shots = process.env.SHOTS_DIR ?? 'test-results/shots';
    const room = `Room ${lang}`;
    const login = `postgres://studio_review_${lang.slice(0, 2)}@127.0.0.1:${cluster.port}/postgres`;
    await rest(served, 'settings.set', { general: { language: lang }, studio: { name: room } });
    // This PC logs a session and syncs it with the studio login.
    const session = await rest<{ id: string }>(served, 'session.start', { title: 'Synced tea show', market: 'DE', hosts: ['Lena'] });
    await rest(served, 'session.end', {});
    await rest(served, 'fleet.configure', { url: login, password: 'pw-e2e' });
    await expect.poll(async () => (await rest<{ state: string }>(served, 'fleet.status')).state).toBe('upToDate');
    const local = await rest<{ id: string }>(served, 'session.start', { title: 'Not synced yet', market: 'US', hosts: ['Ana'] });
    await rest(served, 'fleet.configure', { url: login, enabled: false });
    await rest(served, 'session.end', {});

    await page.goto(served.url + '#/settings');
    const panel = page.getByTestId('fleet-review-settings');
    await panel.getByTestId('review-url').fill(`postgres://boss_e2e@127.0.0.1:${cluster.port}/postgres`);
    await panel.getByTestId('review-password').fill('wrong');
    await panel.getByTestId('review-on').click();
    await expect(page.getByTestId('error-toast')).toContainText(texts[lang].refused);
    await expect(panel.getByTestId('review-on')).toBeVisible();

    await panel.getByTestId('review-password').fill('pw-boss');
    await panel.getByTestId('review-on').click();
    await expect(panel.getByTestId('review-state')).toHaveText(texts[lang].on);
    await expect(panel.getByTestId('review-password')).toHaveValue('');
    await panel.screenshot({ path: `${shots}/fleet-review-settings-${lang}.png` });

    await page.goto(served.url + '#/sessions');
    const list = page.getByTestId('sessions-list');
    await expect(list.getByTestId('central-source')).toBeVisible();
    if (texts[lang].centralTitle) await expect(list.getByRole('heading', { level: 1 })).toHaveText(texts[lang].centralTitle);
    await expect(list.getByTestId('session-studio').filter({ hasText: room })).toHaveCount(1);
    await expect(list).toContainText('Synced tea show');
    await expect(list).not.toContainText('Not synced yet');
    await page.screenshot({ path: `${shots}/sessions-central-switch-${lang}.png` });

    // The way back is on the page itself; the list is this PC's log again.
    await list.getByTestId('review-local').click();
    await expect(list.getByTestId('central-source')).toBeHidden();
    if (texts[lang].localTitle) await expect(list.getByRole('heading', { level: 1 })).toHaveText(texts[lang].localTitle);
    await expect(list).toContainText('Not synced yet');
    await expect(list).toContainText('Synced tea show');
    expect(session.id).not.toBe(local.id);
  });
}
