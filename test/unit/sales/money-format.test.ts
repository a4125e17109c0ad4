import { describe, expect, it } from 'vitest';
import { currencyLocale, formatAmount } from '../../../electron/shared/money';

/** Intl separates some amounts from their symbol with a no-break space: compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('amounts in the sales panel and the review', () => {
  it('writes JPY and KRW without decimals, in their own locales', () => {
    expect(formatAmount({ currency: 'JPY', amountMinor: 1200, minorDigits: 0 }, 'en')).toBe('￥1,200');
    expect(formatAmount({ currency: 'KRW', amountMinor: 15000, minorDigits: 0 }, 'en')).toBe('₩15,000');
  });

  it('writes USD and EUR with two decimals, as their markets write them', () => {
    expect(formatAmount({ currency: 'USD', amountMinor: 2499, minorDigits: 2 }, 'zh-CN')).toBe('$24.99');
    expect(plain(formatAmount({ currency: 'EUR', amountMinor: 123450, minorDigits: 2 }, 'en'))).toBe('1.234,50 €');
  });

  it('takes the decimals the host sends, not a guess: 2499 minor units with 2 digits are 24.99 whatever the code', () => {
    expect(formatAmount({ currency: 'USD', amountMinor: 5, minorDigits: 2 }, 'en')).toBe('$0.05');
    expect(formatAmount({ currency: 'KWD', amountMinor: 1234, minorDigits: 3 }, 'en')).toMatch(/1\.234/);
  });

  it('writes a currency Intl does not know plainly instead of failing', () => {
    expect(formatAmount({ currency: 'XY1', amountMinor: 1250, minorDigits: 2 }, 'en')).toBe('12.50 XY1');
  });

  it('picks a market\'s locale first, then the currency\'s country, then the reader\'s', () => {
    expect(currencyLocale('EUR', 'en')).toBe('de-DE');
    expect(currencyLocale('jpy', 'en')).toBe('ja-JP');
    expect(currencyLocale('ZAR', 'zh-CN')).toBe('zh-CN');
  });
});
