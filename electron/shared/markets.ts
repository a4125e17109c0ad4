/**
 * Viewer markets: where a broadcast sells. The market decides currency, number formatting and
 * consumer-law rules (for example the EU's 30-day lowest-price rule for announced reductions).
 */
export interface MarketInfo {
  readonly code: string;
  readonly currency: string;
  /** Locale used with Intl to format prices and numbers for viewers of this market. */
  readonly locale: string;
  readonly eu: boolean;
}

export const markets = {
  US: { code: 'US', currency: 'USD', locale: 'en-US', eu: false },
  GB: { code: 'GB', currency: 'GBP', locale: 'en-GB', eu: false },
  DE: { code: 'DE', currency: 'EUR', locale: 'de-DE', eu: true },
  FR: { code: 'FR', currency: 'EUR', locale: 'fr-FR', eu: true },
  ES: { code: 'ES', currency: 'EUR', locale: 'es-ES', eu: true },
  IT: { code: 'IT', currency: 'EUR', locale: 'it-IT', eu: true },
  NL: { code: 'NL', currency: 'EUR', locale: 'nl-NL', eu: true },
  CN: { code: 'CN', currency: 'CNY', locale: 'zh-CN', eu: false },
  MX: { code: 'MX', currency: 'MXN', locale: 'es-MX', eu: false },
} as const satisfies Record<string, MarketInfo>;

export type MarketCode = keyof typeof markets;
export const marketCodes = Object.keys(markets) as MarketCode[];

/** Formats an amount in minor units (cents, fen) for a market, with the currency's own decimals. */
export function formatPrice(amountMinor: number, currency: string, locale: string): string {
  const format = priceFormat(locale, currency);
  return format.number.format(amountMinor / 10 ** format.digits);
}

const priceFormats = new Map<string, { number: Intl.NumberFormat; digits: number }>();
/** Building a number format costs far more than using one (each card, each announcement): once per locale and currency. */
function priceFormat(locale: string, currency: string): { number: Intl.NumberFormat; digits: number } {
  const key = `${locale}|${currency}`;
  let format = priceFormats.get(key);
  if (!format) {
    const number = new Intl.NumberFormat(locale, { style: 'currency', currency });
    format = { number, digits: number.resolvedOptions().maximumFractionDigits ?? 2 };
    priceFormats.set(key, format);
  }
  return format;
}
