import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt package `chromium`); Playwright cannot download browsers on these machines.
export default defineConfig({
  testDir: 'test/e2e',
  // Fails the run at once when out/ is missing or older than the sources (a direct `npx playwright test`).
  globalSetup: './test/e2e/global-setup.ts',
  // Playwright empties its output folder at start: keep it apart from the other reports.
  outputDir: 'test-results/e2e-artifacts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
