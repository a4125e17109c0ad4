/**
 * How many minor units a currency has: amounts are stored as integers of 1/10^digits of the currency
 * (2499 USD = $24.99, 1980 JPY = ¥1,980). Fixed here for every currency a market of the app prices in, so the
 * host (Node's ICU) and the UI (the browser's ICU) never disagree; other codes ask Intl.
 */
const fixedDigits: Readonly<Record<string, number>> = {
  USD: 2,
  GBP: 2,
  EUR: 2,
  CNY: 2,
  MXN: 2,
  // ISO 4217 gives the rupiah 2 decimals, but no sen circulates and no Indonesian shop shows them (CLDR: 0).
  IDR: 0,
  // ISO 4217: the dong has no minor unit in use.
  VND: 0,
  THB: 2,
  MYR: 2,
  PHP: 2,
  SGD: 2,
  // ISO 4217: yen and won have no minor unit.
  JPY: 0,
  KRW: 0,
  SAR: 2,
  AED: 2,
  BRL: 2,
};

const asked = new Map<string, number | null>();

/** Decimal places of a currency (2 for USD, 0 for JPY); null for a code Intl does not know. */
export function minorDigitsOf(currency: string): number | null {
  const code = currency.toUpperCase();
  const fixed = fixedDigits[code];
  if (fixed !== undefined) return fixed;
  if (asked.has(code)) return asked.get(code)!;
  let digits: number | null;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = null;
  }
  asked.set(code, digits);
  return digits;
}
