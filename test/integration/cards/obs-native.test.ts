import fs from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obsSourceNames } from '../../../electron/core/features/cards/outputs/obs-native-output';
import { startObs, type ObsInstance } from '../../support/obs';
import { startTestHost, type TestHost } from '../../support/host';

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Distinct colours among opaque pixels: a blank (or one-colour) render has at most one. */
function opaqueColours(dataUrl: string): number {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3]! > 200) colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
  }
  return colours.size;
}

describe('obs-native card output against real OBS', () => {
  let obs: ObsInstance;
  let t: TestHost;
  beforeAll(async () => {
    obs = await startObs();
    t = await startTestHost();
    await t.call('settings.set', {
      cards: { obsNativeEnabled: true, obsSceneName: 'Broadcart Card' },
    });
    await t.call('obs.connect', { url: obs.url });
    const gateway = t.host.features.obs;
    await until('the host to connect to OBS', () => gateway.isConnected());
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
    await obs?.dispose();
  });

  it('builds the card scene with the product name and price, and it renders', async () => {
    await t.call('card.pin', { sku: 'TEA-JASMINE-100', output: 'obs-native' });
    const cards = t.host.features.cards;
    await cards.idle();
    const names = obsSourceNames('Broadcart Card');
    const client = await obs.connectClient();
    try {
      const { inputSettings } = await client.call('GetInputSettings', { inputName: names.text });
      expect(inputSettings.text).toContain('Jasmine Silver Needle Tea, 100 g');
      expect(inputSettings.text).toContain('$24.99');
      const qr = await client.call('GetInputSettings', { inputName: names.qr });
      expect(String(qr.inputSettings.file)).toMatch(/qr-\d+\.png$/);
      const { sceneItems } = await client.call('GetSceneItemList', { sceneName: 'Broadcart Card' });
      expect(sceneItems.map((i) => i.sourceName)).toEqual(expect.arrayContaining([names.background, names.text, names.qr]));

      // OBS renders its frames asynchronously: poll the screenshot until the card is drawn.
      let colours = 0;
      await until('a non-blank card scene screenshot', async () => {
        const shot = await client.call('GetSourceScreenshot', { sourceName: 'Broadcart Card', imageFormat: 'png', imageWidth: 640 });
        colours = opaqueColours(shot.imageData);
        if (colours > 10) {
          fs.mkdirSync('test-results', { recursive: true });
          fs.writeFileSync('test-results/obs-card.png', Buffer.from(shot.imageData.split(',')[1]!, 'base64'));
        }
        return colours > 10;
      });
      expect(colours).toBeGreaterThan(10);

      // A live deal changes the text to the deal price with the time left.
      const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 30, durationS: 120 });
      await t.call('deal.start', { dealId: deal.id });
      await cards.idle();
      const after = await client.call('GetInputSettings', { inputName: names.text });
      expect(after.inputSettings.text).toContain('$19.99');
      expect(after.inputSettings.text).toMatch(/Ends in \d+:\d\d/);

      // Unpinning hides the card.
      await t.call('card.unpin', { output: 'obs-native' });
      await cards.idle();
      const textItem = (await client.call('GetSceneItemList', { sceneName: 'Broadcart Card' })).sceneItems.find((i) => i.sourceName === names.text)!;
      expect(textItem.sceneItemEnabled).toBe(false);
    } finally {
      await client.disconnect();
    }
  });

  it('during a DE session the OBS card is drawn for DE, in German', async () => {
    await t.call('session.start', { title: 'Tea launch, DE', market: 'DE' });
    const client = await obs.connectClient();
    try {
      const cards = t.host.features.cards;
      await t.call('card.pin', { sku: 'TEA-JASMINE-100', output: 'obs-native' });
      const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', dealPriceMinor: 1799, stock: 30, durationS: 120, leadInS: 30 });
      await t.call('deal.start', { dealId: deal.id });
      await cards.idle();
      const { inputSettings } = await client.call('GetInputSettings', { inputName: obsSourceNames('Broadcart Card').text });
      const text = String(inputSettings.text);
      expect(text).toContain('17,99');
      expect(text).toContain('€');
      expect(text).toMatch(/Angebot startet in \d+:\d\d/);
      expect(text).toContain('Lieferzeit: 5-8 Tage');
      expect(text).not.toMatch(/Deal starts in|Ships in/);
      await t.call('deal.cancel', { dealId: deal.id });
    } finally {
      await t.call('session.end', {});
      await client.disconnect();
    }
  });

  it('the OBS card of a DE product says the price includes VAT, with its unit price and delivery days in German', async () => {
    const product = await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    await t.call('catalog.saveProduct', {
      product: {
        ...product,
        netQuantity: { amount: 100, unit: 'g' },
        prices: product.prices.map((p) => (p.market === 'DE' ? { ...p, deliveryDays: { min: 5, max: 8 } } : p)),
      },
    });
    const client = await obs.connectClient();
    try {
      await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'DE', output: 'obs-native' });
      await t.host.features.cards.idle();
      const { inputSettings } = await client.call('GetInputSettings', { inputName: obsSourceNames('Broadcart Card').text });
      const lines = String(inputSettings.text).replace(/\u00a0/g, ' ').split('\n');
      expect(lines.slice(1)).toEqual(['22,90 €', 'inkl. MwSt. · 229,00 €/kg', 'Lieferung in 5–8 Tagen']);
    } finally {
      await t.call('card.unpin', { output: 'obs-native' });
      await client.disconnect();
    }
  });
});
