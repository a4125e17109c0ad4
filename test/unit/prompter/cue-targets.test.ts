import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';

/** The script check against the real catalog and deals in SQLite (OBS is not connected here: see the integration test). */
describe('script check: cue targets', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('warns, with line and column, about a SKU and a deal code that do not exist, and says scenes were not checked', async () => {
    const lint = await t.call('prompter.lint', { variants: { en: '# Show\n\n[[scene:Nope]] [[card:NOPE-SKU]] [[deal:xyz]]' } });
    expect(lint.diagnostics.en).toEqual([
      expect.objectContaining({ severity: 'warning', line: 3, column: 16, message: expect.stringContaining('No product with SKU "NOPE-SKU"') }),
      expect.objectContaining({ severity: 'warning', line: 3, column: 34, message: expect.stringContaining('No deal has the code "xyz"') }),
    ]);
    expect(lint.warningCount).toBe(2);
    expect(lint.targets).toEqual({ scenes: 'obs_not_connected', catalog: true, deals: true });
  });

  it('accepts cues that point at real things, and says when a deal already finished', async () => {
    const open = (await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 5, durationS: 60, code: 'TEA10' })).deal;
    const done = (await t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 4900, stock: 5, durationS: 60, code: 'SILK5' })).deal;
    await t.call('deal.cancel', { dealId: done.id });
    const text = `[[card:TEA-JASMINE-100]] [[deal:tea10]] [[deal:${open.id}]]\n\n[[deal:SILK5]]`;
    const lint = await t.call('prompter.lint', { variants: { en: text, es: text }, leadLanguage: 'en' });
    expect(lint.diagnostics.en).toEqual([
      expect.objectContaining({ line: 3, column: 1, message: 'The deal SILK5 is already cancelled: create a new deal with the code SILK5 for this show.' }),
    ]);
    // Checked once, in the lead variant (its arguments are the ones the actions use).
    expect(lint.diagnostics.es).toEqual([]);
    expect(lint.targets).toEqual({ scenes: 'checked', catalog: true, deals: true });
  });

  it('checks a saved script too', async () => {
    const { lint } = await t.call('prompter.saveScript', { title: 'x', leadLanguage: 'en', variants: { en: '[[card:GONE-1]]' } });
    expect(lint.diagnostics.en).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('GONE-1') })]);
  });
});
