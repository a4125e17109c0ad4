import { minorDigitsOf } from './currency-digits';
import { vatRates, type VatPeriod } from './vat-rates';

/**
 * Viewer markets: where a broadcast sells. The market decides currency, number formatting, the language
 * its viewers read, and consumer-law rules (the EU's 30-day lowest-price rule for announced reductions,
 * VAT-inclusive prices, unit prices).
 */
export interface MarketInfo {
  readonly code: string;
  readonly currency: string;
  /** Locale used with Intl to format prices and numbers for viewers of this market. */
  readonly locale: string;
  /** The content language products and cards default to for this market (a language tag as product texts are keyed). */
  readonly language: string;
  /** Digits viewers expect when the locale's default is another script (see the Arabic markets). */
  readonly numberingSystem?: 'latn';
  readonly eu: boolean;
  /**
   * Prices shown to consumers must include the consumption tax (VAT, GST, IVA...): the card shows the gross
   * price and says so. False where prices are shown before a tax added at checkout (US sales tax).
   */
  readonly grossPrices: boolean;
  /** The tax's name in the market's language, as the card says "incl. {{tax}}"; null when the card says nothing. */
  readonly taxName: string | null;
  /** A unit price (per kg, per l, per piece) must be shown beside the selling price. */
  readonly unitPrice: boolean;
}

/*
 * Where the display rules come from (see also vat-rates.ts for the rates):
 * - EU: Directive 98/6/EC (Price Indication) Art. 3-4: selling price and unit price, the selling price being the
 *   final price including VAT; DE PAngV §3 and §4 (unit price per 1 kg / 1 l), §6 distance selling: say that the
 *   price includes VAT ("inkl. MwSt.").
 * - GB: Price Marking Order 2004 (selling price including VAT, unit price for goods sold by quantity); DMCC Act
 *   2024 s.230: every price shown is the total price.
 * - JP: Consumption Tax Act Art. 63 (総額表示, total-price display, mandatory from 1 Apr 2021).
 * - KR: Price Display Regulation (가격표시제 실시요령): consumer prices include VAT.
 * - SG: IRAS price display rule for GST-registered businesses: GST-inclusive prices only.
 * - CN: 明码标价和禁止价格欺诈规定 (SAMR Order 56): the price tag is the price paid; VAT is included.
 * - MX: Ley Federal de Protección al Consumidor Art. 7 Bis: the total price including taxes.
 * - ID, VN, TH, PH, SA, AE: consumer protection rules (UU 8/1999; Law 19/2023; Consumer Protection Act B.E. 2522;
 *   RA 7394 Art. 81; KSA VAT Implementing Regulations Art. 59(7); UAE Federal Decree-Law 8/2017 Art. 40) make the
 *   shown price the price including VAT.
 * - BR: CDC (Lei 8.078/1990) Art. 31: the final price; ICMS/IPI/PIS/COFINS are embedded with no single rate, so
 *   the entered price is the final one and the card names no tax.
 * - MY: Sales and Service Tax is a single-stage tax inside the seller's price, not a retail VAT: no label.
 * - US: sales tax varies by state and is added at checkout: prices are shown before tax.
 */
