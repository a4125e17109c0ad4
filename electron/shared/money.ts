import { formatPrice, markets } from './markets';

/**
 * Money as the whole app writes it. Amounts are integers in minor units (cents, fen); the market decides
 * how they look to people (45,80 € in DE, $45.80 in the US), as on the product cards.
 */

/** Decimal places of a currency (2 for USD, 0 for JPY), from Intl; null for an unknown code. */
export function currencyDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null;
  }
}

/** 2499 USD -> "24.99" (no grouping, no symbol: for files). */
export function formatMinorPlain(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  if (digits === 0) return String(amountMinor);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const whole = Math.floor(abs / 10 ** digits);
  const fraction = String(abs % 10 ** digits).padStart(digits, '0');
  return `${sign}${whole}.${fraction}`;
}

/** The locale a market's prices are written in; for an unknown market, that of a market using the currency. */
export function moneyLocale(market: string, currency: string): string {
  const known = markets[market.toUpperCase() as keyof typeof markets];
  if (known) return known.locale;
  return Object.values(markets).find((m) => m.currency === currency)?.locale ?? 'en-US';
}

/** An amount for people, written the way the market writes it (the cards' formatting). */
export function formatMoney(amountMinor: number, currency: string, market: string): string {
  try {
    return formatPrice(amountMinor, currency, moneyLocale(market, currency));
  } catch {
    return `${formatMinorPlain(amountMinor, currency)} ${currency}`;
  }
}

/**
 * Locales of currencies no market of the app prices in, which cross-border shops and their orders still use.
 * A currency found in neither list is written in the reader's locale.
 */
const otherCurrencyLocales: Readonly<Record<string, string>> = {
  JPY: 'ja-JP',
  KRW: 'ko-KR',
  CAD: 'en-CA',
  AUD: 'en-AU',
  SGD: 'en-SG',
  HKD: 'zh-HK',
  TWD: 'zh-TW',
  IDR: 'id-ID',
  VND: 'vi-VN',
  THB: 'th-TH',
  MYR: 'ms-MY',
  PHP: 'en-PH',
  BRL: 'pt-BR',
  CHF: 'de-CH',
  PLN: 'pl-PL',
  SEK: 'sv-SE',
};

/** The locale a currency is written in: that of a market pricing in it, else its own country's, else the reader's. */
export function currencyLocale(currency: string, readerLocale: string): string {
  const code = currency.toUpperCase();
  return Object.values(markets).find((m) => m.currency === code)?.locale ?? otherCurrencyLocales[code] ?? readerLocale;
}

/** An amount the host sums and sends with its currency's minor digits (the sales panel, the review). */
export interface MinorAmount {
  currency: string;
  amountMinor: number;
  /** 2 for USD and EUR, 0 for JPY and KRW: `amountMinor` is in 1/10^minorDigits of the currency. */
  minorDigits: number;
}

/**
 * An amount for people in its own currency's way: as many decimals as the host says the currency has
 * (2499 USD -> $24.99, 1200 JPY -> ￥1,200), grouped and placed as that currency's locale writes it.
 * A code Intl does not know (a shop's typo) is written plainly: "12.50 XYZ".
 */
export function formatAmount(money: MinorAmount, readerLocale: string): string {
  const digits = Math.max(0, Math.min(3, money.minorDigits));
  const value = money.amountMinor / 10 ** digits;
  try {
    return new Intl.NumberFormat(currencyLocale(money.currency, readerLocale), {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${money.currency}`;
  }
}

/** An amount for files with the host's minor digits: 2499 with 2 digits -> "24.99", 1200 with 0 -> "1200". */
export function plainAmount(money: MinorAmount): string {
  const digits = Math.max(0, Math.min(3, money.minorDigits));
  if (digits === 0) return String(money.amountMinor);
  const sign = money.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(money.amountMinor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, '0')}`;
}
