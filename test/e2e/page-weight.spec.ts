import { expect, rest, test } from './fixtures';
import { kb, pageBudgets, pagesOf, weighPage } from '../support/page-weight';

// Issue 11, item 8: every OBS browser source loads the overlay, so each page downloads only the JavaScript
// it uses. The figures are the bytes Chromium receives from the built host (deterministic for one build);
// `npm run bench:ui` prints them with first contentful paint beside a blank page's.
test('the overlay, a prompter lane and the control room first page stay within their JavaScript budgets', async ({ browser, served }) => {
  await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US', output: 'overlay' });
  const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
  for (const page of pagesOf(served, overlayLinks.find((l) => l.market === 'US')!.url)) {
    const weight = await weighPage(browser, page.url, page.ready);
    const list = weight.scripts.map((s) => `${s.path} ${kb(s.bytes)}`).join(', ');
    expect(weight.scripts.length, `${page.name} loaded no script`).toBeGreaterThan(0);
    expect.soft(weight.scriptBytes, `${page.name}: ${kb(weight.scriptBytes)} of JavaScript (${list}), budget ${kb(pageBudgets[page.name])}`).toBeLessThanOrEqual(
      pageBudgets[page.name],
    );
  }
});
