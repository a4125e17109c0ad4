import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardTextsFor, marketLanguage } from '../../../electron/core/features/cards/card-texts';
import { obsCardText } from '../../../electron/core/features/cards/outputs/obs-native-output';
import type { CardView } from '../../../electron/shared/contract/cards';
import { marketCodes, markets } from '../../../electron/shared/markets';

const localesDir = path.resolve(import.meta.dirname, '../../../locales');
const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(localesDir, lang, 'card.json'), 'utf8')) as Record<string, string>;
const english = read('en');

describe('card texts', () => {
  for (const market of marketCodes) {
    it(`${market}: the card is written in the market's language, from locales/<lang>/card.json`, () => {
      const locale = markets[market].locale;
      const language = marketLanguage(market);
      // The market's own locale or its base language, never a fallback to English for a non-English market.
      expect([locale, locale.split('-')[0]]).toContain(language);
      const file = read(language);
      expect(Object.keys(file).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(file)) {
        expect(value.trim().length, `${language}/card.json ${key}`).toBeGreaterThan(0);
        // Placeholders are kept in every translation.
        expect(value.match(/\{\{\w+\}\}/g)?.sort(), `${language}/card.json ${key}`).toEqual(english[key]!.match(/\{\{\w+\}\}/g)?.sort());
        if (language !== 'en') expect(value, `${language}/card.json ${key} is translated`).not.toBe(english[key]);
      }
      expect(cardTextsFor(market)).toEqual({ language, ...file });
    });
  }

  it('the OBS-native card text of a DE deal is German', () => {
    const now = Date.now();
    const card = {
      name: 'Jasmine Silver Needle Tea, 100 g',
      priceText: '22,99 €',
      taxText: 'inkl. MwSt.',
      unitPriceText: '229,90 €/kg',
      shippingTime: '5-8 Tage',
      deliveryText: 'Lieferung in 5–8 Tagen',
      texts: cardTextsFor('DE'),
      deal: { state: 'live', priceText: '17,99 €', unitPriceText: '179,90 €/kg', referencePriceText: '22,99 €', percentOff: 22, endsAt: now + 65_000, countdownEndsAt: null, stock: 12, stockInitial: 50 },
    } as unknown as CardView;
    expect(obsCardText(card, now).split('\n')).toEqual([
      'Jasmine Silver Needle Tea, 100 g',
      '17,99 €  (22,99 €)  -22%',
      // The unit price of the price on screen: the deal price while the deal runs.
      'inkl. MwSt. · 179,90 €/kg',
      'Endet in 1:05 · Noch 12 von 50',
      'Lieferung in 5–8 Tagen',
    ]);
  });

  it('the OBS-native card text ends with the disclosure line when the card carries one', () => {
    const card = {
      name: 'Jasmine Silver Needle Tea, 100 g',
      priceText: '$24.99',
      shippingTime: null,
      deliveryText: null,
      taxText: null,
      unitPriceText: null,
      texts: cardTextsFor('US'),
      disclosure: 'Ad: this live is a paid partnership.',
      deal: null,
    } as unknown as CardView;
    expect(obsCardText(card, Date.now()).split('\n')).toEqual(['Jasmine Silver Needle Tea, 100 g', '$24.99', 'Ad: this live is a paid partnership.']);
    expect(obsCardText({ ...card, disclosure: null }, Date.now()).split('\n')).toEqual(['Jasmine Silver Needle Tea, 100 g', '$24.99']);
  });
});
