import { currencyDigits } from '../../../shared/money';

// Shared with the renderer and the session export: the one place money is formatted.
export { currencyDigits, formatMinorPlain } from '../../../shared/money';

/** Why a text is not an amount: an import issue code with its parameters (see import-issues.ts). */
export type AmountProblem = { code: 'price_comma' | 'price_not_number' | 'price_decimals' | 'price_too_large'; params: Record<string, string | number> };

/**
 * "24.99" in USD -> 2499. Returns what is wrong instead of a number when the text is not a plain
 * amount, so an import can tell the user exactly what to fix.
 */
export function parseMajorAmount(text: string, currency: string): number | AmountProblem {
  const digits = currencyDigits(currency) ?? 2;
  const trimmed = text.trim();
  if (/^\d+,\d+$/.test(trimmed)) return { code: 'price_comma', params: { value: text, suggestion: trimmed.replace(',', '.') } };
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return { code: 'price_not_number', params: { value: text } };
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return { code: 'price_decimals', params: { value: text, decimals: fraction.length, currency, digits } };
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { code: 'price_too_large', params: { value: text } };
  return minor;
}
