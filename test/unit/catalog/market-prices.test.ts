import { describe, expect, it } from 'vitest';
import { marketPrice, productInput } from '../../../electron/shared/contract/catalog';
import { formatPrice, marketCodes, markets, vatRateOn } from '../../../electron/shared/markets';
import { formatMoney, parsePriceText } from '../../../electron/shared/money';
import { deliveryText, grossOf, shownPrice, unitPriceOf } from '../../../electron/shared/price-display';
import { vatRates } from '../../../electron/shared/vat-rates';
import { parseMajorAmount } from '../../../electron/core/features/catalog/money';
import en from '../../../locales/en/card.json';
import de from '../../../locales/de/card.json';
import zhCN from '../../../locales/zh-CN/card.json';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
const now = day('2026-12-02');
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f\u061c]/g, '');

describe('markets exporters sell to', () => {
  it('has the Southeast Asian TikTok Shop markets, JP, KR, SA, AE and BR beside the first nine', () => {
    expect(marketCodes).toEqual(['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'CN', 'MX', 'ID', 'VN', 'TH', 'MY', 'PH', 'SG', 'JP', 'KR', 'SA', 'AE', 'BR']);
    expect(Object.fromEntries(marketCodes.map((m) => [m, markets[m].currency]))).toMatchObject({
      ID: 'IDR', VN: 'VND', TH: 'THB', MY: 'MYR', PH: 'PHP', SG: 'SGD', JP: 'JPY', KR: 'KRW', SA: 'SAR', AE: 'AED', BR: 'BRL',
    });
  });

  it('formats yen, won, dong and rupiah without minor units, and others with theirs', () => {
    expect(formatPrice(1980, 'JPY', 'ja-JP')).toBe('￥1,980');
    expect(formatPrice(39000, 'KRW', 'ko-KR')).toBe('₩39,000');
    expect(plain(formatPrice(250000, 'VND', 'vi-VN'))).toBe('250.000 ₫');
    expect(plain(formatPrice(150000, 'IDR', 'id-ID'))).toBe('Rp 150.000');
    expect(plain(formatPrice(2290, 'EUR', 'de-DE'))).toBe('22,90 €');
    expect(formatPrice(99900, 'THB', 'th-TH')).toBe('฿999.00');
    expect(plain(formatPrice(12990, 'BRL', 'pt-BR'))).toBe('R$ 129,90');
    expect(formatMoney(1980, 'JPY', 'JP')).toBe('￥1,980');
  });

  it('writes Saudi and Emirati prices with Western digits, as their shoppers read them', () => {
    expect(plain(formatPrice(14950, 'SAR', 'ar-SA'))).toMatch(/^149\.50 ر\.س\.$/);
    expect(plain(formatPrice(14950, 'AED', 'ar-AE'))).toMatch(/^149\.50 د\.إ\.$/);
    expect(formatPrice(14950, 'SAR', 'ar-SA')).not.toMatch(/[٠-٩]/);
  });

  it('reads prices as people type them, honouring the currency digits', () => {
    expect(parsePriceText('¥1,980', 'JPY', 'ja-JP')).toBe(1980);
    expect(parsePriceText('1980', 'JPY')).toBe(1980);
    expect(parsePriceText('₫250.000', 'VND', 'vi-VN')).toBe(250000);
    expect(parsePriceText('250.000 ₫', 'VND', 'vi-VN')).toBe(250000);
    expect(parsePriceText('Rp 150.000', 'IDR', 'id-ID')).toBe(150000);
    expect(parsePriceText('₩39,000', 'KRW', 'ko-KR')).toBe(39000);
    expect(parsePriceText('22,90 €', 'EUR', 'de-DE')).toBe(2290);
    expect(parsePriceText('22.90', 'EUR', 'de-DE')).toBe(2290);
    expect(parsePriceText('1.980,50', 'EUR', 'de-DE')).toBe(198050);
    expect(parsePriceText('1 980,50', 'EUR', 'fr-FR')).toBe(198050);
    expect(parsePriceText('$1,980.50', 'USD', 'en-US')).toBe(198050);
    expect(parsePriceText('R$ 129,90', 'BRL', 'pt-BR')).toBe(12990);
    expect(parsePriceText('١٤٩٫٥٠', 'SAR', 'ar-SA')).toBe(14950);
  });

  it('refuses decimals a currency does not have, and what is not a price', () => {
    expect(parsePriceText('1980.5', 'JPY', 'ja-JP')).toEqual({ code: 'price_decimals', params: { value: '1980.5', decimals: 1, currency: 'JPY', digits: 0 } });
    expect(parsePriceText('19,80', 'KRW', 'ko-KR')).toMatchObject({ code: 'price_decimals', params: { digits: 0 } });
    expect(parsePriceText('22,905', 'EUR', 'de-DE')).toMatchObject({ code: 'price_decimals', params: { decimals: 3, digits: 2 } });
    expect(parsePriceText('twelve', 'USD')).toMatchObject({ code: 'price_not_number' });
    expect(parsePriceText('-5', 'USD')).toMatchObject({ code: 'price_not_number' });
    expect(parsePriceText('1.98.0', 'JPY')).toMatchObject({ code: 'price_not_number' });
    // In a spreadsheet, decimals take a dot; a decimal comma gets a hint instead of a guess.
    expect(parseMajorAmount('24,99', 'USD')).toMatchObject({ code: 'price_comma', params: { suggestion: '24.99' } });
    expect(parseMajorAmount('1,980', 'JPY')).toBe(1980);
    expect(parseMajorAmount('250.000', 'VND')).toBe(250000);
    expect(parseMajorAmount('1980.50', 'JPY')).toMatchObject({ code: 'price_decimals' });
  });
});

describe('VAT-inclusive prices', () => {
  it('has a standard rate with its valid-from date and source for every market that has one', () => {
    for (const [market, periods] of Object.entries(vatRates)) {
      for (const p of periods) {
        expect(p.validFrom, market).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(p.source.length, market).toBeGreaterThan(5);
        expect(p.rate).toBeGreaterThanOrEqual(0);
      }
      expect([...periods].map((p) => p.validFrom), `${market} oldest first`).toEqual([...periods].map((p) => p.validFrom).sort());
    }
    expect(Object.fromEntries(['DE', 'FR', 'ES', 'IT', 'NL', 'GB', 'JP', 'KR', 'SG', 'SA', 'AE', 'ID', 'VN', 'TH', 'PH', 'MX', 'CN'].map((m) => [m, vatRateOn(m, now)]))).toEqual({
      DE: 19, FR: 20, ES: 21, IT: 22, NL: 21, GB: 20, JP: 10, KR: 10, SG: 9, SA: 15, AE: 5, ID: 11, VN: 8, TH: 7, PH: 12, MX: 16, CN: 13,
    });
    expect(vatRateOn('US', now)).toBeNull();
    expect(vatRateOn('BR', now)).toBeNull();
  });

  it('applies the rate of the day: rate changes take effect from their valid-from date', () => {
    expect(vatRateOn('DE', day('2020-06-30'))).toBe(19);
    expect(vatRateOn('DE', day('2020-07-01'))).toBe(16);
    expect(vatRateOn('DE', day('2021-01-01'))).toBe(19);
    expect(vatRateOn('SA', day('2020-06-30'))).toBe(5);
    expect(vatRateOn('SA', day('2020-07-01'))).toBe(15);
    expect(vatRateOn('SG', day('2023-12-31'))).toBe(8);
    expect(vatRateOn('SG', day('2024-01-01'))).toBe(9);
    expect(vatRateOn('VN', day('2027-01-01'))).toBe(10);
  });

  it('shows a net price gross where the market requires it, and says so', () => {
    expect(grossOf(1924, 19)).toBe(2290);
    expect(grossOf(1000, 5.5)).toBe(1055);
    expect(shownPrice({ market: 'DE', amountMinor: 1924, taxInclusive: false }, now)).toEqual({ amountMinor: 2290, vatRate: 19, taxName: 'MwSt.' });
    expect(shownPrice({ market: 'DE', amountMinor: 2290, taxInclusive: true }, now)).toEqual({ amountMinor: 2290, vatRate: 19, taxName: 'MwSt.' });
    // A reduced rate set on the product (food in DE) wins over the standard one.
    expect(shownPrice({ market: 'DE', amountMinor: 2000, taxInclusive: false, vatRate: 7 }, now)).toMatchObject({ amountMinor: 2140, vatRate: 7 });
    expect(shownPrice({ market: 'JP', amountMinor: 1800, taxInclusive: false }, now)).toEqual({ amountMinor: 1980, vatRate: 10, taxName: '税' });
    expect(shownPrice({ market: 'GB', amountMinor: 1000, taxInclusive: false }, day('2026-01-01')).amountMinor).toBe(1200);
    // The US shows prices before sales tax: the amount as entered, with no tax words.
    expect(shownPrice({ market: 'US', amountMinor: 2499, taxInclusive: false }, now)).toEqual({ amountMinor: 2499, vatRate: null, taxName: null });
    // China includes VAT in the price tag without a label.
    expect(shownPrice({ market: 'CN', amountMinor: 12800, taxInclusive: true }, now)).toEqual({ amountMinor: 12800, vatRate: 13, taxName: null });
  });

  it('refuses a VAT rate out of range and a net price where no rate is known', () => {
    const bad = marketPrice.safeParse({ market: 'DE', currency: 'EUR', amountMinor: 100, taxInclusive: false, vatRate: 45 });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['vatRate'], message: expect.stringContaining('from 0 to 30') });
    expect(marketPrice.safeParse({ market: 'FR', currency: 'EUR', amountMinor: 100, taxInclusive: false, vatRate: 5.5 }).success).toBe(true);
    expect(marketPrice.safeParse({ market: 'FR', currency: 'EUR', amountMinor: 100, taxInclusive: false, vatRate: 2.1 }).success).toBe(true);
    const br = productInput.safeParse({ sku: 'A', name: { en: 'A' }, prices: [{ market: 'BR', currency: 'BRL', amountMinor: 100, taxInclusive: false }] });
    expect(br.error?.issues[0]).toMatchObject({ path: ['prices', 0, 'taxInclusive'], message: expect.stringContaining('enter the price viewers pay') });
    const jpy = marketPrice.safeParse({ market: 'JP', currency: 'JPY', amountMinor: 1980.5, taxInclusive: true });
    expect(jpy.error?.issues[0]).toMatchObject({ path: ['amountMinor'], message: expect.stringContaining('¥1,980 is 1980') });
  });
});

