import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

/** Resolves with the first event matching, or fails after a deadline (never hangs). */
function nextEvent<E extends EventName>(t: TestHost, name: E, match: (e: HostEvent<E>) => boolean = () => true, ms = 10_000) {
  return new Promise<HostEvent<E>>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = t.host.context.bus.on(name, (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

const script = `# Jasmine tea

Welcome to the studio, everyone. [[card:TEA-JASMINE-100]] One hundred grams, hand picked.`;

describe('cards follow the live session market', () => {
  let t: TestHost;
  beforeEach(async () => (t = await startTestHost()));
  afterEach(async () => t.stop());

  it('a [[card:…]] cue during a DE session pins the card for DE, in German words', async () => {
    await t.call('session.start', { title: 'Tea launch, DE', market: 'DE' });
    const { script: saved } = await t.call('prompter.saveScript', { title: 'Jasmine', leadLanguage: 'en', variants: { en: script } });
    const pinned = nextEvent(t, 'product.pinned');
    const overlayCard = nextEvent(t, 'card.state', (e) => e.payload.market === 'DE' && e.payload.card !== null);
    await t.call('prompter.load', { scriptId: saved.id });
    await t.call('prompter.setSpeed', { value: 600 });
    await t.call('prompter.play', { countdown: false });

    expect((await pinned).payload).toMatchObject({ sku: 'TEA-JASMINE-100', market: 'DE' });
    const { pins, card } = await t.call('card.current', { output: 'overlay' });
    expect(pins.map((p) => `${p.output} ${p.market}`).sort()).toEqual(['obs-native DE', 'overlay DE']);
    expect(card).toMatchObject({ market: 'DE', currency: 'EUR', shippingTime: '5-8 Tage' });
    expect(card!.priceText).toContain('€');
    const pushed = (await overlayCard).payload.card!;
    expect(pushed.texts).toMatchObject({ language: 'de', shipping: 'Lieferzeit: {{time}}', scanToBuy: 'Scannen und kaufen' });

    // A deal made without a market (a cue, a script, the API) is for the session's market too.
    const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', dealPriceMinor: 1500, stock: 10, durationS: 60 });
    expect(deal).toMatchObject({ market: 'DE', currency: 'EUR' });
  });

  it('without a live session, pins are for the last market chosen (kept across a restart)', async () => {
    const temp = tempDir();
    try {
      const first = await startTestHost({ dataDir: temp.dir });
      await first.call('settings.set', { general: { defaultMarket: 'ES' } });
      expect((await first.call('card.pin', { sku: 'TEA-JASMINE-100' })).card.market).toBe('ES');
      await first.stop();
      const again = await startTestHost({ dataDir: temp.dir, seedDemo: false });
      expect((await again.call('card.pin', { sku: 'SILK-SCARF-RED' })).card).toMatchObject({ market: 'ES', currency: 'EUR' });
      // A session in another market takes over while it is live, and the choice is back after it.
      await again.call('session.start', { title: 'Tea launch, DE', market: 'DE' });
      expect((await again.call('card.pin', { sku: 'SILK-SCARF-RED' })).card.market).toBe('DE');
      await again.call('session.end', {});
      expect((await again.call('card.pin', { sku: 'SILK-SCARF-RED' })).card.market).toBe('ES');
      await again.stop();
    } finally {
      temp.cleanup();
    }
  });

  it('lists an overlay link for every market the catalog sells in, the session market first', async () => {
    const before = await t.call('outputs.list');
    expect(before.overlayLinks.map((l) => l.market)).toEqual(['US', 'CN', 'DE', 'ES']);
    await t.call('session.start', { title: 'Tea launch, DE', market: 'DE' });
    const after = await t.call('outputs.list');
    expect(after.overlayLinks.map((l) => l.market)).toEqual(['DE', 'CN', 'ES', 'US']);
    const de = new URL(after.overlayLinks[0]!.url);
    expect(de.pathname).toBe('/overlay');
    expect(de.searchParams.get('market')).toBe('DE');
  });
});
