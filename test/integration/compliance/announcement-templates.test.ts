import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { startTestHost, type TestHost } from '../../support/host';

/** Announcement templates are checked against the rules of the markets whose chats say them (platform.setTemplates). */
describe('announcement templates and compliance', () => {
  let t: TestHost;
  let shopify: ShopifyFake;

  beforeEach(async () => {
    shopify = await startShopifyFake({ shopDomain: 'tea.myshopify.com', currency: 'GBP' });
    t = await startTestHost();
    await t.call('platform.save', {
      platform: 'shopify',
      label: 'UK shop',
      markets: ['GB'],
      apiBase: shopify.base,
      credentials: { shopDomain: 'tea', accessToken: 'shpat_fake_token' },
    });
  });

  afterEach(async () => {
    await t.stop();
    await shopify.stop();
  });

  it('refuses an English template that breaks a UK rule, with the finding; a compliant one is saved; other languages are not held to UK rules', async () => {
    await expect(t.call('platform.setTemplates', { templates: { pin: { en: 'Ad: {product}, only {price} plus VAT!' } } })).rejects.toMatchObject({
      key: 'platform.template_not_compliant',
      message: expect.stringContaining('breaks a rule in GB: "plus VAT": UK prices must be the total'),
      details: { findings: [expect.objectContaining({ ruleId: 'uk.dmcc.total_price', column: 29, length: 8 })] },
    });
    expect((await t.call('platform.templates', {})).templates.pin.en).not.toContain('plus VAT');

    const saved = await t.call('platform.setTemplates', { templates: { pin: { en: 'Ad: {product}, {price} including VAT.', de: '{product} für {price} plus VAT' } } });
    expect(saved.templates.pin.en).toBe('Ad: {product}, {price} including VAT.');
    expect(saved.templates.pin.de).toBe('{product} für {price} plus VAT');
  });
});