describe('unit price', () => {
  it('is per kg, per l or per piece, in EU markets and GB only', () => {
    expect(unitPriceOf(2290, { amount: 100, unit: 'g' }, 'DE')).toEqual({ amountMinor: 22900, per: 'kg' });
    expect(unitPriceOf(1290, { amount: 350, unit: 'ml' }, 'FR')).toEqual({ amountMinor: 3686, per: 'l' });
    expect(unitPriceOf(2390, { amount: 1, unit: 'kg' }, 'IT')).toEqual({ amountMinor: 2390, per: 'kg' });
    expect(unitPriceOf(1200, { amount: 6, unit: 'piece' }, 'GB')).toEqual({ amountMinor: 200, per: 'piece' });
    expect(unitPriceOf(1200, { amount: 1, unit: 'piece' }, 'NL')).toBeNull();
    expect(unitPriceOf(2499, { amount: 100, unit: 'g' }, 'US')).toBeNull();
    expect(unitPriceOf(2290, undefined, 'DE')).toBeNull();
  });
});

describe('delivery time', () => {
  it('is written in the card language from the days', () => {
    expect(deliveryText(en, { min: 5, max: 8 }, undefined)).toBe('Delivery in 5–8 days');
    expect(deliveryText(de, { min: 5, max: 8 }, '5-8 Tage')).toBe('Lieferung in 5–8 Tagen');
    expect(deliveryText(zhCN, { min: 2, max: 3 }, undefined)).toBe('预计 2–3 天送达');
    expect(deliveryText(en, { min: 3, max: 3 }, undefined)).toBe('Delivery in 3 days');
    expect(deliveryText(en, { min: 1, max: 1 }, undefined)).toBe('Delivery in 1 day');
    expect(deliveryText(de, undefined, '5-8 Tage')).toBe('Lieferzeit: 5-8 Tage');
    expect(deliveryText(en, undefined, undefined)).toBeNull();
  });

  it('refuses a minimum after the maximum, and parts of days', () => {
    const bad = marketPrice.safeParse({ market: 'DE', currency: 'EUR', amountMinor: 100, taxInclusive: true, deliveryDays: { min: 8, max: 5 } });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['deliveryDays', 'max'], message: expect.stringContaining('must not be after') });
    const half = marketPrice.safeParse({ market: 'DE', currency: 'EUR', amountMinor: 100, taxInclusive: true, deliveryDays: { min: 1.5, max: 5 } });
    expect(half.error?.issues[0]).toMatchObject({ path: ['deliveryDays', 'min'], message: expect.stringContaining('whole days') });
  });
});

describe('prices typed with a currency sign', () => {
  it('says a yen price with a decimal part has decimals JPY does not have', () => {
    expect(parsePriceText('¥1,980.5', 'JPY', 'ja-JP')).toMatchObject({ code: 'price_decimals', params: { decimals: 1, digits: 0 } });
    expect(parsePriceText('250,000', 'VND', 'vi-VN')).toBe(250000);
    expect(parsePriceText('1.980.000', 'VND', 'vi-VN')).toBe(1980000);
  });
});
