import { demoPorts, startDemoPlatforms, type DemoPlatforms } from '../support/platforms/demo-platforms';
import { expect, test, type ConsoleErrors } from './fixtures';
import type { Browser, Page } from '@playwright/test';

/**
 * Each sign-in of Settings > Platforms walked through as a user does, against the fake platforms of
 * `npm run fakes` (the same servers, on free ports): TikTok Shop with app key, secret and an authorization
 * code from the seller's authorization page; YouTube through Google's consent page in the browser, back
 * to the studio's loopback address; Twitch with the device code the studio shows.
 */

let fakes: DemoPlatforms;
test.beforeEach(async () => {
  fakes = await startDemoPlatforms({ ports: demoPorts(0) });
});
test.afterEach(async () => {
  await fakes.stop();
});

/** The system browser the user signs in with: not the studio's window (its own cookies, its own console). */
async function systemBrowserTab(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The fake platform's own pages (not the studio's) have no favicon: the browser's 404/401 for it is theirs. */
function allowFakeFavicon(consoleErrors: ConsoleErrors, fakeUrl: string): void {
  const origin = new URL(fakeUrl).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  consoleErrors.allow(new RegExp(`^${origin}/favicon\\.ico: `));
}

/** Opens the add form of a platform and fills what every connection has, the advanced bases included. */
async function addConnection(page: Page, platform: string, values: { label: string; markets: string[]; apiBase: string; authBase?: string }, fields: Record<string, string>) {
  await page.getByTestId(`platform-add-${platform}`).click();
  const form = page.getByTestId('platform-form');
  await form.getByTestId('platform-field-label').fill(values.label);
  await form.getByTestId('platform-field-markets').fill(values.markets.join(', '));
  for (const [name, value] of Object.entries(fields)) await form.getByTestId(`platform-field-${name}`).fill(value);
  await form.locator('summary').click();
  await form.getByTestId('platform-field-apiBase').fill(values.apiBase);
  if (values.authBase) await form.getByTestId('platform-field-authBase').fill(values.authBase);
  await form.getByTestId('platform-save').click();
  await expect(form).toBeHidden();
  const item = page.getByTestId('platform-connection').filter({ hasText: values.label });
  await expect(item).toHaveAttribute('data-state', 'needs-auth');
  return item;
}

test('TikTok Shop: app key and secret, then the code from the authorization page: connected to the shop', async ({ page, served, browser, consoleErrors }) => {
  const v = fakes.values['tiktok-shop'];
  allowFakeFavicon(consoleErrors, v.codePage);
  await page.goto(served.url + '#/settings');
  const item = await addConnection(page, 'tiktok-shop', v, { appKey: v.appKey, appSecret: v.appSecret });
  // The seller authorizes the app on TikTok's page (another tab) and copies the code it shows.
  const tab = await systemBrowserTab(browser);
  await tab.goto(v.codePage);
  await tab.getByRole('button', { name: 'Authorize' }).click();
  const code = (await tab.locator('code').textContent())!.trim();
  await tab.context().close();
  expect(code).not.toBe('');
  await item.getByTestId('platform-auth-code').fill(code);
  await item.getByTestId('platform-auth-submit').click();
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('platform-account')).toContainText('Broadcart Demo DE (fake TikTok Shop)');
  // The code is spent: the field is empty again, and the secret never shows.
  await expect(item.getByTestId('platform-signin')).toBeHidden();
  expect(await page.content()).not.toContain(v.appSecret);
});

test('YouTube: the page to open is shown; the browser consents and comes back to the studio: connected to the channel', async ({ page, served, browser: chromium, consoleErrors }) => {
  const v = fakes.values.youtube;
  allowFakeFavicon(consoleErrors, v.authBase);
  fakes.google.consent = 'ask';
  await page.goto(served.url + '#/settings');
  const item = await addConnection(page, 'youtube', v, { clientId: v.clientId, clientSecret: v.clientSecret });
  await item.getByTestId('platform-signin-start').click();
  const open = item.getByTestId('platform-open-signin');
  await expect(open).toBeVisible();
  const url = new URL((await open.getAttribute('href'))!);
  expect(url.origin).toBe(v.authBase);
  expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  // What the system browser does with it: Google's consent page, Allow, then the studio's loopback page.
  const browser = await systemBrowserTab(chromium);
  await browser.goto(url.toString());
  await browser.getByRole('button', { name: 'Allow' }).click();
  await expect(browser.locator('body')).toContainText('You can close this tab.');
  expect(new URL(browser.url()).pathname).toBe('/oauth/callback');
  await browser.context().close();
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('platform-account')).toContainText(fakes.google.account.channelTitle);
});

test('Twitch: the device code is shown big with a copy button; once entered on Twitch the channel is connected', async ({ page, served }) => {
  const v = fakes.values.twitch;
  fakes.twitch.deviceIntervalSeconds = 0.2;
  await page.goto(served.url + '#/settings');
  const item = await addConnection(page, 'twitch', v, { clientId: v.clientId });
  await item.getByTestId('platform-signin-start').click();
  const shown = item.getByTestId('platform-device-code');
  await expect(shown).toHaveText(/^[A-Z0-9-]{6,}$/);
  await expect(item.getByTestId('platform-copy-code')).toBeVisible();
  await expect(item).toContainText(new URL(v.activatePage).host);
  // The user types the code at twitch.tv/activate (the fake marks it entered): the waiting host sees it.
  fakes.twitch.approveDevice((await shown.textContent())!.trim());
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(shown).toBeHidden();
  await expect(item.getByTestId('platform-account')).toContainText(fakes.twitch.user.displayName);
});
