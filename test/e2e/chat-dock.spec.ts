import type { Page } from '@playwright/test';
import { expect, rest, test } from './fixtures';
import type { ServedHost } from '../support/served-host';

const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

interface Incoming {
  platform: string;
  messageId: string;
  authorName: string;
  authorId: string;
  text: string;
  kind?: 'text' | 'superChat' | 'member' | 'moderator';
  amount?: { currency: string; amountMinor: number; minorDigits: number };
}
interface Listed {
  id: string;
  text: string;
  answered: boolean;
  starred: boolean;
  hidden: boolean;
  hiddenBy: string | null;
  authorKey: string;
}

/** Posts comments the way a chat bridge does: REST, with the ingest token from chat.ingestLink. */
async function ingester(served: ServedHost) {
  const { token } = await rest<{ token: string }>(served, 'chat.ingestLink');
  return (messages: Incoming[]) => rest<{ accepted: number; duplicates: number }>(served, 'chat.ingest', { messages }, token);
}

const listed = async (served: ServedHost) => (await rest<{ messages: Listed[] }>(served, 'chat.list', { limit: 5000, includeHidden: true })).messages;

async function openLive(page: Page, served: ServedHost) {
  await page.goto(`${served.url}#/live`);
  await expect(page.getByTestId('chat-dock')).toBeVisible();
}

test('a burst of thousands of comments keeps the dock responsive and showing the newest', async ({ page, served }) => {
  test.setTimeout(180_000);
  const ingest = await ingester(served);
  await openLive(page, served);
  const list = page.getByTestId('chat-list');
  const address = page.getByLabel('OBS WebSocket address');
  await expect(address).toBeVisible();

  // Comments pour in, 500 per call, until the checks below are done: each call waits until the page has
  // taken in all but the last 2,000 sent, so the page always has a burst to work through meanwhile.
  const perBatch = 500;
  const received = () => page.evaluate(() => window.__chatReceived ?? 0);
  let sent = 0;
  let checked = false;
  const burst = (async () => {
    while (!checked || sent < 6000) {
      const messages = Array.from({ length: perBatch }, (_, i) => {
        const n = sent + i;
        return { platform: n % 2 ? 'tiktok' : 'instagram', messageId: `burst-${n}`, authorName: `Viewer ${n % 97}`, authorId: `v${n % 97}`, text: `burst comment ${n}` };
      });
      await ingest(messages);
      sent += perBatch;
      const target = sent - 2000;
      await page.waitForFunction((n) => (window.__chatReceived ?? 0) >= n, target, { timeout: 30_000 });
    }
  })();

  // Meanwhile the page takes typing and clicks, and keeps following the newest.
  await expect(list.getByText(/^burst comment \d+$/).first()).toBeVisible();
  await address.fill('ws://192.168.1.20:4455');
  await expect(address).toHaveValue('ws://192.168.1.20:4455');
  await page.getByTestId('chat-filter-questions').check();
  await expect(page.getByTestId('chat-filter-questions')).toBeChecked();
  await page.getByTestId('chat-filter-questions').uncheck();
  const receivedWhileTyping = await received();
  checked = true;
  await burst;
  expect(receivedWhileTyping, 'the checks ran while the burst was still arriving').toBeLessThan(sent);

  const last = `burst comment ${sent - 1}`;
  await expect(list.getByText(last, { exact: true })).toBeVisible();
  // The dock keeps the latest 5,000 (up to 500 more before the oldest go, in one step), and only the
  // rows in view are in the page.
  const kept = Number(await list.getAttribute('data-count'));
  expect(kept).toBeGreaterThanOrEqual(5000);
  expect(kept).toBeLessThanOrEqual(5500);
  expect(await list.getByTestId('chat-message').count()).toBeLessThan(60);
  await expect(page.getByTestId('chat-count')).toHaveText(`${kept} comments`);
});

