import { currencyDigits, parsePriceText, type AmountProblem } from '../../../shared/money';

// Shared with the renderer and the session export: the one place money is formatted and read.
export { currencyDigits, formatMinorPlain, type AmountProblem } from '../../../shared/money';

/**
 * A spreadsheet cell to minor units: "24.99" in USD -> 2499, "1,980" or "¥1980" in JPY -> 1980, "250.000" in
 * VND -> 250000. Decimals are written with a dot (as the export writes them), so "24,99" gets a hint to write
 * 24.99 instead of being guessed. Returns what is wrong instead of a number, so an import can say what to fix.
 */
export function parseMajorAmount(text: string, currency: string): number | AmountProblem {
  const digits = currencyDigits(currency) ?? 2;
  const trimmed = text.trim();
  if (digits > 0 && /^\d+,\d{1,2}$/.test(trimmed)) return { code: 'price_comma', params: { value: text, suggestion: trimmed.replace(',', '.') } };
  if (/^-/.test(trimmed)) return { code: 'price_not_number', params: { value: text } };
  return parsePriceText(trimmed, currency, 'en');
}
