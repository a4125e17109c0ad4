import type { ChatAmount, ChatMessage } from '../../../../electron/shared/contract/audience';

/** A paid comment's amount in its currency, as the UI language writes it ("US$5.00", "¥500", "100 Bits"). */
export function formatAmount(amount: ChatAmount, locale: string, bitsLabel: (count: number) => string): string {
  const value = amount.amountMinor / 10 ** amount.minorDigits;
  if (amount.currency === 'BIT') return bitsLabel(value);
  try {
    const key = `${locale} ${amount.currency} ${amount.minorDigits}`;
    let format = currencies.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: amount.currency,
        minimumFractionDigits: amount.minorDigits,
        maximumFractionDigits: amount.minorDigits,
      });
      currencies.set(key, format);
    }
    return format.format(value);
  } catch {
    // A code Intl does not know: the figure and the code, still readable.
    return `${value.toFixed(amount.minorDigits)} ${amount.currency}`;
  }
}

/** The platforms the dock has its own badge for; any other (a bridge's `instagram`...) gets a neutral one. */
const knownBadges: Record<string, string> = { youtube: 'YouTube', twitch: 'Twitch', tiktok: 'TikTok' };

export function platformBadge(platform: string): { label: string; className: string } {
  const known = knownBadges[platform];
  return known
    ? { label: known, className: `chat-badge chat-badge-${platform}` }
    : { label: platform.charAt(0).toUpperCase() + platform.slice(1), className: 'chat-badge chat-badge-other' };
}

// Formatters are costly to build and rows are drawn many times a second: one per locale (and currency).
const clocks = new Map<string, Intl.DateTimeFormat>();
const currencies = new Map<string, Intl.NumberFormat>();

export function timeOfDay(at: number, locale: string): string {
  let clock = clocks.get(locale);
  if (!clock) clocks.set(locale, (clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })));
  return clock.format(at);
}

/**
 * The question queue: questions and starred comments, not hidden; open ones first, oldest first (the
 * order they were asked), then the answered ones, newest first.
 */
export function questionQueue(messages: readonly ChatMessage[], keep: (m: ChatMessage) => boolean): ChatMessage[] {
  const open: ChatMessage[] = [];
  const answered: ChatMessage[] = [];
  for (const m of messages) {
    if ((!m.question && !m.starred) || m.hidden || !keep(m)) continue;
    (m.answered ? answered : open).push(m);
  }
  return [...open, ...answered.reverse()];
}
