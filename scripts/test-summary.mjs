// Prints one "N passed, N failed" line from the JSON reports vitest and Playwright write during `npm test`.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0 ? vitest.numFailedTestSuites : 0);
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  failed += 1;
  console.error('test-summary: no vitest report (test-results/vitest.json): the unit/integration run did not finish');
}

const playwright = read('test-results/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
} else if (vitest) {
  failed += 1;
  console.error('test-summary: no Playwright report (test-results/playwright.json): the e2e run did not finish');
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