test('scrolling up stops the following and counts what arrived; the button goes back to the newest', async ({ page, served }) => {
  const ingest = await ingester(served);
  await ingest(Array.from({ length: 60 }, (_, i) => ({ platform: 'tiktok', messageId: `a${i}`, authorName: 'Mia', authorId: 'mia', text: `early comment ${i}` })));
  await openLive(page, served);
  const list = page.getByTestId('chat-list');
  await expect(list.getByText('early comment 59', { exact: true })).toBeVisible();

  await list.hover();
  await page.mouse.wheel(0, -4000);
  await expect(list).toHaveAttribute('data-held', 'true');
  // Held, the whole kept history is reachable, not only the rows that were on screen.
  await page.mouse.wheel(0, -8000);
  await expect(list.getByText('early comment 0', { exact: true })).toBeVisible();
  await ingest(Array.from({ length: 3 }, (_, i) => ({ platform: 'tiktok', messageId: `b${i}`, authorName: 'Mia', authorId: 'mia', text: `later comment ${i}` })));
  await expect(page.getByTestId('chat-new')).toHaveText('3 new comments ↓');
  await expect(list.getByText('later comment 2', { exact: true })).toBeHidden();

  await page.getByTestId('chat-new').click();
  await expect(list.getByText('later comment 2', { exact: true })).toBeVisible();
  await expect(list).toHaveAttribute('data-held', 'false');
});

