import pg from 'pg';
import { setupCentral } from '../../electron/core/features/fleet/central-setup';
import { startPostgres, type PgCluster } from '../support/postgres';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certificates';
import { expect, rest, test } from './fixtures';

let certs: TestCertificates;
let cluster: PgCluster;
test.beforeAll(async () => {
  certs = makeTestCertificates();
  cluster = await startPostgres({ tls: { certPem: certs.serverCertPem, keyPem: certs.serverKeyPem } });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await setupCentral(admin, { studios: [{ name: 'studio_tls', password: 'pw-tls' }] });
  await admin.end();
});
test.afterAll(async () => {
  await cluster?.destroy();
  certs?.remove();
});

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

test('the top bar names a TLS failure (a wrong CA file) as the reason sync stopped, and syncs with the right CA file', async ({ page, served }) => {
  await page.goto(served.url + '#/settings');
  const panel = page.getByTestId('fleet-settings');
  const badge = page.getByTestId('fleet-badge');
  await panel.getByTestId('fleet-url').fill(`postgres://studio_tls@127.0.0.1:${cluster.port}/postgres?sslmode=verify-full`);
  await panel.getByTestId('fleet-password').fill('pw-tls');
  await panel.getByTestId('fleet-ca-file').fill(certs.otherCaFile);
  await panel.getByTestId('fleet-save').click();
  await expect(badge).toHaveAttribute('data-problem', 'fleet.tls_failed');
  await expect(badge).toHaveText('Sync: TLS failure');
  await expect(badge).toHaveAttribute('title', /^Not syncing: The secure connection to the central database failed: .*certificate.*Check sslmode in the address and the CA file\.$/);
  await expect(panel.getByTestId('fleet-state')).toContainText('The secure connection to the central database failed');
  await page.locator('header').first().screenshot({ path: `${shots}/fleet-tls-badge-en.png` });

  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await expect(badge).toHaveText('同步：TLS 失败');
  await expect(badge).toHaveAttribute('title', /与中央数据库的安全连接失败/);
  await page.locator('header').first().screenshot({ path: `${shots}/fleet-tls-badge-zh-CN.png` });
  await rest(served, 'settings.set', { general: { language: 'en' } });

  // The right CA chosen with the file picker (no path typed): the host keeps it in its data folder.
  const chooser = page.waitForEvent('filechooser');
  await panel.getByTestId('fleet-ca-choose').click();
  await (await chooser).setFiles(certs.caFile);
  await expect(panel.getByTestId('fleet-ca-file')).toHaveValue('ca.crt');
  await expect(panel.getByTestId('fleet-ca-chosen')).toHaveText('ca.crt will be kept by the studio when you save.');
  await panel.screenshot({ path: `${shots}/fleet-ca-chosen-en.png` });
  await panel.getByTestId('fleet-save').click();
  await expect(badge).toHaveAttribute('data-shown', 'upToDate');
  await expect(badge).toHaveText('Synced');
  await expect(panel.getByTestId('fleet-ca-chosen')).toHaveCount(0);
  await expect(panel.getByTestId('fleet-ca-file')).toHaveValue(/certificates[\\/]fleet-ca-[0-9a-f]{16}\.pem$/);
});

test('a file chosen as the CA that is no certificate is refused with the reason, in the UI language, and changes nothing', async ({ page, served }) => {
  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await page.goto(served.url + '#/settings');
  const panel = page.getByTestId('fleet-settings');
  await panel.getByTestId('fleet-url').fill(`postgres://studio_tls@127.0.0.1:${cluster.port}/postgres?sslmode=verify-full`);
  await panel.getByTestId('fleet-ca-picker').setInputFiles({ name: 'notes.pem', mimeType: 'text/plain', buffer: Buffer.from('just some notes') });
  await panel.getByTestId('fleet-save').click();
  await expect(page.getByRole('alert').filter({ hasText: '所选文件不是 PEM 证书' })).toBeVisible();
  await panel.screenshot({ path: `${shots}/fleet-ca-refused-zh-CN.png` });
  expect(await rest(served, 'fleet.status', {})).toMatchObject({ url: null, caFile: null });
});
