import { formatPrice, markets } from '../../../shared/markets';

/** How far back TikTok Shop looks for the "recent lowest price" a flash price must beat (its help centre says 14 to 30 days). */
export const recentLowestWindowMs = 30 * 24 * 3600 * 1000;

export interface FlashDealFacts {
  market: string;
  currency: string;
  leadInS: number;
  durationS: number;
  dealPriceMinor: number;
  regularPriceMinor: number;
  /** Lowest price of the last 30 days from the price history; null when there is none. */
  lowestRecentMinor: number | null;
}

export interface FlashDealViolation {
  rule: 'countdown_10_300_s' | 'duration_1_20_min' | 'below_recent_lowest';
  message: string;
}

/**
 * TikTok Shop's own flash-sale rules (seller help centre): a countdown of 10 to 300 seconds before the
 * sale, 1 to 20 minutes long, and a price below the product's recent lowest price. Checked before
 * anything is sent, so a deal TikTok would refuse is said at once, in the words of the studio's price
 * rules (cards/price-rules.ts), instead of as a platform error mid-broadcast.
 */
export function checkTikTokFlashDeal(facts: FlashDealFacts): FlashDealViolation[] {
  const locale = (markets as Record<string, { locale: string }>)[facts.market]?.locale ?? 'en-US';
  const money = (minor: number) => formatPrice(minor, facts.currency, locale);
  const violations: FlashDealViolation[] = [];
  if (facts.leadInS < 10 || facts.leadInS > 300) {
    violations.push({
      rule: 'countdown_10_300_s',
      message: `The countdown before the deal goes live is ${facts.leadInS} s: TikTok Shop flash deals need a countdown of 10 to 300 seconds.`,
    });
  }
  if (facts.durationS < 60 || facts.durationS > 1200) {
    violations.push({
      rule: 'duration_1_20_min',
      message: `The deal runs ${formatDuration(facts.durationS)}: TikTok Shop flash deals run 1 to 20 minutes.`,
    });
  }
  const lowest = facts.lowestRecentMinor === null ? facts.regularPriceMinor : Math.min(facts.lowestRecentMinor, facts.regularPriceMinor);
  if (facts.dealPriceMinor >= lowest) {
    violations.push({
      rule: 'below_recent_lowest',
      message:
        `The deal price ${money(facts.dealPriceMinor)} is not below the lowest price of the last 30 days ` +
        `(${money(lowest)}) in ${facts.market}: TikTok Shop flash deals must be below the recent lowest price.`,
    });
  }
  return violations;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
