import path from 'node:path';
import { appProtocolResponse, appUrlPrefix } from '../../electron/main/app-protocol';
import { expect, test } from './fixtures';

const rendererDir = path.resolve(import.meta.dirname, '../../out/renderer');

// The Electron windows load the built UI from broadcart://app/ (electron/main/app-protocol.ts). Chromium
// here cannot open that scheme, so every file the page loads (scripts, lazily loaded chunks, styles,
// icons) is answered by the same handler instead (body, content type and security headers). The page
// itself, its API and WebSocket stay the served host's (a fulfilled document would count as non-local to
// Chromium's local-network checks, which then block its WebSocket to 127.0.0.1).
test('the control room pages and their lazy chunks load through the broadcart:// handler under its CSP', async ({ page, served }) => {
  const handled: string[] = [];
  await page.route(`${served.baseUrl}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/api/') || route.request().isNavigationRequest()) return route.continue();
    const response = await appProtocolResponse(rendererDir, { url: `${appUrlPrefix}${url.pathname.slice(1)}${url.search}`, method: route.request().method() });
    handled.push(url.pathname);
    await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  const response = await page.goto(served.url);
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('live-page')).toBeVisible();

  const checks: [string, string][] = [
    ['prompter', 'prompter-page'],
    ['catalog', 'product-table'],
    ['sessions', 'archive-import'],
    ['settings', 'app-version'],
    ['live', 'live-page'],
  ];
  for (const [id, testId] of checks) {
    await page.locator(`nav a[href="#/${id}"]`).click();
    await expect(page.locator(`main.page[data-page="${id}"]`).getByTestId(testId)).toBeVisible();
  }

  // Each page came as its own chunk, and every script was answered by the handler (none inline).
  for (const name of ['LivePage', 'PrompterPage', 'CatalogPage', 'SessionsPage', 'SettingsPage']) {
    expect(handled.some((p) => new RegExp(`^/assets/${name}-[\\w-]+\\.js$`).test(p)), `${name} chunk through the handler`).toBe(true);
  }
  expect(await page.locator('script:not([src])').count()).toBe(0);
  // No script ran inline, from elsewhere or through eval (no page ships zod, whose `new Function` probe
  // the CSP would refuse).
  const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  expect(violations).toEqual([]);
});