test('filters by platform and questions; paid, member and moderator comments say so', async ({ page, served }) => {
  const ingest = await ingester(served);
  await ingest([
    { platform: 'tiktok', messageId: 'f1', authorName: 'Mia', authorId: 'mia', text: 'Does it ship to Spain?' },
    { platform: 'tiktok', messageId: 'f2', authorName: 'Mia', authorId: 'mia', text: 'love this scarf' },
    { platform: 'instagram', messageId: 'f3', authorName: 'Budi', authorId: 'budi', text: 'apakah bisa kirim ke Jakarta?' },
    { platform: 'instagram', messageId: 'f4', authorName: 'Li', authorId: 'li', text: 'thanks for the show', kind: 'superChat', amount: { currency: 'USD', amountMinor: 500, minorDigits: 2 } },
    { platform: 'instagram', messageId: 'f5', authorName: 'Ana', authorId: 'ana', text: 'hello from Madrid', kind: 'member' },
    { platform: 'tiktok', messageId: 'f6', authorName: 'Mod Kim', authorId: 'kim', text: 'keep it friendly', kind: 'moderator' },
  ]);
  await openLive(page, served);
  const list = page.getByTestId('chat-list');
  const rows = list.getByTestId('chat-message');
  await expect(rows).toHaveCount(6);
  await expect(list.locator('[data-kind="superChat"]').getByTestId('chat-amount')).toHaveText('$5.00');
  await expect(list.locator('[data-kind="member"]')).toContainText('Member');
  await expect(list.locator('[data-kind="moderator"]')).toContainText('Mod');
  await expect(list.locator('[data-platform="tiktok"] .chat-badge').first()).toHaveText('TikTok');
  await expect(list.locator('[data-platform="instagram"] .chat-badge').first()).toHaveText('Instagram');

  await page.getByTestId('chat-filter-platform').selectOption('instagram');
  await expect(rows).toHaveCount(3);
  for (const platform of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')))) expect(platform).toBe('instagram');

  await page.getByTestId('chat-filter-platform').selectOption('');
  await page.getByTestId('chat-filter-questions').check();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Does it ship to Spain?');
  await expect(rows.nth(1)).toContainText('apakah bisa kirim ke Jakarta?');
  // The queue holds the same two, open.
  await expect(page.getByTestId('chat-open-count')).toHaveText('2 open');
});

test('the question queue is answered with one key, starred, hidden and walked with J/K', async ({ page, served }) => {
  const ingest = await ingester(served);
  await ingest([
    { platform: 'tiktok', messageId: 'q1', authorName: 'Mia', authorId: 'mia', text: 'How long do I steep it?' },
    { platform: 'tiktok', messageId: 'q2', authorName: 'Carlos', authorId: 'carlos', text: '¿Cuánto cuesta el envío?' },
    { platform: 'tiktok', messageId: 'c3', authorName: 'Wang', authorId: 'wang', text: 'the mug looks great' },
  ]);
  await openLive(page, served);
  const queue = page.getByTestId('chat-queue');
  await expect(queue.getByTestId('chat-question')).toHaveCount(2);

  // A with nothing selected answers the first open question, and moves on to the next.
  await page.locator('body').press('a');
  await expect.poll(async () => (await listed(served)).find((m) => m.text === 'How long do I steep it?')?.answered).toBe(true);
  await expect(page.getByTestId('chat-open-count')).toHaveText('1 open');
  await expect(queue.locator('[aria-current="true"]')).toContainText('¿Cuánto cuesta el envío?');
  // Answered ones go after the open ones.
  await expect(queue.getByTestId('chat-question').nth(1)).toHaveAttribute('data-answered', 'true');

  // J goes down to the answered one; A opens it again.
  await page.locator('body').press('j');
  await expect(queue.locator('[aria-current="true"]')).toContainText('How long do I steep it?');
  await page.locator('body').press('a');
  await expect.poll(async () => (await listed(served)).find((m) => m.text === 'How long do I steep it?')?.answered).toBe(false);

  // Starring a plain comment puts it in the queue (F on the selected comment).
  await page.getByTestId('chat-list').getByText('the mug looks great').click();
  await page.locator('body').press('f');
  await expect(queue.getByTestId('chat-question')).toHaveCount(3);
  expect((await listed(served)).find((m) => m.text === 'the mug looks great')?.starred).toBe(true);

  // X hides the selected comment: gone from the list and the queue, kept by the host as hidden.
  await page.locator('body').press('x');
  await expect(page.getByTestId('chat-list').getByText('the mug looks great')).toBeHidden();
  await expect(queue.getByTestId('chat-question')).toHaveCount(2);
  expect((await listed(served)).find((m) => m.text === 'the mug looks great')?.hidden).toBe(true);
  await page.getByTestId('chat-filter-hidden').check();
  await expect(page.getByTestId('chat-list').locator('[data-hidden="true"]')).toContainText('hidden by hand');

  // The keys are in the ? help, usable here (from outside the filter's checkbox).
  await page.getByTestId('chat-list').focus();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  for (const id of ['chat.next', 'chat.previous', 'questions.answer', 'chat.star', 'chat.hide', 'chat.pin', 'chat.newest']) {
    await expect(help.locator(`[data-shortcut="${id}"]`)).toHaveAttribute('data-available', 'true');
  }
});

test('a comment pinned from the dock shows on the overlay page and goes when unpinned', async ({ page, served, browser }) => {
  const ingest = await ingester(served);
  await ingest([{ platform: 'tiktok', messageId: 'p1', authorName: 'Carlos Ruiz', authorId: 'carlos', text: '<b>¿Envío a México?</b>' }]);
  const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
  const obs = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await obs.goto(overlayLinks.find((l) => l.market === 'US')!.url);
  await expect(obs.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await expect(obs.getByTestId('overlay-comment')).toBeHidden();

  await openLive(page, served);
  const row = page.getByTestId('chat-list').getByTestId('chat-message').filter({ hasText: 'Envío' });
  // A row's buttons are made when the pointer first comes on it (or it is selected), not for every
  // comment; they show only while it is there.
  await expect(row.getByTestId('chat-pin')).toHaveCount(0);
  await row.hover();
  await expect(row.getByTestId('chat-pin')).toBeVisible();
  await page.getByTestId('chat-dock').locator('h2').hover();
  await expect(row.getByTestId('chat-pin')).toBeHidden();
  await row.click();
  await row.getByTestId('chat-pin').click();
  await expect(page.getByTestId('chat-pinned')).toContainText('Carlos Ruiz');
  const comment = obs.getByTestId('overlay-comment');
  await expect(comment).toBeVisible();
  await expect(obs.getByTestId('overlay-comment-author')).toHaveText('Carlos Ruiz');
  // Text stays text: no markup from a viewer reaches the stream.
  await expect(obs.getByTestId('overlay-comment-text')).toHaveText('<b>¿Envío a México?</b>');
  await obs.screenshot({ path: `${shots}/overlay-pinned-comment.png` });

  // An overlay opened later finds the pinned comment by itself.
  const late = await (await browser.newContext()).newPage();
  await late.goto(overlayLinks.find((l) => l.market === 'DE')!.url);
  await expect(late.getByTestId('overlay-comment-author')).toHaveText('Carlos Ruiz');

  await page.getByTestId('chat-unpin').click();
  await expect(comment).toBeHidden();
  await expect(late.getByTestId('overlay-comment')).toBeHidden();
  await expect(page.getByTestId('chat-pinned')).toBeHidden();

  // O pins the selected comment from the keyboard, Shift+O takes it off.
  await page.locator('body').press('o');
  await expect(comment).toBeVisible();
  // The host takes it off once the dock says it is on stream (the overlay may hear of it first).
  await expect(page.getByTestId('chat-pinned')).toContainText('Carlos Ruiz');
  await page.locator('body').press('Shift+O');
  await expect(comment).toBeHidden();
});

test('the chat page is the dock alone, and survives a reload', async ({ page, served }) => {
  const ingest = await ingester(served);
  await ingest([{ platform: 'tiktok', messageId: 'm1', authorName: 'Mia', authorId: 'mia', text: 'Is the tea organic?' }]);
  await page.goto(`${served.url}#/live`);
  await page.getByTestId('chat-page-link').click();
  await expect(page.getByTestId('chat-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/chat$/);
  await page.reload();
  await expect(page.getByTestId('chat-page')).toBeVisible();
  await expect(page.getByTestId('chat-queue')).toContainText('Is the tea organic?');
  await page.locator('body').press('a');
  await expect.poll(async () => (await listed(served))[0]?.answered).toBe(true);
  await page.getByTestId('chat-back').click();
  await expect(page.getByTestId('live-page')).toBeVisible();
});

test('a moderation term added or removed hides or shows the comments already in the open dock, without a reload', async ({ page, served }) => {
  const ingest = await ingester(served);
  await page.goto(`${served.url}#/chat`);
  const list = page.getByTestId('chat-list');
  await ingest([
    { platform: 'tiktok', messageId: 'mod1', authorName: 'Bot', authorId: 'bot', text: 'cheap replica bags here' },
    { platform: 'tiktok', messageId: 'mod2', authorName: 'Mia', authorId: 'mia', text: 'love this tea' },
  ]);
  await expect(list.getByText('cheap replica bags here', { exact: true })).toBeVisible();

  await rest(served, 'chat.setModeration', { market: '*', terms: ['replica'] });
  await expect(list.getByText('cheap replica bags here', { exact: true })).toBeHidden();
  await expect(list.getByText('love this tea', { exact: true })).toBeVisible();
  // One that comes in with the term is kept out of view from the start.
  await ingest([{ platform: 'tiktok', messageId: 'mod3', authorName: 'Bot', authorId: 'bot', text: 'replica watches too' }]);
  await expect(list.getByTestId('chat-message')).toHaveCount(1);

  // The term goes: the comment it hid comes back in the same dock, as it was.
  await rest(served, 'chat.setModeration', { market: '*', terms: [] });
  await expect(list.getByText('cheap replica bags here', { exact: true })).toBeVisible();
  await expect(list.getByText('replica watches too', { exact: true })).toBeVisible();
  await expect(list.getByTestId('chat-message').filter({ hasText: 'cheap replica bags here' })).toHaveAttribute('data-hidden', 'false');
});

test('Settings > Chat: moderation terms, retention, forgetting a viewer, the ingest link', async ({ page, served, request }) => {
  const ingest = await ingester(served);
  await page.goto(`${served.url}#/settings`);
  const settings = page.getByTestId('chat-settings');
  await expect(settings).toBeVisible();

  // Moderation: terms for every market hide new comments containing them.
  await page.getByTestId('moderation-terms').fill('spamlink\n free followers \n\nspamlink');
  await page.getByTestId('moderation-save').click();
  await expect(settings.getByRole('status').first()).toHaveText('Saved: 2 terms for Every market.');
  expect((await rest<{ terms: Record<string, string[]> }>(served, 'chat.moderation')).terms['*']).toEqual(['spamlink', 'free followers']);
  await page.getByTestId('moderation-market').selectOption('DE');
  await expect(page.getByTestId('moderation-terms')).toHaveValue('');
  await page.getByTestId('moderation-market').selectOption('*');
  await expect(page.getByTestId('moderation-terms')).toHaveValue('spamlink\nfree followers');
  await ingest([{ platform: 'tiktok', messageId: 's1', authorName: 'Bot', authorId: 'bot', text: 'get FREE FOLLOWERS now' }]);
  const hidden = (await listed(served)).find((m) => m.text === 'get FREE FOLLOWERS now');
  expect(hidden?.hidden).toBe(true);
  expect(hidden?.hiddenBy).toBe('free followers');

  // Retention: a bad number is refused in place, a good one is saved.
  await page.getByTestId('chat-retention-days').fill('0');
  await page.getByTestId('chat-retention-save').click();
  await expect(page.getByTestId('chat-retention-note')).toHaveText('Enter a whole number of days from 1 to 3650.');
  await page.getByTestId('chat-retention-days').fill('30');
  await page.getByTestId('chat-retention-save').click();
  await expect(page.getByTestId('chat-retention-note')).toContainText('Comment texts are kept 30 days');
  expect((await rest<{ retentionDays: number }>(served, 'chat.privacy')).retentionDays).toBe(30);

  // Forget a viewer by platform and author id: confirm, then it says what went.
  await ingest([
    { platform: 'tiktok', messageId: 'g1', authorName: 'Greta', authorId: 'greta_77', text: 'first comment' },
    { platform: 'tiktok', messageId: 'g2', authorName: 'Greta', authorId: 'greta_77', text: 'second comment' },
    { platform: 'tiktok', messageId: 'o1', authorName: 'Other', authorId: 'other', text: 'stays' },
  ]);
  await page.getByTestId('forget-platform').fill('tiktok');
  await page.getByTestId('forget-author-id').fill('greta_77');
  await page.getByTestId('forget-open').click();
  await expect(page.getByTestId('forget-dialog')).toContainText('greta_77 (tiktok)');
  await page.getByTestId('forget-yes').click();
  await expect(page.getByTestId('forget-result')).toContainText('2 comments');
  await page.getByTestId('forget-dialog').getByRole('button', { name: 'Close' }).click();
  const after = await listed(served);
  expect(after.some((m) => m.text.endsWith(' comment') && m.text !== 'stays')).toBe(false);
  expect(after.some((m) => m.text === 'stays')).toBe(true);

  // The ingest link: address and token to copy; a new token replaces the old one after a confirmation.
  const tokenField = page.getByTestId('ingest-token');
  const oldToken = (await tokenField.getAttribute('data-value'))!;
  await expect(tokenField).not.toHaveValue(oldToken);
  await expect(page.getByTestId('ingest-rest-url')).toHaveValue(/\/api\/v1\/chat\.ingest$/);
  await page.getByTestId('ingest-rotate').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('ingest-rotated')).toBeVisible();
  await expect(tokenField).not.toHaveAttribute('data-value', oldToken);
  const newToken = (await tokenField.getAttribute('data-value'))!;
  const post = (token: string) =>
    request.post(`${served.baseUrl}/api/v1/chat.ingest`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { messages: [{ platform: 'tiktok', messageId: `r-${token.slice(0, 6)}`, authorName: 'R', authorId: 'r', text: 'after rotation' }] },
    });
  expect((await post(oldToken)).status()).toBe(401);
  expect((await post(newToken)).status()).toBe(200);
});

test('forgetting a viewer from a comment\'s menu removes their comments from the dock', async ({ page, served }) => {
  const ingest = await ingester(served);
  await ingest([
    { platform: 'tiktok', messageId: 'h1', authorName: 'Hanna', authorId: 'hanna', text: 'hi from Hamburg' },
    { platform: 'tiktok', messageId: 'h2', authorName: 'Hanna', authorId: 'hanna', text: 'is it vegan?' },
    { platform: 'tiktok', messageId: 'k1', authorName: 'Kai', authorId: 'kai', text: 'hello' },
  ]);
  await openLive(page, served);
  const list = page.getByTestId('chat-list');
  const row = list.getByTestId('chat-message').filter({ hasText: 'hi from Hamburg' });
  await row.click();
  // The menu closes as menus do: Escape, or a click elsewhere.
  await row.getByTestId('chat-more').click();
  await expect(row.getByTestId('chat-forget')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(row.getByTestId('chat-forget')).toHaveCount(0);
  await row.getByTestId('chat-more').click();
  await page.getByTestId('chat-filter-questions').focus();
  await expect(row.getByTestId('chat-forget')).toHaveCount(0);
  await row.getByTestId('chat-more').click();
  await row.getByTestId('chat-forget').click();
  await expect(page.getByTestId('forget-dialog')).toContainText('Hanna (tiktok)');
  await page.getByTestId('forget-yes').click();
  await expect(page.getByTestId('forget-result')).toContainText('Hanna is forgotten: 2 comments');
  await page.getByTestId('forget-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(list.getByTestId('chat-message')).toHaveCount(1);
  await expect(list).toContainText('hello');
  expect((await listed(served)).map((m) => m.text)).toEqual(['hello']);
});
