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
