/** Decimal places of a currency (2 for USD, 0 for JPY), from Intl; null for an unknown code. */
export function currencyDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null;
  }
}

/**
 * "24.99" in USD -> 2499. Returns an explanation instead of a number when the text is not a plain
 * amount, so an import can tell the user exactly what to fix.
 */
export function parseMajorAmount(text: string, currency: string): number | string {
  const digits = currencyDigits(currency) ?? 2;
  const trimmed = text.trim();
  if (/^\d+,\d+$/.test(trimmed)) return `"${text}" uses a comma: write the price with a dot, such as ${trimmed.replace(',', '.')}.`;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return `"${text}" is not a price: write a plain number such as 24.99 (no currency sign, no minus).`;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return `"${text}" has ${fraction.length} decimals; ${currency} has ${digits}.`;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return `"${text}" is too large.`;
  return minor;
}

/** 2499 USD -> "24.99" (no grouping, no symbol: for files). */
export function formatMinorPlain(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  if (digits === 0) return String(amountMinor);
  const whole = Math.floor(amountMinor / 10 ** digits);
  const fraction = String(amountMinor % 10 ** digits).padStart(digits, '0');
  return `${whole}.${fraction}`;
}
