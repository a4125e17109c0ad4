import { test as base } from '@playwright/test';
import { startServedHost, type ServedHost } from '../support/served-host';
import { tempDir } from '../support/temp';

/** Each test gets a host started like `npm run serve`, on a fresh data folder. */
export const test = base.extend<{ served: ServedHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  served: async ({}, use) => {
    const temp = tempDir('broadcart-e2e-');
    const host = await startServedHost(temp.dir);
    await use(host);
    await host.stop();
    temp.cleanup();
  },
});
export { expect } from '@playwright/test';
