import { minorDigitsOf } from './currency-digits';
import { formatPrice, markets, numberLocale } from './markets';

/**
 * Money as the whole app writes it. Amounts are integers in minor units (cents, fen); the market decides
 * how they look to people (45,80 € in DE, $45.80 in the US), as on the product cards.
 */

/** Decimal places of a currency (2 for USD, 0 for JPY), from Intl; null for an unknown code. */
export function currencyDigits(currency: string): number | null {
  return minorDigitsOf(currency);
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
    return new Intl.NumberFormat(numberLocale(currencyLocale(money.currency, readerLocale)), {
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

/** Why a text is not an amount: a code the UI says in its language (catalog `issue.<code>`), with its parameters. */
export type AmountProblem = {
  code: 'price_comma' | 'price_not_number' | 'price_decimals' | 'price_too_large';
  params: Record<string, string | number>;
};

const currencyMarks = new Map<string, string[]>();
/** What a price may carry around its number: the code, the symbol and the local sign (¥, ₫, Rp, RM, R$, ر.س.). */
function marksOf(currency: string, locale: string): string[] {
  const key = `${currency}|${locale}`;
  let marks = currencyMarks.get(key);
  if (!marks) {
    const found = new Set<string>([currency]);
    for (const l of new Set([locale, 'en'])) {
      for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
        try {
          const part = new Intl.NumberFormat(l, { style: 'currency', currency, currencyDisplay }).formatToParts(1).find((p) => p.type === 'currency');
          if (part) found.add(part.value.replace(/[\u200e\u200f\u061c]/g, '').trim());
        } catch {
          // an unknown code has no symbol
        }
      }
    }
    // Longest first, so "R$" goes before "$".
    marks = [...found].filter((m) => m !== '').sort((a, b) => b.length - a.length);
    currencyMarks.set(key, marks);
  }
  return marks;
}

/** The locale's decimal mark ("," in de-DE and vi-VN, "." in en-US and ja-JP). */
function decimalMark(locale: string): string {
  try {
    return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
}

const groupsOk = (chunks: string[]) => /^\d{1,3}$/.test(chunks[0]!) && chunks.slice(1).every((c) => /^\d{3}$/.test(c));

/**
 * A price as people type it, in major units, to minor units of the currency, honouring its digits:
 * "¥1,980" and "1980" in JPY are 1980; "₫250.000" in VND is 250000; "22,90 €" and "22.90" in EUR are 2290;
 * "1.980,50" in de-DE is 198050. A separator followed by exactly three digits is read as grouping unless it is
 * the locale's decimal mark; a currency without minor units takes no decimals ("1980.5" JPY is refused).
 * Arabic-Indic digits are read too. Returns what is wrong instead of a number, for a clear message.
 */
export function parsePriceText(text: string, currency: string, locale = 'en'): number | AmountProblem {
  const code = currency.toUpperCase();
  const digits = currencyDigits(code) ?? 2;
  let rest = text
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/[\u200e\u200f\u061c]/g, '');
  for (const mark of marksOf(code, locale)) rest = rest.split(mark).join(' ');
  rest = rest.replace(/\p{Sc}/gu, ' ').trim();
  // Spaces and apostrophes only ever group digits (fr-FR "1 980,50", de-CH "1'980.50").
  const compact = rest.replace(/(?<=\d)[\s'’](?=\d)/g, '');
  if (!/^[\d.,]+$/.test(compact) || !/\d/.test(compact) || /^[.,]|[.,]$/.test(compact)) return { code: 'price_not_number', params: { value: text } };

  const marks = [...compact.matchAll(/[.,]/g)].map((m) => m[0]);
  let whole = compact;
  let fraction = '';
  if (marks.length > 0) {
    const last = compact.search(/[.,][^.,]*$/);
    const lastMark = compact[last]!;
    const after = compact.slice(last + 1);
    const kinds = new Set(marks);
    // The last mark is the decimal one when both kinds appear, or when it appears once and is not a group of three
    // (or is the locale's own decimal mark); else every mark groups digits.
    // A currency without minor units reads a single mark before three digits as grouping ("250.000" VND), and
    // any other decimal part as decimals it does not have.
    const decimalAtEnd = kinds.size === 2 || (marks.length === 1 && (after.length !== 3 || (digits > 0 && lastMark === decimalMark(locale))));
    if (decimalAtEnd) {
      whole = compact.slice(0, last);
      fraction = after;
      const groupMark = kinds.size === 2 ? marks.find((m) => m !== lastMark)! : null;
      if ((groupMark && !groupsOk(whole.split(groupMark))) || /[.,]/.test(groupMark ? whole.split(groupMark).join('') : whole)) {
        return { code: 'price_not_number', params: { value: text } };
      }
      whole = groupMark ? whole.split(groupMark).join('') : whole;
    } else {
      const chunks = compact.split(/[.,]/);
      if (groupsOk(chunks)) whole = chunks.join('');
      else return { code: 'price_not_number', params: { value: text } };
    }
  }
  if (fraction.length > digits) return { code: 'price_decimals', params: { value: text, decimals: fraction.length, currency: code, digits } };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { code: 'price_too_large', params: { value: text } };
  return minor;
}