export const markets = {
  US: { code: 'US', currency: 'USD', locale: 'en-US', language: 'en', eu: false, grossPrices: false, taxName: null, unitPrice: false },
  GB: { code: 'GB', currency: 'GBP', locale: 'en-GB', language: 'en', eu: false, grossPrices: true, taxName: 'VAT', unitPrice: true },
  DE: { code: 'DE', currency: 'EUR', locale: 'de-DE', language: 'de', eu: true, grossPrices: true, taxName: 'MwSt.', unitPrice: true },
  FR: { code: 'FR', currency: 'EUR', locale: 'fr-FR', language: 'fr', eu: true, grossPrices: true, taxName: 'TVA', unitPrice: true },
  ES: { code: 'ES', currency: 'EUR', locale: 'es-ES', language: 'es', eu: true, grossPrices: true, taxName: 'IVA', unitPrice: true },
  IT: { code: 'IT', currency: 'EUR', locale: 'it-IT', language: 'it', eu: true, grossPrices: true, taxName: 'IVA', unitPrice: true },
  NL: { code: 'NL', currency: 'EUR', locale: 'nl-NL', language: 'nl', eu: true, grossPrices: true, taxName: 'btw', unitPrice: true },
  CN: { code: 'CN', currency: 'CNY', locale: 'zh-CN', language: 'zh-CN', eu: false, grossPrices: true, taxName: null, unitPrice: false },
  MX: { code: 'MX', currency: 'MXN', locale: 'es-MX', language: 'es', eu: false, grossPrices: true, taxName: 'IVA', unitPrice: false },
  // The Southeast Asian TikTok Shop markets.
  ID: { code: 'ID', currency: 'IDR', locale: 'id-ID', language: 'id', eu: false, grossPrices: true, taxName: 'PPN', unitPrice: false },
  VN: { code: 'VN', currency: 'VND', locale: 'vi-VN', language: 'vi', eu: false, grossPrices: true, taxName: 'VAT', unitPrice: false },
  TH: { code: 'TH', currency: 'THB', locale: 'th-TH', language: 'th', eu: false, grossPrices: true, taxName: 'VAT', unitPrice: false },
  MY: { code: 'MY', currency: 'MYR', locale: 'ms-MY', language: 'ms', eu: false, grossPrices: true, taxName: null, unitPrice: false },
  // Listings in the Philippines and Singapore are in English (Filipino and Chinese live talk use the script's own language).
  PH: { code: 'PH', currency: 'PHP', locale: 'en-PH', language: 'en', eu: false, grossPrices: true, taxName: 'VAT', unitPrice: false },
  SG: { code: 'SG', currency: 'SGD', locale: 'en-SG', language: 'en', eu: false, grossPrices: true, taxName: 'GST', unitPrice: false },
  JP: { code: 'JP', currency: 'JPY', locale: 'ja-JP', language: 'ja', eu: false, grossPrices: true, taxName: '税', unitPrice: false },
  KR: { code: 'KR', currency: 'KRW', locale: 'ko-KR', language: 'ko', eu: false, grossPrices: true, taxName: '부가세', unitPrice: false },
  // Arabic markets: Intl writes ar-SA with Arabic-Indic digits (١٬٩٨٠) by default and ar-AE with Western ones.
  // Shoppers in both read prices in Western digits: the marketplaces they buy on (Amazon.sa/.ae, Noon, TikTok
  // Shop) and receipts print them that way, and a mixed-digit overlay would look foreign. So both use latn.
  SA: { code: 'SA', currency: 'SAR', locale: 'ar-SA', language: 'ar', numberingSystem: 'latn', eu: false, grossPrices: true, taxName: 'ضريبة القيمة المضافة', unitPrice: false },
  AE: { code: 'AE', currency: 'AED', locale: 'ar-AE', language: 'ar', numberingSystem: 'latn', eu: false, grossPrices: true, taxName: 'ضريبة القيمة المضافة', unitPrice: false },
  BR: { code: 'BR', currency: 'BRL', locale: 'pt-BR', language: 'pt-BR', eu: false, grossPrices: true, taxName: null, unitPrice: false },
} as const satisfies Record<string, MarketInfo>;

export type MarketCode = keyof typeof markets;
export const marketCodes = Object.keys(markets) as MarketCode[];

/** A market the app knows, by its code (any case); undefined for others. */
export function marketInfo(market: string): MarketInfo | undefined {
  return (markets as Record<string, MarketInfo>)[market.toUpperCase()];
}

/** The VAT periods of a market, oldest first (empty for a market whose prices carry no single rate). */
export function vatPeriodsOf(market: string): readonly VatPeriod[] {
  return vatRates[market.toUpperCase()] ?? [];
}

/** The standard VAT rate (percent) in force in a market on a day; null when the market has none. */
export function vatRateOn(market: string, at: number): number | null {
  const day = new Date(at).toISOString().slice(0, 10);
  let rate: number | null = null;
  for (const period of vatPeriodsOf(market)) if (period.validFrom <= day) rate = period.rate;
  return rate;
}

/** Formats an amount in minor units (cents, fen) for a market, with the currency's own decimals. */
export function formatPrice(amountMinor: number, currency: string, locale: string): string {
  const format = priceFormat(locale, currency);
  return format.number.format(amountMinor / 10 ** format.digits);
}

const numberingByLocale = new Map<string, string>(
  Object.values(markets as Record<string, MarketInfo>)
    .filter((m) => m.numberingSystem)
    .map((m) => [m.locale, m.numberingSystem!]),
);

/** The locale with the digits its market's viewers expect (ar-SA -> ar-SA-u-nu-latn). */
export function numberLocale(locale: string): string {
  const numbering = numberingByLocale.get(locale);
  return numbering ? `${locale}-u-nu-${numbering}` : locale;
}

const priceFormats = new Map<string, { number: Intl.NumberFormat; digits: number }>();
/** Building a number format costs far more than using one (each card, each announcement): once per locale and currency. */
function priceFormat(locale: string, currency: string): { number: Intl.NumberFormat; digits: number } {
  const key = `${locale}|${currency}`;
  let format = priceFormats.get(key);
  if (!format) {
    const known = minorDigitsOf(currency);
    const digits = known ?? 2;
    // The fixed digits of the app's currencies, so every screen writes the same amount the same way.
    const number = new Intl.NumberFormat(numberLocale(locale), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    format = { number, digits };
    priceFormats.set(key, format);
  }
  return format;
}
