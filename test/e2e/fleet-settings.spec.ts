import pg from 'pg';
import { setupCentral } from '../../electron/core/features/fleet/central-setup';
import { startPostgres, type PgCluster } from '../support/postgres';
import { expect, test } from './fixtures';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await setupCentral(admin, { studios: [{ name: 'studio_e2e', password: 'pw-e2e' }] });
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
