import type { ChatAmount, ChatMessage } from '../../../../electron/shared/contract/audience';

/** A paid comment's amount in its currency, as the UI language writes it ("US$5.00", "¥500", "100 Bits"). */
export function formatAmount(amount: ChatAmount, locale: string, bitsLabel: (count: number) => string): string {
  const value = amount.amountMinor / 10 ** amount.minorDigits;
  if (amount.currency === 'BIT') return bitsLabel(value);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: amount.currency,
      minimumFractionDigits: amount.minorDigits,
      maximumFractionDigits: amount.minorDigits,
    }).format(value);
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

export function timeOfDay(at: number, locale: string): string {
  return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
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
