import fs from 'node:fs';
import pg from 'pg';
import { setupCentral } from '../../electron/core/features/fleet/central-setup';
import { waitFor } from '../support/events';
import { startPostgres, type PgCluster } from '../support/postgres';
import { startServedHost, type ServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';
import { expect, test } from '@playwright/test';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

/** Two studio PCs (two data folders) sync to one PostgreSQL; the manager's host is `serve --central`. */
let cluster: PgCluster;
let studios: ServedHost[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];

async function rest(host: ServedHost, method: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${host.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${method}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
let manager: ServedHost;
const managerDir = tempDir();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await setupCentral(admin, {
    studios: [
      { name: 'studio_a', password: 'pw-a' },
      { name: 'studio_b', password: 'pw-b' },
    ],
    managers: [{ name: 'boss', password: 'pw-boss' }],
  });
  await admin.end();
  const plan = [
    { login: 'studio_a', password: 'pw-a', name: 'Berlin room', title: 'Tea morning', market: 'DE', hosts: ['Lena'] },
    { login: 'studio_b', password: 'pw-b', name: 'Shanghai room', title: 'Silk evening', market: 'CN', hosts: ['Mei'] },
  ];
  for (const p of plan) {
    const dir = tempDir();
    dirs.push(dir);
    const h = await startServedHost(dir.dir);
    studios.push(h);
    await rest(h, 'settings.set', { studio: { name: p.name } });
    await rest(h, 'session.start', { title: p.title, market: p.market, hosts: p.hosts });
    await rest(h, 'session.mark', { text: 'opening' });
    await rest(h, 'session.end', {});
    await rest(h, 'fleet.configure', { url: `postgres://${p.login}@127.0.0.1:${cluster.port}/postgres`, password: p.password });
    await waitFor(async () => (await rest(h, 'fleet.status')).state === 'upToDate', `${p.name} synced`, 30_000);
  }
  manager = await startServedHost(managerDir.dir, ['--central', `postgres://boss@127.0.0.1:${cluster.port}/postgres`], { env: { PGPASSWORD: 'pw-boss' } });
});
test.afterAll(async () => {
  await manager?.stop();
  for (const h of studios) await h.stop();
  studios = [];
  for (const d of dirs) d.cleanup();
  await cluster?.destroy();
  managerDir.cleanup();
});

test("the manager's Sessions page lists both studios' sessions, filters by studio, and compares per host with a CSV export", async ({ page }) => {
  await page.goto(manager.url + '#/sessions');
  const list = page.getByTestId('sessions-list');
  await expect(list.getByTestId('session-row')).toHaveCount(2);
  await expect(list.getByTestId('session-studio')).toHaveText(['Shanghai room', 'Berlin room']);
  await list.getByTestId('filter-studio').selectOption({ label: 'Berlin room' });
  await expect(list.getByTestId('session-row')).toHaveCount(1);
  await expect(list.getByTestId('session-row')).toContainText('Tea morning');
  await list.getByTestId('filter-studio').selectOption({ value: '' });

  const compare = page.getByTestId('session-compare');
  await expect(compare.getByTestId('compare-row')).toHaveCount(2);
  await expect(compare.locator('[data-key="Lena"]')).toContainText('Lena');
  await expect(compare.locator('[data-key="Mei"]')).toContainText('Mei');
  const download = page.waitForEvent('download');
  await compare.getByTestId('compare-export').click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('host,label,sessions,on_air_seconds,deals,orders,units,viewers_peak');
  expect(csv).toContain('Lena,Lena,1,');
  expect(csv).toContain('Mei,Mei,1,');
  await page.screenshot({ path: `${shots}/central-sessions-en.png`, fullPage: true });

  await rest(manager, 'settings.set', { general: { language: 'zh-CN' } });
  await page.goto(manager.url + '#/sessions');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('sessions-list')).toContainText('所有直播间的场次');
  await expect(page.getByTestId('session-compare')).toContainText('场次对比');
  await page.screenshot({ path: `${shots}/central-sessions-zh-CN.png`, fullPage: true });
});

test("the manager downloads a studio's session as CSV from its detail, with the rows its PC exports", async ({ page }) => {
  // The manager's host is shared by this file's tests: the one before left it in Chinese.
  await rest(manager, 'settings.set', { general: { language: 'en' } });
  await page.goto(manager.url + '#/sessions');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const row = page.getByTestId('session-row').filter({ hasText: 'Tea morning' });
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('session-detail-title')).toHaveText('Tea morning');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  await expect(page.getByTestId('export-done')).toBeVisible();

  // The studio PC's own export of the same session.
  const berlin = studios[0]!;
  const { sessions } = (await rest(berlin, 'session.list')) as { sessions: { id: string }[] };
  const local = (await rest(berlin, 'session.export', { id: sessions[0]!.id, format: 'csv' })) as { downloadPath: string };
  const res = await fetch(`${berlin.baseUrl}${local.downloadPath}?token=${berlin.token}`);
  expect(res.status).toBe(200);
  expect(csv).toBe(await res.text());
  expect(csv.split('\r\n').filter((line) => line.includes(',session.mark,'))).toHaveLength(1);
});
