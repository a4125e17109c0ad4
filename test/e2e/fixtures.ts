import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { startServedHost, type ServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';

/** Console errors and uncaught page errors seen during a test; any one left unallowed fails it. */
export interface ConsoleErrors {
  /** Everything collected so far, as "url: text". */
  readonly seen: string[];
  /** Declares an error this test provokes on purpose (a host killed mid-session...). */
  allow(pattern: RegExp): void;
  /** Stops collecting: called before the host is stopped at the end of a test (pages then lose their link). */
  close(): void;
}

function watchPage(page: Page, record: (text: string) => void): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url || page.url();
    record(`${where}: ${message.text()}`);
  });
  page.on('pageerror', (error) => record(`${page.url()}: uncaught ${error.name}: ${error.message}`));
}

function watchContext(context: BrowserContext, record: (text: string) => void): void {
  for (const page of context.pages()) watchPage(page, record);
  context.on('page', (page) => watchPage(page, record));
}

/**
 * Each test gets a host started like `npm run serve`, on a fresh data folder, and fails on any console
 * error or uncaught exception in any page it opened: the default page and pages of contexts the test
 * creates with `browser.newContext()` (a co-host's device). A 404 for a favicon, a React warning logged
 * as an error or a crashed handler is a bug a user would see in the console, so it fails the test.
 */
export const test = base.extend<{ served: ServedHost; consoleErrors: ConsoleErrors }>({
  served: async ({ consoleErrors }, use) => {
    const temp = tempDir('broadcart-e2e-');
    const host = await startServedHost(temp.dir);
    await use(host);
    consoleErrors.close();
    await host.stop();
    temp.cleanup();
  },
  consoleErrors: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      let open = true;
      const record = (text: string) => open && seen.push(text);
      watchContext(context, record);
      // Contexts the test opens itself are watched too (Browser has no "context" event to listen to).
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof browser.newContext>) => {
        const created = await newContext(...args);
        watchContext(created, record);
        return created;
      };
      await use({ seen, allow: (pattern) => allowed.push(pattern), close: () => (open = false) });
      open = false;
      browser.newContext = newContext;
      const unexpected = seen.filter((text) => !allowed.some((pattern) => pattern.test(text)));
      if (unexpected.length > 0) {
        throw new Error(`The pages logged ${unexpected.length} console error(s):\n${unexpected.map((text) => `  - ${text}`).join('\n')}`);
      }
    },
    { auto: true },
  ],
});
export { expect } from '@playwright/test';

/** Calls a contract method over the served host's REST API (with the control token unless another is given). */
export async function rest<T = unknown>(served: ServedHost, method: string, body: unknown = {}, token = served.token): Promise<T> {
  const res = await fetch(`${served.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
  return json as T;
}
