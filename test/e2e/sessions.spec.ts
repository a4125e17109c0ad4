import fs from 'node:fs';
import { expect, test } from './fixtures';
import { startServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';

async function rest(baseUrl: string, token: string, method: string, body: unknown = {}) {
  const res = await fetch(`${baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
  return json;
}

test('start a session, mark moments with the hotkeys and over REST, end it, review it and export CSV', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');

  await page.getByTestId('session-start-open').click();
  await page.getByTestId('session-title').fill('Tea launch, US evening');
  await page.getByTestId('session-hosts').fill('Ana, Li Wei');
  await page.getByTestId('session-market').selectOption('US');
  await page.getByTestId('session-start-submit').click();
  const bar = page.getByTestId('session-bar');
  await expect(bar).toHaveAttribute('data-state', 'live');
  await expect(bar).toContainText('Tea launch, US evening');
  await page.screenshot({ path: 'test-results/sessions-bar-live.png' });

  const marksLogged = async () => {
    const current = (await rest(served.baseUrl, served.token, 'session.current')) as { session: { id: string } };
    const page1 = (await rest(served.baseUrl, served.token, 'session.events', { id: current.session.id, kinds: ['session.mark'] })) as { total: number };
    return page1.total;
  };
  // M with nothing focused, then Ctrl+M, then a mark through the REST API (a Stream Deck button, say).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('m');
  await expect.poll(marksLogged).toBe(1);
  await page.keyboard.press('Control+m');
  await expect.poll(marksLogged).toBe(2);
  await rest(served.baseUrl, served.token, 'session.mark', { text: 'REST mark' });
  await expect.poll(marksLogged).toBe(3);

  await page.getByTestId('session-end').click();
  await page.getByTestId('confirm-yes').click();
  await expect(bar).toHaveAttribute('data-state', 'idle');

  await page.goto(served.url + '#/sessions');
  const row = page.getByTestId('session-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'ended');
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('session-detail-title')).toHaveText('Tea launch, US evening');
  await expect(page.getByTestId('timeline-mark')).toHaveCount(3);
  await expect(page.getByTestId('marks-list')).toContainText('REST mark');
  await expect(page.getByTestId('event-row').first()).toContainText('session.started');
  await page.screenshot({ path: 'test-results/sessions-detail.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await (await download).path();
  // RFC 4180: records end with CRLF.
  const csv = fs.readFileSync(file, 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('session_id,seq,at_ms,at_iso,kind,product_id,sku,scene,price,currency,cue,lane,payload');
  expect(csv.filter((line) => line.includes(',session.mark,'))).toHaveLength(3);
  expect(csv).toHaveLength(1 + 5);
  await expect(page.getByTestId('export-done')).toBeVisible();

  await page.getByTestId('session-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('cannot be undone');
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('sessions-list')).toBeVisible();
  await expect(page.getByTestId('session-row')).toHaveCount(0);
});

test('a host killed with kill -9 mid-session shows the session as interrupted with its events, and it can be resumed', async ({ page, consoleErrors }) => {
  const temp = tempDir('broadcart-e2e-kill-');
  try {
    const first = await startServedHost(temp.dir);
    const session = (await rest(first.baseUrl, first.token, 'session.start', { title: 'Power cut', market: 'DE', hosts: ['Bo'] })) as { id: string };
    for (let i = 0; i < 5; i++) await rest(first.baseUrl, first.token, 'session.mark', { text: `moment ${i + 1}` });
    // Wait until the log has committed (the group-commit window), as a real broadcast would have.
    await expect.poll(async () => ((await rest(first.baseUrl, first.token, 'session.current')) as { backlog: { pending: number } }).backlog.pending).toBe(0);
    await first.kill();

    const second = await startServedHost(temp.dir);
    try {
      await page.goto(second.url + '#/sessions');
      const row = page.getByTestId('session-row');
      await expect(row).toHaveAttribute('data-status', 'interrupted');
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'idle');
      await row.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByTestId('timeline-mark')).toHaveCount(5);
      await expect(page.getByTestId('timeline').locator('[data-kind="session.interrupted"]')).toHaveCount(1);
      await page.screenshot({ path: 'test-results/sessions-interrupted.png', fullPage: true });
      await page.getByRole('button', { name: 'Resume', exact: true }).click();
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
      const current = (await rest(second.baseUrl, second.token, 'session.current')) as { session: { id: string } };
      expect(current.session.id).toBe(session.id);
    } finally {
      consoleErrors.close(); // the page loses its host from here on, on purpose
      await second.stop();
    }
  } finally {
    temp.cleanup();
  }
});
